"""Reads of the search app: the query layer for both backends (CONTRACTS §4), and the query report.

Both backends take the same ``QueryPlan`` (words normalised and stemmed in Python, synonyms
expanded, the last word also read as a prefix), apply the same filters, count the same facets and
highlight in Python against the published text.
"""

import datetime as dt
import logging
import math
import re
from dataclasses import dataclass, field

from elasticsearch import ApiError, TransportError

from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from common.text import text_bidi_strip
from publication.models import Publication
from search import es, text
from search.documents import INDEXED_TYPES, document_id
from search.models import BestBet, QueryStat, SearchEntry, SearchTerm, Synonym

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 256
FACETS = ("type", "department", "channel", "audience")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")


class SearchParamError(ValueError):
    """A malformed search parameter; ``code``, ``field`` and a translated message for the 400."""

    def __init__(self, *, code: str, message: str, field: str):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


@dataclass(frozen=True)
class SearchParams:
    q: str
    lang: str = "ar"
    type: str = ""
    department: str = ""
    channel: str = ""
    audience: str = ""
    page: int = 1
    size: int = 10

    def filters(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in FACETS if getattr(self, k)}


def search_params_parse(*, data, default_lang: str = "ar", require_q: bool = True) -> SearchParams:
    """Validate query-string parameters; raises ``SearchParamError`` (a 400, never a 500)."""

    def one(name: str) -> str:
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name, "")]
        if len(values) > 1:
            raise SearchParamError(code="invalid", message=_("Give this parameter only once."), field=name)
        return values[0] if values else ""

    q = one("q")
    if len(q) > MAX_QUERY_LENGTH:
        raise SearchParamError(code="too_long", message=_("The query is too long: at most 256 characters."), field="q")
    if any(ord(c) < 32 and c not in "\t\n\r" for c in q) or "\ufffd" in q:
        raise SearchParamError(
            code="invalid", message=_("The query contains characters that are not allowed."), field="q"
        )
    # Bidirectional controls would reorder the query where it is echoed (the page's <title>).
    q = " ".join(text_bidi_strip(value=q).split())
    if require_q and not q:
        raise SearchParamError(code="required", message=_("Type what you are looking for."), field="q")
    lang = one("lang") or default_lang
    if lang not in ("ar", "en"):
        raise SearchParamError(code="invalid", message=_("The language must be ar or en."), field="lang")
    kind = one("type")
    if kind and kind not in INDEXED_TYPES:
        raise SearchParamError(code="invalid", message=_("The type must be service, news or form."), field="type")
    codes = {}
    for name in ("department", "channel", "audience"):
        value = one(name)
        if value and not _CODE.match(value):
            raise SearchParamError(code="invalid", message=_("This is not a valid code."), field=name)
        codes[name] = value

    def number(name: str, default: int, high: int) -> int:
        raw = one(name)
        if not raw:
            return default
        # ASCII digits only: str.isdigit() accepts "²", which int() refuses.
        if not re.fullmatch(r"[0-9]{1,9}", raw) or not 1 <= int(raw) <= high:
            raise SearchParamError(
                code="invalid",
                message=_("Give a whole number from 1 to %(high)s.") % {"high": high},
                field=name,
            )
        return int(raw)

    return SearchParams(q=q, lang=lang, type=kind, page=number("page", 1, 100), size=number("size", 10, 50), **codes)


# --- Query analysis ---------------------------------------------------------------------------


@dataclass
class QueryWord:
    exact: str
    stem: str
    # Other ways to say it (synonyms), each a list of stems that must all match.
    alternatives: list[list[str]] = field(default_factory=list)
    # Close words from the vocabulary when this one is not in it (typos).
    corrections: list[str] = field(default_factory=list)


@dataclass
class QueryPlan:
    words: list[QueryWord]
    normalised: str
    prefix: str  # the last word as typed so far, for type-ahead

    def all_stems(self) -> set[str]:
        found = set()
        for w in self.words:
            found.add(w.stem)
            found.update(s for alt in w.alternatives for s in alt)
            found.update(text.stem(c) for c in w.corrections)
        return found


def synonym_groups() -> list[list[list[str]]]:
    """Every editor's synonym group, each term as its list of stems (read at query time)."""
    groups = []
    for synonym in Synonym.objects.only("terms"):
        terms = [text.stems(t) for t in synonym.term_list()]
        terms = [t for t in terms if t]
        if len(terms) > 1:
            groups.append(terms)
    return groups


def query_plan(*, q: str) -> QueryPlan:
    words = text.tokens(q)
    meaningful = [w for w in words if not text.is_stopword(w)] or words
    plan_words = [QueryWord(exact=w, stem=text.stem(w)) for w in meaningful]
    stems = [w.stem for w in plan_words]
    for group in synonym_groups():
        for term in group:
            size = len(term)
            for start in range(0, len(stems) - size + 1):
                if stems[start : start + size] == term:
                    others = [t for t in group if t != term]
                    plan_words[start].alternatives.extend(o for o in others if o not in plan_words[start].alternatives)
    return QueryPlan(words=plan_words, normalised=" ".join(words), prefix=words[-1] if words else "")


# --- Highlighting -----------------------------------------------------------------------------


def highlight(*, source: str, plan: QueryPlan, window: int = 0) -> tuple[str, bool]:
    """The text, HTML-escaped, with the words matching the query in <mark>; and whether any did."""
    wanted = plan.all_stems()
    exact = {w.exact for w in plan.words} | {c for w in plan.words for c in w.corrections}
    prefix = plan.prefix if len(plan.prefix) >= 3 else ""
    marks = [
        (start, end)
        for start, end, word in text.surface_spans(source)
        if word in exact or text.stem(word) in wanted or (prefix and word.startswith(prefix))
    ]
    if not marks:
        return "", False
    begin, finish = 0, len(source)
    if window and len(source) > window:
        begin = max(0, marks[0][0] - window // 3)
        finish = min(len(source), begin + window)
        marks = [(s, e) for s, e in marks if s >= begin and e <= finish]
    parts, position = [], begin
    for start, end in marks:
        parts.append(escape(source[position:start]))
        parts.append(f"<mark>{escape(source[start:end])}</mark>")
        position = end
    parts.append(escape(source[position:finish]))
    html = "".join(parts)
    return ("…" if begin else "") + html + ("…" if finish < len(source) else ""), True


def _result(*, kind: str, code: str, title: str, summary: str, url: str, body: str, plan: QueryPlan) -> dict:
    snippet, found = highlight(source=summary, plan=plan)
    if not found:
        snippet, found = highlight(source=body, plan=plan, window=200)
    if not found:
        snippet = escape(summary)
    return {"type": kind, "code": code, "title": title, "summary": summary, "url": url, "highlight": snippet}


# --- Facets -----------------------------------------------------------------------------------


def _facet_names(lang: str) -> dict[str, dict[str, str]]:
    from catalogue.models import Audience, Channel, Department

    with translation.override(lang):
        types = {"service": _("Services"), "news": _("News"), "form": _("Forms")}
    return {
        "type": types,
        "department": {d.code: d.name_in(lang) for d in Department.objects.all()},
        "channel": {c.code: c.name_in(lang) for c in Channel.objects.all()},
        "audience": {a.code: a.name_in(lang) for a in Audience.objects.all()},
    }


def _facet_list(counts: dict[str, dict[str, int]], lang: str) -> dict[str, list[dict]]:
    names = _facet_names(lang)
    return {
        facet: [
            {"code": code, "name": names[facet].get(code, code), "count": count}
            for code, count in sorted(counts.get(facet, {}).items(), key=lambda kv: (-kv[1], kv[0]))
            if count
        ]
        for facet in FACETS
    }


# --- Database backend -------------------------------------------------------------------------

FIELD_WEIGHTS = (("title", 6.0), ("keywords", 4.0), ("summary", 2.0), ("body", 1.0))
EXACT_WEIGHTS = (("title_exact", 3.0), ("keywords_exact", 2.0))


def _corrections(*, word: str, lang: str) -> list[str]:
    """Vocabulary words one or two edits away from a word the content does not contain."""
    if len(word) < 4 or word.isdigit():
        return []
    if SearchTerm.objects.filter(lang=lang, term=word).exists():
        return []
    limit = 1 if len(word) <= 5 else 2
    candidates = SearchTerm.objects.filter(lang=lang, term__startswith=word[0]).values_list("term", flat=True)
    scored = []
    for term in candidates.iterator(chunk_size=2000):
        if abs(len(term) - len(word)) <= limit:
            distance = text.edit_distance(word, term, limit)
            if distance <= limit:
                scored.append((distance, -len(term), term))
    return [t for _d, _l, t in sorted(scored)[:3]]


def _entry_filters(entry: dict, filters: dict[str, str], skip: str = "") -> bool:
    for name, value in filters.items():
        if name == skip:
            continue
        if name == "type" and entry["type"] != value:
            return False
        if name == "department" and entry["department"] != value:
            return False
        if name == "channel" and f"|{value}|" not in entry["channels"]:
            return False
        if name == "audience" and f"|{value}|" not in entry["audiences"]:
            return False
    return True


def _options(word: QueryWord, is_last: bool) -> list[tuple[list[str], float]]:
    """What may stand for a query word in a document, with how much a match is worth."""
    options = [([word.stem], 1.0), ([word.exact], 1.0)]
    options += [(alt, 0.9) for alt in word.alternatives]
    options += [([text.stem(c)], 0.6) for c in word.corrections]
    if is_last and len(word.exact) >= 2:
        options.append(([word.exact], 0.5))  # as a leading fragment (in ``terms``)
    return options


def _like(tokens: list[str]) -> Q:
    condition = Q()
    for token in tokens:
        condition &= Q(terms__contains=f" {token} ")
    return condition


def _db_search(*, plan: QueryPlan, params: SearchParams, want: int) -> tuple[int, list[dict], dict, str | None]:
    base = SearchEntry.objects.filter(lang=params.lang, type__in=INDEXED_TYPES)
    suggestion_words = []
    corrected = False
    for word in plan.words:
        word.corrections = _corrections(word=word.exact, lang=params.lang)
        if word.corrections and not word.alternatives:
            corrected = True
        suggestion_words.append(word.corrections[0] if word.corrections else word.exact)
    per_word = []
    for index, word in enumerate(plan.words):
        condition = Q()
        for tokens, _weight in _options(word, index == len(plan.words) - 1):
            condition |= _like(tokens)
        per_word.append(condition)
    if not per_word:
        return 0, [], _facet_list({}, params.lang), None
    every = Q()
    for condition in per_word:
        every &= condition
    columns = ("id", "publication_id", "type", "code", "department", "channels", "audiences", "title", "title_exact")
    # Not ``terms`` (n-grams make it the largest column): scoring rebuilds what it needs.
    columns += ("keywords", "keywords_exact", "summary", "body")
    rows = list(base.filter(every).values(*columns))
    if not rows and len(per_word) > 1:
        # Nothing has every word: fall back to any word, ranked by how many match.
        anything = Q()
        for condition in per_word:
            anything |= condition
        rows = list(base.filter(anything).values(*columns))
    total_docs = max(base.count(), 1)
    scored = _db_score(rows=rows, plan=plan, total_docs=total_docs)
    counts: dict[str, dict[str, int]] = {f: {} for f in FACETS}
    filters = params.filters()
    matching = []
    for score, row in scored:
        for facet in FACETS:
            if _entry_filters(row, filters, skip=facet):
                if facet == "type":
                    keys = [row["type"]]
                elif facet == "department":
                    keys = [row["department"]] if row["department"] else []
                else:
                    keys = [c for c in row[facet + "s"].split("|") if c]
                for key in keys:
                    counts[facet][key] = counts[facet].get(key, 0) + 1
        if _entry_filters(row, filters):
            matching.append((score, row))
    page = matching[:want]
    payloads = {p.pk: p for p in Publication.objects.filter(pk__in=[row["publication_id"] for _s, row in page])}
    results = []
    for _score, row in page:
        publication = payloads.get(row["publication_id"])
        if publication is not None:
            results.append(_publication_result(publication=publication, plan=plan))
    suggestion = None
    if corrected:
        suggestion = _display(words=suggestion_words, lang=params.lang)
    return len(matching), results, _facet_list(counts, params.lang), suggestion


def _db_score(*, rows: list[dict], plan: QueryPlan, total_docs: int) -> list[tuple[float, dict]]:
    parsed = []
    for row in rows:
        sets = {name: set(row[name].split()) for name, _w in FIELD_WEIGHTS + EXACT_WEIGHTS}
        sets["words"] = set().union(*sets.values())
        sets["starts"] = sets["title_exact"] | sets["keywords_exact"] | sets["title"] | sets["keywords"]
        parsed.append((row, sets))
    last = len(plan.words) - 1
    options = [_options(word, i == last) for i, word in enumerate(plan.words)]
    # Rarer words weigh more (inverse document frequency over the candidates).
    idf = []
    for word_options in options:
        df = sum(1 for _row, sets in parsed if any(all(t in sets["words"] for t in toks) for toks, _w in word_options))
        idf.append(math.log(1 + total_docs / (1 + df)))
    scored = []
    phrase = " " + " ".join(w.exact for w in plan.words) + " "
    for row, sets in parsed:
        score = 0.0
        matched = 0
        for position, word_options in enumerate(options):
            best = 0.0
            for index, (tokens, factor) in enumerate(word_options):
                is_prefix = position == last and index == len(word_options) - 1 and factor == 0.5
                for name, weight in FIELD_WEIGHTS:
                    if not is_prefix and all(t in sets[name] for t in tokens):
                        best = max(best, weight * factor)
                        break
                for name, weight in EXACT_WEIGHTS:
                    if not is_prefix and all(t in sets[name] for t in tokens):
                        best = max(best, (weight + 4.0) * factor)
                        break
                if is_prefix and any(w.startswith(tokens[0]) for w in sets["starts"]):
                    best = max(best, 2.0 * factor)
            if best:
                matched += 1
            score += best * idf[position]
        if not matched:
            continue
        coverage = matched / len(options)
        score *= coverage * coverage
        if len(plan.words) > 1 and phrase in row["title_exact"]:
            score += 3.0 * len(plan.words)
        scored.append((score, row))
    scored.sort(key=lambda sr: (-sr[0], sr[1]["code"]))
    return scored


def _display(*, words: list[str], lang: str) -> str:
    shown = dict(SearchTerm.objects.filter(lang=lang, term__in=words).values_list("term", "display"))
    return " ".join(shown.get(w, w) for w in words)


def _publication_result(*, publication: Publication, plan: QueryPlan) -> dict:
    payload = publication.payload or {}
    from django.utils.html import strip_tags

    return _result(
        kind=publication.type,
        code=publication.code,
        title=str(payload.get("title") or ""),
        summary=strip_tags(str(payload.get("summary") or "")),
        url=str(payload.get("url") or ""),
        body=" ".join((publication.search_text or "").split())[:2000],
        plan=plan,
    )


# --- Elasticsearch backend --------------------------------------------------------------------


def _es_filter(name: str, value: str) -> dict:
    field_name = {"type": "type", "department": "department", "channel": "channels", "audience": "audiences"}[name]
    return {"term": {field_name: value}}


def _es_query(plan: QueryPlan) -> dict:
    stems = " ".join(w.stem for w in plan.words)
    exacts = " ".join(w.exact for w in plan.words)
    stem_fields = ["title^6", "keywords^4", "summary^2", "body"]
    should = [
        {"multi_match": {"query": stems, "fields": stem_fields, "type": "best_fields", "tie_breaker": 0.3}},
        {"multi_match": {"query": stems, "fields": stem_fields, "type": "cross_fields", "operator": "and", "boost": 2}},
        {"multi_match": {"query": exacts, "fields": ["title_exact^3", "keywords_exact^2"], "boost": 2}},
        {
            "multi_match": {
                "query": stems,
                "fields": ["title^3", "keywords^2", "summary", "body"],
                "fuzziness": "AUTO",
                "prefix_length": 1,
                "max_expansions": 20,
                "boost": 0.3,
            }
        },
    ]
    if len(plan.words) > 1:
        should.append({"match_phrase": {"title_exact": {"query": exacts, "boost": 3}}})
    if len(plan.prefix) >= 2:
        should.append({"match": {"prefixes": {"query": plan.prefix, "boost": 1.5}}})
    for word in plan.words:
        for alt in word.alternatives:
            should.append(
                {"multi_match": {"query": " ".join(alt), "fields": stem_fields, "operator": "and", "boost": 0.9}}
            )
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _es_search(
    *, plan: QueryPlan, params: SearchParams, want: int, offset: int
) -> tuple[int, list[dict], dict, str | None]:
    filters = params.filters()
    aggs = {}
    for facet in FACETS:
        others = [_es_filter(n, v) for n, v in filters.items() if n != facet]
        field_name = {"type": "type", "department": "department", "channel": "channels", "audience": "audiences"}[facet]
        aggs[facet] = {
            "filter": {"bool": {"filter": others}},
            "aggs": {"codes": {"terms": {"field": field_name, "size": 50}}},
        }
    body = {
        "query": {"bool": {"must": [_es_query(plan)], "filter": [{"terms": {"type": list(INDEXED_TYPES)}}]}},
        "post_filter": {"bool": {"filter": [_es_filter(n, v) for n, v in filters.items()]}},
        "aggs": aggs,
        "from": offset,
        "size": want,
        "track_total_hits": True,
        "sort": ["_score", {"code": "asc"}],
        "_source": ["type", "code", "display_title", "display_summary", "url", "body_text"],
    }
    if plan.words:
        body["suggest"] = {
            "text": " ".join(w.exact for w in plan.words),
            "did_you_mean": {
                "term": {"field": "all_exact", "suggest_mode": "missing", "min_word_length": 4, "sort": "score"}
            },
        }
    response = es.es_client().search(index=es.alias_name(params.lang), **body)
    total = response["hits"]["total"]["value"]
    hits = [hit["_source"] for hit in response["hits"]["hits"]]
    # The index follows publications after commit, through a queue: a hit whose publication is
    # gone (unpublished a moment ago, or while the worker is behind) must not be shown.
    live = set(
        Publication.objects.filter(lang=params.lang, code__in=[h["code"] for h in hits]).values_list("type", "code")
    )
    results = [
        _result(
            kind=hit["type"],
            code=hit["code"],
            title=hit.get("display_title", ""),
            summary=hit.get("display_summary", ""),
            url=hit.get("url", ""),
            body=hit.get("body_text", ""),
            plan=plan,
        )
        for hit in hits
        if (hit["type"], hit["code"]) in live
    ]
    counts = {
        facet: {b["key"]: b["doc_count"] for b in response["aggregations"][facet]["codes"]["buckets"]}
        for facet in FACETS
    }
    suggestion = None
    entries = response.get("suggest", {}).get("did_you_mean", [])
    if entries:
        words = []
        changed = False
        for entry in entries:
            options = entry.get("options") or []
            if options:
                words.append(options[0]["text"])
                changed = True
            else:
                words.append(entry["text"])
        if changed:
            suggestion = _display(words=words, lang=params.lang)
    return total, results, _facet_list(counts, params.lang), suggestion


# --- Best bets and the entry point ------------------------------------------------------------


def _best_bets(*, plan: QueryPlan, params: SearchParams) -> list[dict]:
    bets = BestBet.objects.filter(lang=params.lang, query_normalised=plan.normalised).order_by("sort_order", "pk")
    pinned = []
    for bet in bets:
        publication = Publication.objects.filter(type=bet.type, code=bet.code, lang=params.lang).first()
        if publication is None:  # pinned items must be live like everything else
            continue
        row = {
            "type": publication.type,
            "department": publication.department,
            "channels": publication.channels,
            "audiences": publication.audiences,
        }
        if _entry_filters(row, params.filters()):
            pinned.append(_publication_result(publication=publication, plan=plan) | {"pinned": True})
    return pinned


def search_run(*, params: SearchParams, backend: str | None = None) -> dict:
    """Run a search as CONTRACTS §4 describes; Elasticsearch when configured, else the database.

    If Elasticsearch fails, the database answers, so a search never fails with the index.
    """
    plan = query_plan(q=params.q)
    pinned = _best_bets(plan=plan, params=params) if plan.words else []
    offset = (params.page - 1) * params.size
    want = offset + params.size + len(pinned)
    chosen = backend or ("elasticsearch" if es.es_enabled() and es.es_available() else "database")
    total, results, facets, suggestion = 0, [], _facet_list({}, params.lang), None
    if plan.words and chosen == "elasticsearch":
        try:
            total, results, facets, suggestion = _es_search(plan=plan, params=params, want=want, offset=0)
        except (TransportError, ApiError, ConnectionError) as exc:
            # Skip it for a while: a hanging server would otherwise cost every search a timeout.
            logger.warning("Elasticsearch search failed, answering from the database: %s", exc)
            es.es_failed()
            chosen = "database"
        else:
            es.es_succeeded()
    if plan.words and chosen == "database":
        total, results, facets, suggestion = _db_search(plan=plan, params=params, want=want)
    pinned_keys = {(p["type"], p["code"]) for p in pinned}
    organic = [r for r in results if (r["type"], r["code"]) not in pinned_keys]
    total += len(pinned) - (len(results) - len(organic))
    combined = (pinned + organic)[offset : offset + params.size]
    return {
        "query": params.q,
        "total": total,
        "backend": chosen,
        "results": combined,
        "facets": facets,
        "suggestion": suggestion,
    }


# --- Status and report ------------------------------------------------------------------------


def search_status() -> dict:
    """Counts for ``search_index status``: database, entries, index and queue."""
    from search.models import PendingIndexUpdate

    status = {
        "backend": "elasticsearch" if es.es_enabled() else "database",
        "publications": Publication.objects.filter(type__in=INDEXED_TYPES).count(),
        "entries": SearchEntry.objects.count(),
        "pending": PendingIndexUpdate.objects.count(),
        "failing": PendingIndexUpdate.objects.filter(attempts__gt=0).count(),
        "indices": {},
    }
    if es.es_enabled():
        client = es.es_client()
        for lang in es.LANGS:
            targets = es.alias_targets(client=client, lang=lang)
            count = client.count(index=es.alias_name(lang))["count"] if targets else 0
            status["indices"][lang] = {"alias": es.alias_name(lang), "targets": targets, "documents": count}
    return status


def query_report(*, days: int = 30, limit: int = 50) -> dict[str, dict[str, list]]:
    """Most searched queries and queries that found nothing, per language, over recent days."""
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    rows = QueryStat.objects.filter(day__gte=since)
    report = {}
    for lang in ("ar", "en"):
        grouped = rows.filter(lang=lang).values("query").annotate(total=Sum("searches"), zero=Sum("zero_results"))
        report[lang] = {
            "top": list(grouped.order_by("-total", "query")[:limit]),
            "zero": list(grouped.filter(zero__gt=0).order_by("-zero", "query")[:limit]),
            "searches": rows.filter(lang=lang).aggregate(n=Sum("searches"))["n"] or 0,
            "zero_searches": rows.filter(lang=lang).aggregate(n=Sum("zero_results"))["n"] or 0,
        }
    return report


def live_document_ids(*, lang: str) -> set[str]:
    """Ids of the documents that should be in a language's index (for tests and sync)."""
    return {
        document_id(type_name=t, code=c)
        for t, c in Publication.objects.filter(lang=lang, type__in=INDEXED_TYPES).values_list("type", "code")
    }
