"""The database backend: ``SearchEntry`` rows and the ``SearchTerm`` vocabulary, queried and written.

Always on, so a search can answer when Elasticsearch is off or failing. Entries hold the same
analysed fields as the Elasticsearch document (``search/documents.py``); matching is a LIKE per
word on the joined terms, ranking happens in Python.
"""

import math
from collections.abc import Iterable

from tqdm import tqdm

from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When

from publication.models import Publication
from search import text
from search.backends import vocabulary
from search.documents import SearchDocument, document_id, indexed_types
from search.models import SearchEntry, SearchTerm
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
    suggestion_display,
)

FIELD_WEIGHTS = (("title", 6.0), ("keywords", 4.0), ("summary", 2.0), ("body", 1.0))
EXACT_WEIGHTS = (("title_exact", 3.0), ("keywords_exact", 2.0))
TITLE_FIT = 0.3
STOPWORDS = text.AR_STOPWORDS | text.EN_STOPWORDS | QUERY_STOPWORDS

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


def _like(tokens: list[str]) -> Q:
    condition = Q()
    for token in tokens:
        condition &= Q(terms__contains=f" {token} ")
    return condition


LIGHT = ("id", "publication_id", "type", "code", "lang", "department", "channels", "audiences")
COLUMNS = (*LIGHT, "title")
# Not ``terms`` (n-grams make it the largest column): scoring rebuilds what it needs.
COLUMNS += ("title_exact", "keywords", "keywords_exact", "summary", "body")


def search(*, plan: QueryPlan, params: SearchParams, want: int) -> Answer:
    """The first ``want`` results, the total, the facets and a "did you mean" suggestion.

    Ranked, not boolean: candidates match any meaningful word (of the query, its synonyms or
    its corrections), and the share of words a result matches multiplies its score. Words in
    the other language's script also search that language's entries; such matches rank at
    CROSS_LANGUAGE_FACTOR and are shown in the request's language.
    """
    if not plan.words:
        return 0, [], facet_list({}, params.lang), None
    corrected = vocabulary.plan_correct(plan, params.lang)
    langs = [params.lang]
    if cross_language_wanted(plan=plan, lang=params.lang):
        langs.append(other_lang(params.lang))
    base = SearchEntry.objects.filter(lang__in=langs, type__in=indexed_types())
    # Candidates: any form of any word, one LIKE per distinct form. A document holding a word
    # holds its stem, so exact and article forms need no pattern of their own; the last word
    # also as typed, a leading fragment (``terms`` holds the n-grams); stop words (a query of
    # nothing else) as typed.
    patterns = {tuple([w.stem]) for w in plan.words} | {tuple([plan.words[-1].exact])}
    patterns |= {tuple([w.exact]) for w in plan.words if w.exact in STOPWORDS}
    patterns |= {tuple(alt) for w in plan.words for alt in w.alternatives}
    patterns |= {tuple([text.stem(c)]) for w in plan.words for c in w.corrections}
    anything = Q()
    for tokens in sorted(patterns):
        anything |= _like(list(tokens))
    # Which words each candidate has, computed by the database: the rows' texts are read only
    # for the few that are scored (``_top``).
    last = len(plan.words) - 1
    flags = {}
    for i, word in enumerate(plan.words):
        condition = Q()
        for tokens in sorted({tuple(t) for t, _f in _options(word, i == last)}):
            condition |= _like(list(tokens))
        flags[f"has_{i}"] = Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())
    rows = list(base.filter(anything).annotate(**flags).values(*LIGHT, *flags))
    total_docs = max(SearchEntry.objects.filter(lang=params.lang).count(), 1)
    # Facets and the total count every item found; only the page needs exact scores.
    items: dict[tuple[str, str], dict] = {}
    for row in rows:
        key = (row["type"], row["code"])
        if key not in items or row["lang"] == params.lang:
            items[key] = row
    foreign = [key for key, row in items.items() if row["lang"] != params.lang]
    if foreign:
        # Only what exists in the request's language can be shown.
        present = set(
            SearchEntry.objects.filter(lang=params.lang, code__in={c for _t, c in foreign}).values_list("type", "code")
        )
        for key in foreign:
            if key not in present:
                del items[key]
    counts: dict[str, dict[str, int]] = {f: {} for f in FACETS}
    filters = params.filters()
    matching = set()
    for key, row in items.items():
        for facet in FACETS:
            if entry_filters(row, filters, skip=facet):
                if facet == "type":
                    keys = [row["type"]]
                elif facet == "department":
                    keys = [row["department"]] if row["department"] else []
                else:
                    keys = [c for c in row[facet + "s"].split("|") if c]
                for value in keys:
                    counts[facet][value] = counts[facet].get(value, 0) + 1
        if entry_filters(row, filters):
            matching.add(key)
    candidates = [row for row in rows if (row["type"], row["code"]) in matching]
    ranked = _top(rows=candidates, plan=plan, total_docs=total_docs, lang=params.lang, want=want)
    page = ranked[:want]
    shown = Publication.objects.filter(lang=params.lang, code__in=[row["code"] for _s, row in page])
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
    return len(matching), results, facet_list(counts, params.lang), suggestion


def _weights(row: dict) -> tuple[dict[str, float], dict[str, float]]:
    """A row's tokens with the weight of the best field holding them: stems, and exact words."""
    stems: dict[str, float] = {}
    for name, weight in reversed(FIELD_WEIGHTS):  # lightest first: heavier fields overwrite
        stems.update(dict.fromkeys(row[name].split(), weight))
    exact: dict[str, float] = {}
    for name, weight in reversed(EXACT_WEIGHTS):
        exact.update(dict.fromkeys(row[name].split(), weight + 4.0))
    return stems, exact


def _top(*, rows: list[dict], plan: QueryPlan, total_docs: int, lang: str, want: int) -> list[tuple[float, dict]]:
    """The ``want`` best items, exactly, scoring as few rows as it takes.

    The rows carry which words they have anywhere (``has_<i>``, from the database): that gives
    idf and an upper bound of each score; rows are then read and scored in order of their bound
    until the ``want``-th best score is above every bound left. Common words find thousands of
    candidates; the page needs a few.
    """
    last = len(plan.words) - 1
    options = [_options(word, i == last) for i, word in enumerate(plan.words)]
    flags = [[bool(row[f"has_{i}"]) for i in range(len(options))] for row in rows]
    idf = [math.log(1 + total_docs / (1 + sum(1 for f in flags if f[i]))) for i in range(len(options))]
    top_field = max(w for _n, w in FIELD_WEIGHTS + EXACT_WEIGHTS) + 4.0
    bonus = 3.0 * len(plan.words) if len(plan.words) > 1 else 0.0
    bounds = []
    for row, found in zip(rows, flags, strict=True):
        matched = sum(found)
        if not matched:
            continue
        bound = sum(top_field * idf[i] for i, f in enumerate(found) if f)
        bound = bound * coverage_factor(matched=matched, meaningful=len(options)) * (1 + TITLE_FIT) + bonus
        bounds.append((bound * (1.0 if row["lang"] == lang else CROSS_LANGUAGE_FACTOR), row))
    bounds.sort(key=lambda br: -br[0])
    best: dict[tuple[str, str], tuple[float, dict]] = {}
    chunk = max(want, 50)
    for start in range(0, len(bounds), chunk):
        if len(best) >= want:
            floor = sorted((s for s, _r in best.values()), reverse=True)[want - 1]
            if floor >= bounds[start][0]:
                break
        ids = [row["id"] for _b, row in bounds[start : start + chunk]]
        part = list(SearchEntry.objects.filter(id__in=ids).values(*COLUMNS))
        for score, row in _rank(rows=part, plan=plan, total_docs=total_docs, idf=idf):
            score *= 1.0 if row["lang"] == lang else CROSS_LANGUAGE_FACTOR
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
    # Rarer words weigh more (inverse document frequency over the candidates).
    idf = [math.log(1 + total_docs / (1 + sum(1 for _row, bests in table if bests[i]))) for i in range(len(options))]
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


def _entry_fields(publication: Publication) -> tuple[dict, list[tuple[str, str]]]:
    fields = SearchDocument.analyse(publication)
    every = set().union(
        fields["title"],
        fields["title_exact"],
        fields["keywords"],
        fields["keywords_exact"],
        fields["summary"],
        fields["body"],
    )
    every |= set(fields["all_exact"]) | set(fields["prefixes"])
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
        "terms": text.joined(sorted(every)),
    }
    raw = " ".join([fields["display_title"], fields["display_summary"], fields["body_text"]])
    return values, text.surface_words(raw)


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
    entries = []
    words: dict[str, list[tuple[str, str]]] = {}
    for publication in publications:
        values, surface = _entry_fields(publication)
        entries.append(SearchEntry(publication=publication, **values))
        words.setdefault(publication.lang, []).extend(surface)
    SearchEntry.objects.bulk_create(entries)
    for lang, pairs in words.items():
        _terms_add(lang=lang, words=pairs)
    return len(entries)


def entries_rebuild(*, progress: bool = False) -> int:
    """Re-create every entry and the vocabulary from the Publication rows."""
    publications = Publication.objects.filter(type__in=indexed_types()).order_by("pk")
    total = publications.count()
    count = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchTerm.objects.all().delete()
        batch: list[SearchEntry] = []
        words: dict[str, list[tuple[str, str]]] = {"ar": [], "en": []}
        for publication in tqdm(
            publications.iterator(chunk_size=500),
            total=total,
            desc="database entries",
            unit="doc",
            disable=not progress,
        ):
            values, surface = _entry_fields(publication)
            batch.append(SearchEntry(publication=publication, **values))
            words.setdefault(publication.lang, []).extend(surface)
            if len(batch) >= 500:
                SearchEntry.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch)
        count += len(batch)
        for lang, pairs in words.items():
            _terms_add(lang=lang, words=pairs)
    return count


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
