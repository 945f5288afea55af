"""The database backend: ``SearchEntry`` rows and the ``SearchTerm`` vocabulary, queried and written.

Always on, so a search can answer when Elasticsearch is off or failing. Entries hold the same
analysed fields as the Elasticsearch document (``search/documents.py``) and their terms are in an
inverted index (``SearchPosting``: term → entries, with field weights); candidates, document
frequencies, total and facets come from it in SQL, and the few rows a page needs are ranked in
Python.
"""

import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass

from tqdm import tqdm

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, F, FloatField, IntegerField, Max, Min, Q, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest

from publication.models import Publication
from search import text
from search.backends import vocabulary
from search.documents import SearchDocument, document_id, indexed_types
from search.models import SearchEntry, SearchPosting, SearchTerm
from search.query import (
    CROSS_LANGUAGE_FACTOR,
    FACETS,
    QUERY_STOPWORDS,
    Answer,
    QueryPlan,
    QueryWord,
    SearchParams,
    coverage_factor,
    cross_language_wanted,
    entry_filters,
    facet_list,
    other_lang,
    publication_result,
    publications_shown,
    suggestion_display,
)
from search.state import analysis_recorded, ensure_current

FIELD_WEIGHTS = (("title", 6.0), ("keywords", 4.0), ("summary", 2.0), ("body", 1.0))
EXACT_WEIGHTS = (("title_exact", 3.0), ("keywords_exact", 2.0))
TITLE_FIT = 0.3
STOPWORDS = text.AR_STOPWORDS | text.EN_STOPWORDS | QUERY_STOPWORDS
# A word in more than this share (a tenth) of the entries searched finds no candidates of its own when a
# rarer word of the query finds some (BM25 would give it an idf near zero anyway), once the
# catalogue has COMMON_MIN_ENTRIES entries: below that, reading every candidate is cheap.
COMMON_SHARE = 0.1
COMMON_MIN_ENTRIES = 2000
# In a large catalogue, a word in more entries than this is common too, whatever its share: the
# rows a search reads stay bounded as the catalogue grows (issue 19, docs/scale.md).
RARE_CAP = 2000
# A query of common words only reads its BROAD_READ best entries (by impact, shared among its
# words), and its total becomes a lower bound, as Elasticsearch's is past ``track_total_hits``.
BROAD_READ = 2000
DF_CACHE_SECONDS = 600
PREFIX_COUNT_CAP = 100_000
# (term, stem weight, exact weight, lead, title, title_stem, title_words, impact): one posting.
Posting = tuple[str, float, float, bool, int, int, int, float]

# --- Reads ------------------------------------------------------------------------------------


def _options(word: QueryWord, is_last: bool) -> list[tuple[list[str], float]]:
    """What may stand for a query word in a document, with how much a match is worth."""
    options = [([word.stem], 1.0)] + [([form], 1.0) for form in word.exact_forms()]
    options += [(alt, 0.9) for alt in word.alternatives]
    # A correction is worth less than the word itself, and less the further it is.
    options += [([text.stem(c)], 0.7 if word.edits.get(c, 1) <= 1 else 0.5) for c in word.corrections]
    if is_last and len(word.exact) >= 2:
        options.append(([word.exact], 0.5))  # as a leading fragment (in ``terms``)
    return options


LIGHT = ("id", "publication_id", "type", "code", "lang", "department", "channels", "audiences")
COLUMNS = (*LIGHT, "title")
# Not ``terms`` (n-grams make it the largest column): scoring rebuilds what it needs.
COLUMNS += ("title_exact", "keywords", "keywords_exact", "summary", "body")


def _prefix(word: QueryWord, is_last: bool) -> str:
    """The last word as a leading fragment of a title or keyword word (``_options``'s last option)."""
    return word.exact if is_last and len(word.exact) >= 2 else ""


def _prefix_q(fragment: str) -> Q:
    """Postings of title and keyword words that begin with ``fragment``, as an index range."""
    if connection.vendor == "postgresql":
        return Q(lead=True, term__startswith=fragment)  # LIKE 'x%', on the varchar_pattern_ops index
    # SQLite compares text bytewise, so a range is the prefix; its LIKE ignores case and indices.
    return Q(lead=True, term__gte=fragment, term__lt=fragment + "\U0010ffff")


@dataclass
class _Unit:
    """One way a query word can be found (a stem, an exact form, a synonym, a correction, a
    prefix), with how many entries have it."""

    word: int
    tokens: tuple[str, ...] = ()
    prefix: str = ""
    df: int = 0


def _unit_postings(unit: _Unit, langs: list[str], token: str | None = None):
    """The postings that find ``unit`` (one of its tokens, or its prefix)."""
    postings = SearchPosting.objects.filter(lang__in=langs)
    if unit.prefix:
        return postings.filter(_prefix_q(unit.prefix))
    return postings.filter(term=token if token is not None else unit.tokens[0])


def _count_sql(querysets: list) -> tuple[str, list]:
    """One statement giving each sliced queryset's row count, so a word's postings are counted
    only up to the cap (``SELECT COUNT(*) FROM (… LIMIT n)``), all words in one round trip."""
    parts, params = [], []
    for n, queryset in enumerate(querysets):
        sql, args = queryset.query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS c{n})")  # noqa: S608 -- Django's own SQL
        params += args
    return "SELECT " + ", ".join(parts), params


def _units(plan: QueryPlan, langs: list[str]) -> list[_Unit]:
    """The query's units, each with its document frequency.

    Counted up to RARE_CAP, which is enough to tell a rare word from a common one; the exact
    count of a word above it (an index-only count of many postings, only in a large catalogue) is
    kept in the cache for DF_CACHE_SECONDS: idf moves little in ten minutes.
    """
    last = len(plan.words) - 1
    units = []
    for i, word in enumerate(plan.words):
        forms = {tuple(t) for t, _f in _options(word, i == last)[: -1 if _prefix(word, i == last) else None]}
        if word.exact in STOPWORDS:  # a query of stop words only is searched as typed
            forms.add((word.exact,))
        units += [_Unit(word=i, tokens=t) for t in sorted(forms)]
        if _prefix(word, i == last):
            units.append(_Unit(word=i, prefix=word.exact))
    keys = sorted({("p", u.prefix) if u.prefix else ("t", t) for u in units for t in (u.tokens or [""])})
    postings = SearchPosting.objects.filter(lang__in=langs)
    probes = [
        (postings.filter(_prefix_q(value)) if kind == "p" else postings.filter(term=value)).values("entry_id")
        for kind, value in keys
    ]
    capped = dict(zip(keys, _raw_row(*_count_sql([q[: RARE_CAP + 1] for q in probes])), strict=True))
    dfs = _exact_counts({key: probe for key, probe in zip(keys, probes, strict=True) if capped[key] > RARE_CAP}, langs)
    for key, n in capped.items():
        dfs.setdefault(key, n)
    for unit in units:
        if unit.prefix:
            unit.df = dfs[("p", unit.prefix)]
        else:
            unit.df = min(dfs[("t", t)] for t in unit.tokens)
    return units


def _exact_counts(probes: dict[tuple[str, str], object], langs: list[str]) -> dict[tuple[str, str], int]:
    """The exact posting counts of common words and prefixes, from the cache or counted (a prefix
    up to PREFIX_COUNT_CAP: "re" may begin most titles)."""
    if not probes:
        return {}
    names = {key: "search-df:" + hashlib.sha256(repr((langs, key)).encode()).hexdigest()[:32] for key in probes}
    cached = cache.get_many(list(names.values()))
    counts = {key: cached[name] for key, name in names.items() if name in cached}
    missing = [key for key in probes if key not in counts]
    if missing:
        limits = [probes[key][:PREFIX_COUNT_CAP] if key[0] == "p" else probes[key] for key in missing]
        fresh = dict(zip(missing, _raw_row(*_count_sql(limits)), strict=True))
        cache.set_many({names[key]: n for key, n in fresh.items()}, DF_CACHE_SECONDS)
        counts.update(fresh)
    return counts


def _entry_count(entries, *, key: tuple) -> int:
    """How many ``entries``: counted up to COMMON_MIN_ENTRIES, and above that (a large catalogue,
    where a share of a percent changes nothing) the count kept in the cache for DF_CACHE_SECONDS."""
    (few,) = _raw_row(*_count_sql([entries.values("pk")[: COMMON_MIN_ENTRIES + 1]]))
    if few <= COMMON_MIN_ENTRIES:
        return few
    name = "search-entries:" + hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    count = cache.get(name)
    if count is None:
        count = entries.count()
        cache.set(name, count, DF_CACHE_SECONDS)
    return count


def _raw_row(sql: str, params: list) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _candidate_ids(units: list[_Unit], langs: list[str], searched, broad: bool) -> tuple[list[int], bool]:
    """The entries that hold any of ``units`` (a multi-word synonym needs all its words).

    ``broad`` (a query of common words only, in a large catalogue): the BROAD_READ best entries
    by impact, shared among the units, instead of all of them, read in that order from the term
    index, so such a query reads a bounded number of rows whatever the catalogue's size. Also
    says whether every entry holding a unit was read.
    """
    lists = []
    if not broad:  # every entry of each unit: a union of index reads
        for unit in units:
            every = _unit_postings(unit, langs, unit.tokens[0] if unit.tokens else None)
            for token in unit.tokens[1:]:
                every = every.filter(entry__in=_unit_postings(unit, langs, token).values("entry_id"))
            lists.append(every.values("entry_id"))
    whole_words = {u.word for u in units if not u.prefix}
    completing = [u for u in units if u.prefix and u.word in whole_words]
    reading = [u for u in units if broad and u not in completing]
    # BROAD_READ entries in all, shared by the units and languages read. The completions of a
    # word typed in full add little: read only when they are few (then in full).
    share = _broad_share(len(reading) * len(langs))
    reading += [u for u in completing if broad and u.df <= share]
    for unit in reading:
        for lang in langs:
            if len(unit.tokens) > 1:  # a synonym of several words: its first word's best entries holding all
                best = _unit_postings(unit, [lang], unit.tokens[0])
                for token in unit.tokens[1:]:
                    best = best.filter(entry__in=_unit_postings(unit, [lang], token).values("entry_id"))
            elif unit.prefix:  # only a fragment found anything: its first entries in the index
                lists.append(_unit_postings(unit, [lang]).values("entry_id")[:share])
                continue
            else:
                best = _unit_postings(unit, [lang])
            lists.append(best.order_by("-impact", "entry_id").values("entry_id")[:share])
    parts, params = [], []
    for n, queryset in enumerate(lists):
        sql, args = queryset.query.sql_with_params()
        parts.append(f"SELECT entry_id FROM ({sql}) AS b{n}")  # noqa: S608 -- Django's own SQL
        params += args
    with connection.cursor() as cursor:
        cursor.execute(" UNION ".join(parts), params)
        found = [row[0] for row in cursor.fetchall()]
    complete = not broad or all(u in reading and u.df <= share for u in units)
    return list(searched.filter(_in_q("pk", found)).values_list("pk", flat=True)), complete


def _broad_share(lists: int) -> int:
    """How many entries each of a broad query's ``lists`` (a unit in a language) reads."""
    return max(BROAD_READ // max(lists, 1), min(BROAD_READ, 100))


def _in_q(field: str, values: list) -> Q:
    """``field`` in ``values``, as one parameter however many there are (an array on PostgreSQL,
    a JSON array on SQLite), so thousands of ids neither hit the parameter limit nor cost a
    placeholder each; the planner reads them as a short list and probes the indexes."""
    if len(values) <= 100:
        return Q(**{f"{field}__in": values})
    if connection.vendor == "postgresql":
        kind = "bigint" if all(isinstance(v, int) for v in values) else "text"
        return Q(**{f"{field}__in": RawSQL(f"SELECT unnest(%s::{kind}[])", [list(values)])})  # noqa: S611 -- values as a parameter
    return Q(**{f"{field}__in": RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(values))])})


def _raw(queryset) -> list[tuple]:
    """A values_list queryset's rows straight from the cursor: no per-row converters, which cost
    more than the query on thousands of postings (SQLite gives booleans as 0/1, as good here)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _filters_q(filters: dict[str, str]) -> Q:
    condition = Q()
    for name, value in filters.items():
        if name in ("type", "department"):
            condition &= Q(**{name: value})
        else:
            condition &= Q(**{f"{name}s__contains": f"|{value}|"})
    return condition


def search(*, plan: QueryPlan, params: SearchParams, want: int) -> Answer:
    """The first ``want`` results, the total, the facets and a "did you mean" suggestion.

    Ranked, not boolean: candidates match any meaningful word (of the query, its synonyms or
    its corrections), and the share of words a result matches multiplies its score. Words in
    the other language's script also search that language's entries; such matches rank at
    CROSS_LANGUAGE_FACTOR and are shown in the request's language.

    Candidates come from the postings (``SearchPosting``). In a large catalogue a word in more
    than COMMON_SHARE of the entries ("request", طلب) finds no candidates of its own while a
    rarer word of the query finds some: it still counts in the score of what they find, as
    idf would weigh it low anyway. Total and facets count the candidates in SQL (GROUP BY).
    """
    if not plan.words:
        return 0, [], facet_list({}, params.lang), None, True
    ensure_current()
    corrected = vocabulary.plan_correct(plan, params.lang)
    langs = [params.lang]
    if cross_language_wanted(plan=plan, lang=params.lang):
        langs.append(other_lang(params.lang))
    indexed = indexed_types()
    units = _units(plan, langs)
    found = [u for u in units if u.df]
    searched = SearchEntry.objects.filter(lang__in=langs, type__in=indexed)
    limit = min(COMMON_SHARE * _entry_count(searched, key=("searched", *langs, *indexed)), RARE_CAP)
    rare = [u for u in found if u.df <= limit]
    large = limit >= COMMON_SHARE * COMMON_MIN_ENTRIES
    generating = rare if rare and large else found
    broad = large and not rare
    # ``complete``: whether every entry holding a generating unit is a candidate (a broad query
    # reads only the best ones).
    ids, complete = _candidate_ids(generating, langs, searched, broad) if generating else ([], True)
    candidates = SearchEntry.objects.filter(_in_q("pk", ids))
    # The items found, each by its entry in the request's language; ``present``: those found in
    # the other language only that exist in the request's (the only ones that can be shown).
    present: set[tuple[str, str]] = set()
    if len(langs) == 1:
        items = candidates
    else:
        rows = list(candidates.values_list("pk", "type", "code", "lang"))
        own = {pk for pk, _t, _c, lang in rows if lang == params.lang}
        foreign = {(kind, code) for _pk, kind, code, lang in rows if lang != params.lang}
        translated = SearchEntry.objects.filter(
            _in_q("code", sorted({code for _k, code in foreign})), lang=params.lang, type__in=indexed
        )
        for pk, kind, code in translated.values_list("pk", "type", "code"):
            if (kind, code) in foreign:
                own.add(pk)
                present.add((kind, code))
        items = SearchEntry.objects.filter(_in_q("pk", sorted(own)))
    filters = params.filters()
    counts: dict[str, dict[str, int]] = {f: {} for f in FACETS}
    total = 0
    combos = items.values("type", "department", "channels", "audiences").annotate(n=Count("pk")).order_by()
    for combo in combos:  # one row per distinct combination of facet values, not per item
        for facet in FACETS:
            if entry_filters(combo, filters, skip=facet):
                if facet == "type":
                    keys = [combo["type"]]
                elif facet == "department":
                    keys = [combo["department"]] if combo["department"] else []
                else:
                    keys = [c for c in combo[facet + "s"].split("|") if c]
                for value in keys:
                    counts[facet][value] = counts[facet].get(value, 0) + combo["n"]
        if entry_filters(combo, filters):
            total += combo["n"]
    page = []
    if total:
        partial = {u.word for u in units if u.df and (u not in generating or not complete)}
        whole = {u.word for u in units} - partial
        page = _top(
            candidate_ids=ids,
            candidates=candidates,
            present=present,
            units=units,
            whole=whole,
            plan=plan,
            params=params,
            langs=langs,
            total_docs=max(_entry_count(SearchEntry.objects.filter(lang=params.lang), key=("lang", params.lang)), 1),
            want=want,
        )[:want]
    shown = publications_shown(lang=params.lang, keys=[(row["type"], row["code"]) for _s, row in page])
    publications = {(p.type, p.code): p for p in shown}
    results = []
    for _score, row in page:
        publication = publications.get((row["type"], row["code"]))
        if publication is not None:
            results.append(publication_result(publication=publication, plan=plan))
    suggestion = None
    if corrected:
        words = [w.corrections[0] if w.corrections else w.exact for w in plan.words]
        suggestion = suggestion_display(words=words, lang=params.lang)
    return total, results, facet_list(counts, params.lang), suggestion, complete


def _weights(row: dict) -> tuple[dict[str, float], dict[str, float]]:
    """A row's tokens with the weight of the best field holding them: stems, and exact words."""
    stems: dict[str, float] = {}
    for name, weight in reversed(FIELD_WEIGHTS):  # lightest first: heavier fields overwrite
        stems.update(dict.fromkeys(row[name].split(), weight))
    exact: dict[str, float] = {}
    for name, weight in reversed(EXACT_WEIGHTS):
        exact.update(dict.fromkeys(row[name].split(), weight + 4.0))
    return stems, exact


def _top(
    *,
    candidate_ids: list[int],
    candidates,
    present: set[tuple[str, str]],
    units: list[_Unit],
    whole: set[int],
    plan: QueryPlan,
    params: SearchParams,
    langs: list[str],
    total_docs: int,
    want: int,
) -> list[tuple[float, dict]]:
    """The ``want`` best items, exactly, scoring as few rows as it takes.

    The candidates' postings give each entry's score as ``_rank`` computes it from the text —
    the best each word's forms are worth, the coverage, the title fit (from the postings' title
    counts) — except the phrase bonus, which is added wherever every word is a title word: an
    upper bound, most often the score itself. Rows are then read and scored exactly in order of
    their bound until the ``want``-th best score is above every bound left (usually one chunk).
    """
    last = len(plan.words) - 1
    options = [_options(word, i == last) for i, word in enumerate(plan.words)]
    fragment = _prefix(plan.words[-1], True)
    tokens = sorted({t for u in units for t in u.tokens})
    # Which word (and at what factor) each single term stands for; synonyms of several words apart.
    single: dict[str, list[tuple[int, float]]] = {}
    multi: list[tuple[int, tuple[str, ...], float]] = []
    for i, word_options in enumerate(options):
        for index, (forms, factor) in enumerate(word_options):
            if fragment and i == last and index == len(word_options) - 1:
                continue  # the prefix, matched on ``lead`` postings below
            if len(forms) == 1:
                single.setdefault(forms[0], []).append((i, factor))
            else:
                multi.append((i, tuple(forms), factor))
    wanted = plan.all_stems() | {w.exact for w in plan.words}
    # A title word that is wanted and whose stem is wanted too is counted once (``_rank``).
    twice = {t for t in wanted if text.stem(t) != t and text.stem(t) in wanted}
    exact_words = {w.exact for w in plan.words}
    meta = {}  # pk -> (type, code, lang): needed only to show other-language matches
    if len(langs) > 1:
        meta = {pk: (kind, code, lang) for pk, kind, code, lang in candidates.values_list("pk", "type", "code", "lang")}
    # Per candidate, aggregated by the database (GROUP BY entry): each word's best single form
    # (the first group of the CASE that holds a term has its highest factor), each multi-word
    # synonym's terms found and their weakest weights, the prefix, and the title counts.
    best_of = Greatest(F("weight"), F("exact"))
    aggregates = {}
    for i in range(len(options)):
        by_factor: dict[float, list[str]] = {}
        for term, pairs in single.items():
            for word, factor in pairs:
                if word == i:
                    by_factor.setdefault(factor, []).append(term)
        whens = [
            When(term__in=terms, then=best_of * Value(factor))
            for factor, terms in sorted(by_factor.items(), reverse=True)
        ]
        aggregates[f"b{i}"] = (
            Max(Case(*whens, default=None, output_field=FloatField())) if whens else Value(None, FloatField())
        )
    for k, (_i, forms, _factor) in enumerate(multi):
        inside = Q(term__in=forms)
        aggregates[f"mc{k}"] = Count(Case(When(inside, then=Value(1))))
        aggregates[f"mw{k}"] = Min(Case(When(inside, then=F("weight")), output_field=FloatField()))
        aggregates[f"me{k}"] = Min(Case(When(inside, then=F("exact")), output_field=FloatField()))
    if fragment:
        aggregates["p"] = Max(Case(When(_prefix_q(fragment), then=Value(1)), default=Value(0)))
    once = sorted(wanted - twice)
    aggregates["covered"] = Sum(
        Case(
            When(term__in=once, then=F("title") + F("title_stem")),
            When(term__in=sorted(twice), then=F("title_stem")),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    aggregates["phrase"] = Sum(Case(When(term__in=sorted(exact_words), exact=7.0, then=Value(1)), default=Value(0)))
    aggregates["size"] = Max("title_words")
    condition = Q(term__in=tokens) | _prefix_q(fragment) if fragment else Q(term__in=tokens)
    grouped = (
        SearchPosting.objects.filter(condition, _in_q("entry_id", candidate_ids))
        .values("entry_id")
        .annotate(**aggregates)
        .order_by()
        .values_list("entry_id", *aggregates)
    )
    n = len(options)
    at = {name: index for index, name in enumerate(aggregates, 1)}
    found: dict[int, list] = {}  # pk -> [bests, has, title words covered, phrase words, size]
    for row in _raw(grouped):
        found_b = row[1 : 1 + n]
        bests = [v or 0.0 for v in found_b]
        has = [v is not None for v in found_b]
        for k, (i, forms, factor) in enumerate(multi):
            if row[at[f"mc{k}"]] == len(forms):
                has[i] = True
                bests[i] = max(bests[i], max(row[at[f"mw{k}"]], row[at[f"me{k}"]]) * factor)
        if fragment and row[at["p"]]:
            has[last] = True
            bests[last] = max(bests[last], 1.0)  # 2.0 × the prefix factor 0.5, as in ``_rank``
        found[row[0]] = [bests, has, row[-3] or 0, row[-2] or 0, row[-1] or 0]
    # Rarer words weigh more: document frequency over the candidates when every entry holding
    # the word is one; else (a common word that found no candidates) its postings count.
    idf = []
    for i in range(len(options)):
        if i in whole:
            df = sum(1 for state in found.values() if state[1][i])
        else:
            df = max(u.df for u in units if u.word == i)
        idf.append(math.log(1 + total_docs / (1 + df)))
    allowed = None
    if params.filters():
        allowed = set(candidates.filter(_filters_q(params.filters())).values_list("pk", flat=True))
    bonus = 3.0 * len(plan.words) if len(plan.words) > 1 else 0.0
    bounds = []
    for pk, (bests, _has, covered, phrase_words, size) in found.items():
        matched = sum(1 for b in bests if b)
        if not matched or (allowed is not None and pk not in allowed):
            continue
        kind, code, lang = meta.get(pk) or ("", "", params.lang)
        if lang != params.lang and (kind, code) not in present:
            continue  # only what exists in the request's language can be shown
        bound = sum(b * weight for b, weight in zip(bests, idf, strict=True))
        bound *= coverage_factor(matched=matched, meaningful=len(options))
        if size:
            bound *= 1 + TITLE_FIT * min(covered / size, 1.0)
        if bonus and phrase_words >= len(exact_words):
            bound += bonus
        bounds.append((bound * (1.0 if lang == params.lang else CROSS_LANGUAGE_FACTOR), pk))
    bounds.sort(key=lambda b: (-b[0], b[1]))
    best: dict[tuple[str, str], tuple[float, dict]] = {}
    chunk = max(want, 50)
    for start in range(0, len(bounds), chunk):
        if len(best) >= want:
            floor = sorted((s for s, _r in best.values()), reverse=True)[want - 1]
            if floor >= bounds[start][0] * (1 - 1e-9):
                break
        ids = [pk for _b, pk in bounds[start : start + chunk]]
        part = list(SearchEntry.objects.filter(pk__in=ids).values(*COLUMNS))
        for score, row in _rank(rows=part, plan=plan, total_docs=total_docs, idf=idf):
            score *= 1.0 if row["lang"] == params.lang else CROSS_LANGUAGE_FACTOR
            key = (row["type"], row["code"])
            if key not in best or score > best[key][0]:
                best[key] = (score, row)
    return sorted(best.values(), key=lambda sr: (-sr[0], sr[1]["code"]))


def _rank(
    *, rows: list[dict], plan: QueryPlan, total_docs: int, idf: list[float] | None = None
) -> list[tuple[float, dict]]:
    last = len(plan.words) - 1
    options = [_options(word, i == last) for i, word in enumerate(plan.words)]
    # Per row and word: the best a word's forms are worth in the row's fields.
    table = []
    for row in rows:
        stems, exact = _weights(row)
        starts = row["title_exact"] + row["keywords_exact"] + row["title"] + row["keywords"]
        bests = []
        for position, word_options in enumerate(options):
            best = 0.0
            for index, (tokens, factor) in enumerate(word_options):
                if position == last and index == len(word_options) - 1 and factor == 0.5:
                    if " " + tokens[0] in starts:  # the last word as a leading fragment
                        best = max(best, 2.0 * factor)
                    continue
                found = min(stems.get(t, 0.0) for t in tokens)
                found = max(found, min(exact.get(t, 0.0) for t in tokens))
                best = max(best, found * factor)
            bests.append(best)
        table.append((row, bests))
    # Rarer words weigh more (inverse document frequency over the candidates; ``_top`` passes
    # it, counted over every candidate rather than the rows it reads).
    idf = idf or [
        math.log(1 + total_docs / (1 + sum(1 for _row, bests in table if bests[i]))) for i in range(len(options))
    ]
    scored = []
    phrase = " " + " ".join(w.exact for w in plan.words) + " "
    wanted = plan.all_stems() | {w.exact for w in plan.words}
    for row, bests in table:
        matched = sum(1 for b in bests if b)
        if not matched:
            continue
        score = sum(b * weight for b, weight in zip(bests, idf, strict=True))
        score *= coverage_factor(matched=matched, meaningful=len(options))
        # How much of the title the query covers (Elasticsearch's field-length norm, roughly):
        # "Renew License" fits "renew driving licence" better than "Renew a trade licence".
        title = [w for w in row["title_exact"].split() if w not in STOPWORDS]
        if title:
            fit = sum(1 for w in title if w in wanted or text.stem(w) in wanted) / len(title)
            score *= 1 + TITLE_FIT * fit
        if len(plan.words) > 1 and phrase in row["title_exact"]:
            score += 3.0 * len(plan.words)
        scored.append((score, row))
    return scored


# --- Writes -----------------------------------------------------------------------------------


def _entry_fields(
    publication: Publication,
) -> tuple[dict, list[tuple[str, str]], list[Posting]]:
    """An entry's column values, its surface words (vocabulary) and its postings."""
    fields = SearchDocument.analyse(publication)
    every = set().union(
        fields["title"],
        fields["title_exact"],
        fields["keywords"],
        fields["keywords_exact"],
        fields["summary"],
        fields["body"],
    )
    every |= set(fields["all_exact"])
    values = {
        "type": publication.type,
        "code": publication.code,
        "lang": publication.lang,
        "etag": publication.etag,
        "department": publication.department,
        "channels": publication.channels,
        "audiences": publication.audiences,
        "title_exact": text.joined(fields["title_exact"]),
        "title": text.joined(fields["title"]),
        "keywords_exact": text.joined(fields["keywords_exact"]),
        "keywords": text.joined(fields["keywords"]),
        "summary": text.joined(fields["summary"]),
        "body": text.joined(fields["body"]),
    }
    raw = " ".join([fields["display_title"], fields["display_summary"], fields["body_text"]])
    return values, text.surface_words(raw), _postings(fields, every)


def _postings(fields: dict, every: set[str]) -> list[Posting]:
    """(term, stem weight, exact weight, lead, title, title_stem, title_words, impact) for each
    distinct term: what ``_rank`` reads from the entry's fields, so the postings alone give an
    entry's score. ``title`` counts the title words that are the term, ``title_stem`` those (other
    words) whose stem it is (the title fit's numerator), ``title_words`` all of them (its
    denominator); ``impact`` is the score the term alone gives the entry, before idf."""
    stems: dict[str, float] = {}
    for name, weight in reversed(FIELD_WEIGHTS):  # lightest first: heavier fields overwrite
        stems.update(dict.fromkeys(fields[name], weight))
    exact: dict[str, float] = {}
    for name, weight in reversed(EXACT_WEIGHTS):
        exact.update(dict.fromkeys(fields[name], weight + 4.0))
    # What a word being typed may begin: the title and keyword words and their stems (the
    # sources of the type-ahead n-grams, ``text.edge_ngrams``).
    leading = set(fields["title_exact"]) | set(fields["keywords_exact"])
    leading |= {text.stem(w) for w in leading} | set(fields["title"]) | set(fields["keywords"])
    title: dict[str, int] = {}
    title_stem: dict[str, int] = {}
    size = len(_title_words(fields["title_exact"]))
    for word in _title_words(fields["title_exact"]):
        title[word] = title.get(word, 0) + 1
        if text.stem(word) != word:
            title_stem[text.stem(word)] = title_stem.get(text.stem(word), 0) + 1
    postings = []
    for term in sorted(every | leading | set(title_stem)):
        if len(term) > 100:
            continue
        best = max(stems.get(term, 0.0), exact.get(term, 0.0))
        covered = title.get(term, 0) + title_stem.get(term, 0)
        impact = best * (1 + TITLE_FIT * min(covered / size, 1.0)) if size else best
        postings.append(
            (
                term,
                stems.get(term, 0.0),
                exact.get(term, 0.0),
                term in leading,
                title.get(term, 0),
                title_stem.get(term, 0),
                size,
                impact,
            )
        )
    return postings


def _title_words(words: list[str]) -> list[str]:
    """The title words the title fit counts (``_rank``)."""
    return [w for w in words if w not in STOPWORDS]


def _postings_write(rows: list[tuple[int, str, list[Posting]]]) -> None:
    """Insert the postings of entries already saved ((entry id, lang, postings)), in bulk, as plain
    rows: model instances would cost more than the rest of indexing. On PostgreSQL one
    ``INSERT … SELECT FROM unnest(arrays)`` per 5,000 postings (one statement, as Django's own
    ``bulk_create`` does there); elsewhere ``executemany``."""
    table = connection.ops.quote_name(SearchPosting._meta.db_table)
    names = ("entry_id", "lang", "term", "weight", "exact", "lead", "title", "title_stem", "title_words", "impact")
    columns = ", ".join(connection.ops.quote_name(c) for c in names)
    values = [(pk, lang, *posting) for pk, lang, postings in rows for posting in postings]
    with connection.cursor() as cursor:
        for start in range(0, len(values), 5000):
            chunk = values[start : start + 5000]
            if connection.vendor == "postgresql":
                arrays = ", ".join(f"%s::{kind}[]" for kind in _POSTING_TYPES)
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays})",  # noqa: S608 -- names from the model
                    [list(column) for column in zip(*chunk, strict=True)],
                )
            else:
                marks = ", ".join(["%s"] * len(names))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", chunk)  # noqa: S608


# The PostgreSQL types of ``_postings_write``'s columns, in its order.
_POSTING_TYPES = (
    "bigint",
    "varchar",
    "varchar",
    "float8",
    "float8",
    "boolean",
    "integer",
    "integer",
    "integer",
    "float8",
)


def _terms_add(*, lang: str, words: Iterable[tuple[str, str]]) -> None:
    seen = {}
    for surface, normalised in words:
        if 2 < len(normalised) <= 100 and not normalised.isdigit():
            seen.setdefault(normalised, surface[:100])
    SearchTerm.objects.bulk_create(
        [SearchTerm(lang=lang, term=t, display=d) for t, d in seen.items()], ignore_conflicts=True, batch_size=1000
    )


def entries_refresh(*, keys: Iterable[tuple[str, str, str]]) -> int:
    """Bring the entries of (type, code, lang) items in line with their Publications, in a few
    queries per 500 items; returns how many entries exist afterwards."""
    keys = sorted(set(keys))
    count = 0
    with transaction.atomic():
        for start in range(0, len(keys), 500):
            count += _entries_refresh_chunk(keys[start : start + 500])
    return count


def _entries_refresh_chunk(keys: list[tuple[str, str, str]]) -> int:
    wanted = set(keys)
    indexed = indexed_types()
    publications = []
    for type_name in sorted({k[0] for k in keys}):
        codes = {k[1] for k in keys if k[0] == type_name}
        publications += [
            p
            for p in Publication.objects.filter(type=type_name, code__in=codes)
            if (p.type, p.code, p.lang) in wanted and type_name in indexed
        ]
    # Entries are derived data: replacing them outright is simpler and as cheap as diffing them.
    for type_name in sorted({k[0] for k in keys}):
        for lang in sorted({k[2] for k in keys if k[0] == type_name}):
            codes = [k[1] for k in keys if k[0] == type_name and k[2] == lang]
            SearchEntry.objects.filter(type=type_name, lang=lang, code__in=codes).delete()
    entries, postings = [], []
    words: dict[str, list[tuple[str, str]]] = {}
    for publication in publications:
        values, surface, terms = _entry_fields(publication)
        entries.append(SearchEntry(publication=publication, **values))
        postings.append(terms)
        words.setdefault(publication.lang, []).extend(surface)
    SearchEntry.objects.bulk_create(entries)
    _postings_write([(e.pk, e.lang, terms) for e, terms in zip(entries, postings, strict=True)])
    for lang, pairs in words.items():
        _terms_add(lang=lang, words=pairs)
    return len(entries)


def entries_rebuild(*, progress: bool = False) -> int:
    """Re-create every entry and the vocabulary from the Publication rows."""
    publications = Publication.objects.filter(type__in=indexed_types()).order_by("pk")
    total = publications.count()
    count = 0
    with transaction.atomic():
        SearchPosting.objects.all().delete()
        SearchEntry.objects.all().delete()
        SearchTerm.objects.all().delete()
        batch: list[SearchEntry] = []
        postings: list[list[Posting]] = []
        words: dict[str, list[tuple[str, str]]] = {"ar": [], "en": []}
        for publication in tqdm(
            publications.iterator(chunk_size=500),
            total=total,
            desc="database entries",
            unit="doc",
            disable=not progress,
        ):
            values, surface, terms = _entry_fields(publication)
            batch.append(SearchEntry(publication=publication, **values))
            postings.append(terms)
            words.setdefault(publication.lang, []).extend(surface)
            if len(batch) >= 500:
                count += _batch_write(batch, postings)
                batch, postings = [], []
        count += _batch_write(batch, postings)
        for lang, pairs in words.items():
            _terms_add(lang=lang, words=pairs)
        analysis_recorded()
    return count


def _batch_write(batch: list[SearchEntry], postings: list[list[Posting]]) -> int:
    SearchEntry.objects.bulk_create(batch)
    _postings_write([(e.pk, e.lang, terms) for e, terms in zip(batch, postings, strict=True)])
    return len(batch)


def entries_sync(*, expected: dict[tuple[str, str], dict]) -> int:
    """Repair the entries that differ from ``expected`` ((lang, document id) -> publication values:
    type, code, etag); returns how many were repaired."""
    entries = {
        (e["lang"], document_id(type_name=e["type"], code=e["code"])): e["etag"]
        for e in SearchEntry.objects.values("type", "code", "lang", "etag")
    }
    repairs = [(p["type"], p["code"], p["lang"]) for key, p in expected.items() if entries.get(key) != p["etag"]]
    for lang, doc_id in set(entries) - set(expected):
        type_name, code = doc_id.split(":", 1)
        repairs.append((type_name, code, lang))
    entries_refresh(keys=repairs)
    return len(repairs)
