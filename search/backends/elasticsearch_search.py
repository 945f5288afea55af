"""The Elasticsearch backend's reads: a query plan (``search/query.py``) searched in the aliases.

Ranked, not boolean, like the database backend: any clause may match, and each meaningful word a
result does not contain multiplies its score by MISSING_WORD_FACTOR (a function score), so an
extra word lowers a result and never removes it. Words in the other language's script also
search that language's index, at CROSS_LANGUAGE_FACTOR (``indices_boost``), one result per code
(``collapse``), shown in the request's language.
"""

from django.utils.html import strip_tags

from search import es
from search.documents import indexed_types
from search.query import (
    COVERAGE_POWER,
    CROSS_LANGUAGE_FACTOR,
    FACETS,
    FUZZINESS,
    Answer,
    QueryPlan,
    QueryWord,
    SearchParams,
    cross_language_wanted,
    facet_list,
    other_lang,
    publications_shown,
    result_build,
    suggestion_display,
)

FIELDS = {"type": "type", "department": "department", "channel": "channels", "audience": "audiences"}
STEM_FIELDS = ["title^6", "keywords^4", "summary^2", "body"]
# Exact below the 40,000 ceiling: a collapsed search counts items (codes), not documents.
DISTINCT = {"cardinality": {"field": "code", "precision_threshold": 40000}}


def _filter(name: str, value: str) -> dict:
    return {"term": {FIELDS[name]: value}}


def _word_found(word: QueryWord, is_last: bool) -> dict:
    """A document contains this word: its stem, the word or a close spelling of it (FUZZINESS,
    first letter fixed, on every word of the document), a synonym or, for the last word, a
    leading fragment."""
    fields = ["title", "keywords", "summary", "body"]
    should = [
        {"multi_match": {"query": word.stem, "fields": fields}},
        {
            "match": {
                "all_exact": {"query": word.exact, "fuzziness": FUZZINESS, "prefix_length": 1, "max_expansions": 20}
            }
        },
    ]
    should += [
        {"multi_match": {"query": " ".join(alt), "fields": fields, "operator": "and"}} for alt in word.alternatives
    ]
    if is_last and len(word.exact) >= 2:
        should.append({"match": {"prefixes": word.exact}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def missing_word_factor(count: int) -> float:
    """What one missing word of ``count`` costs: the coverage factor of one word missing."""
    return ((count - 1) / count) ** COVERAGE_POWER if count > 1 else 1.0


def _query(plan: QueryPlan) -> dict:
    stems = " ".join(w.stem for w in plan.words)
    exacts = " ".join(w.exact for w in plan.words)
    forms = " ".join(f for w in plan.words for f in w.exact_forms())
    should = [
        {"multi_match": {"query": stems, "fields": STEM_FIELDS, "type": "best_fields", "tie_breaker": 0.3}},
        {"multi_match": {"query": stems, "fields": STEM_FIELDS, "type": "cross_fields", "operator": "and", "boost": 2}},
        {"multi_match": {"query": forms, "fields": ["title_exact^3", "keywords_exact^2"], "boost": 2}},
        {
            "multi_match": {
                "query": stems,
                "fields": ["title^3", "keywords^2", "summary", "body"],
                "fuzziness": FUZZINESS,
                "prefix_length": 1,
                "max_expansions": 20,
                "boost": 0.3,
            }
        },
    ]
    # Typos against the words as written too: a stem of a misspelt word can be far from the
    # right stem ("excavaton" stays whole, "excavation" stems to "excav").
    fuzzy_exact = {"query": exacts, "fuzziness": FUZZINESS, "prefix_length": 1, "max_expansions": 20, "boost": 0.5}
    should.append({"match": {"all_exact": fuzzy_exact}})
    if len(plan.words) > 1:
        should.append({"match_phrase": {"title_exact": {"query": exacts, "boost": 3}}})
    if len(plan.prefix) >= 2:
        should.append({"match": {"prefixes": {"query": plan.prefix, "boost": 1.5}}})
    for word in plan.words:
        for alt in word.alternatives:
            should.append(
                {"multi_match": {"query": " ".join(alt), "fields": STEM_FIELDS, "operator": "and", "boost": 0.9}}
            )
    query = {"bool": {"should": should, "minimum_should_match": 1}}
    if len(plan.words) < 2:
        return query
    # Coverage: each meaningful word a document lacks multiplies its score down.
    factor = missing_word_factor(len(plan.words))
    last = len(plan.words) - 1
    functions = [
        {"filter": {"bool": {"must_not": [_word_found(word, i == last)]}}, "weight": factor}
        for i, word in enumerate(plan.words)
    ]
    return {
        "function_score": {"query": query, "functions": functions, "score_mode": "multiply", "boost_mode": "multiply"}
    }


def search(*, plan: QueryPlan, params: SearchParams, want: int, offset: int) -> Answer:
    """Like the database backend's ``search``; raises the client's errors for the caller's fallback."""
    filters = params.filters()
    cross = cross_language_wanted(plan=plan, lang=params.lang)
    own, other = es.alias_name(params.lang), es.alias_name(other_lang(params.lang))
    aggs = {}
    for facet in FACETS:
        others = [_filter(n, v) for n, v in filters.items() if n != facet]
        codes = {"terms": {"field": FIELDS[facet], "size": 50}}
        if cross:
            codes["aggs"] = {"items": DISTINCT}
        aggs[facet] = {"filter": {"bool": {"filter": others}}, "aggs": {"codes": codes}}
    body = {
        "query": {"bool": {"must": [_query(plan)], "filter": [{"terms": {"type": list(indexed_types())}}]}},
        "post_filter": {"bool": {"filter": [_filter(n, v) for n, v in filters.items()]}},
        "aggs": aggs,
        "from": offset,
        "size": want,
        "track_total_hits": True,
        "sort": ["_score", {"code": "asc"}],
        "_source": ["type", "code", "lang", "display_title", "display_summary", "url", "body_text"],
    }
    if cross:
        # Both languages' documents of an item: one result, the better match, own language first.
        body["indices_boost"] = [{own: 1.0}, {other: CROSS_LANGUAGE_FACTOR}]
        body["collapse"] = {"field": "code"}
        body["aggs"]["items"] = {"filter": body["post_filter"], "aggs": {"items": DISTINCT}}
    if plan.words:
        body["suggest"] = {
            "text": " ".join(w.exact for w in plan.words),
            "did_you_mean": {
                "term": {"field": "all_exact", "suggest_mode": "missing", "min_word_length": 4, "sort": "score"}
            },
        }
    index = f"{own},{other}" if cross else own
    response = es.es_client().search(index=index, **body)
    total = response["hits"]["total"]["value"]
    if cross:
        total = response["aggregations"]["items"]["items"]["value"]
    hits = [hit["_source"] for hit in response["hits"]["hits"]]
    # The index follows publications after commit, through a queue: a hit whose publication is
    # gone (unpublished a moment ago, or while the worker is behind) must not be shown. A hit in
    # the other language is shown from the request language's publication.
    foreign = {(h["type"], h["code"]) for h in hits if h.get("lang", params.lang) != params.lang}
    live = {}
    shown = publications_shown(lang=params.lang, keys=[(h["type"], h["code"]) for h in hits])
    for type_name, code, payload in shown.values_list("type", "code", "payload"):
        live[(type_name, code)] = payload if (type_name, code) in foreign else None
    results = []
    for hit in hits:
        key = (hit["type"], hit["code"])
        if key not in live:
            continue
        shown = hit
        if key in foreign:
            payload = live[key] or {}
            shown = {
                "display_title": str(payload.get("title") or ""),
                "display_summary": strip_tags(str(payload.get("summary") or "")),
                "url": str(payload.get("url") or ""),
                "body_text": "",
            }
        results.append(
            result_build(
                kind=hit["type"],
                code=hit["code"],
                title=shown.get("display_title", ""),
                summary=shown.get("display_summary", ""),
                url=shown.get("url", ""),
                body=shown.get("body_text", ""),
                plan=plan,
            )
        )
    counts = {
        facet: {
            b["key"]: b["items"]["value"] if cross else b["doc_count"]
            for b in response["aggregations"][facet]["codes"]["buckets"]
        }
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
            suggestion = suggestion_display(words=words, lang=params.lang)
    exact = cross or response["hits"]["total"]["relation"] == "eq"
    return total, results, facet_list(counts, params.lang), suggestion, exact
