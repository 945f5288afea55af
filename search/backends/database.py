"""The database backend: ``SearchEntry`` rows and the ``SearchTerm`` vocabulary, queried and written.

Always on, so a search can answer when Elasticsearch is off or failing. Entries hold the same
analysed fields as the Elasticsearch document (``search/documents.py``); matching is a LIKE per
word on the joined terms, ranking happens in Python.
"""

import math
from collections.abc import Iterable

from tqdm import tqdm

from django.db import transaction
from django.db.models import Q

from publication.models import Publication
from search import text
from search.documents import SearchDocument, document_id, indexed_types
from search.models import SearchEntry, SearchTerm
from search.query import (
    FACETS,
    Answer,
    QueryPlan,
    QueryWord,
    SearchParams,
    entry_filters,
    facet_list,
    publication_result,
    suggestion_display,
)

FIELD_WEIGHTS = (("title", 6.0), ("keywords", 4.0), ("summary", 2.0), ("body", 1.0))
EXACT_WEIGHTS = (("title_exact", 3.0), ("keywords_exact", 2.0))

# --- Reads ------------------------------------------------------------------------------------


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


def search(*, plan: QueryPlan, params: SearchParams, want: int) -> Answer:
    """The first ``want`` results, the total, the facets and a "did you mean" suggestion."""
    base = SearchEntry.objects.filter(lang=params.lang, type__in=indexed_types())
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
        return 0, [], facet_list({}, params.lang), None
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
    scored = _rank(rows=rows, plan=plan, total_docs=total_docs)
    counts: dict[str, dict[str, int]] = {f: {} for f in FACETS}
    filters = params.filters()
    matching = []
    for score, row in scored:
        for facet in FACETS:
            if entry_filters(row, filters, skip=facet):
                if facet == "type":
                    keys = [row["type"]]
                elif facet == "department":
                    keys = [row["department"]] if row["department"] else []
                else:
                    keys = [c for c in row[facet + "s"].split("|") if c]
                for key in keys:
                    counts[facet][key] = counts[facet].get(key, 0) + 1
        if entry_filters(row, filters):
            matching.append((score, row))
    page = matching[:want]
    payloads = {p.pk: p for p in Publication.objects.filter(pk__in=[row["publication_id"] for _s, row in page])}
    results = []
    for _score, row in page:
        publication = payloads.get(row["publication_id"])
        if publication is not None:
            results.append(publication_result(publication=publication, plan=plan))
    suggestion = None
    if corrected:
        suggestion = suggestion_display(words=suggestion_words, lang=params.lang)
    return len(matching), results, facet_list(counts, params.lang), suggestion


def _rank(*, rows: list[dict], plan: QueryPlan, total_docs: int) -> list[tuple[float, dict]]:
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
