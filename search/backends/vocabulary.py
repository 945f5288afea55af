"""The indexed vocabulary of the database backend, for typo tolerance and "did you mean".

The words of the search entries (``SearchTerm``, per language) are held in memory per process
and reloaded when the table changes: its version is (row count, highest id), read in one small
query per search. Terms are only ever added (by ``entries_refresh``) or all replaced (by a
rebuild), so either changes the version.

Tolerance is the Elasticsearch backend's (``FUZZINESS`` in ``search/query.py``, with
``prefix_length: 1``): the first letter must agree, and a word of three letters or more may be
one edit away (a transposition counts as one edit: optimal string alignment, rapidfuzz). Two
edits on a seven-letter Arabic word reach other words (استخراج → استخدام).
"""

from dataclasses import dataclass, field
from threading import Lock

from rapidfuzz import process
from rapidfuzz.distance import OSA

from django.db.models import Count, Max

from search.models import SearchTerm

MIN_LENGTH = 3
MAX_CORRECTIONS = 3


@dataclass
class Vocabulary:
    words: frozenset[str] = frozenset()
    by_first: dict[str, list[str]] = field(default_factory=dict)


_loaded: dict[str, object] = {"version": None, "langs": {}}
_lock = Lock()


def _version() -> tuple[int, int]:
    found = SearchTerm.objects.aggregate(n=Count("id"), m=Max("id"))
    return found["n"] or 0, found["m"] or 0


def vocabularies() -> dict[str, Vocabulary]:
    """Each language's vocabulary, reloaded when the terms changed since the last search."""
    version = _version()
    if _loaded["version"] == version:
        return _loaded["langs"]
    with _lock:
        terms: dict[str, list[str]] = {}
        for lang, term in SearchTerm.objects.values_list("lang", "term").iterator(chunk_size=5000):
            terms.setdefault(lang, []).append(term)
        langs = {}
        for lang, words in terms.items():
            by_first: dict[str, list[str]] = {}
            for word in sorted(words):
                by_first.setdefault(word[0], []).append(word)
            langs[lang] = Vocabulary(words=frozenset(words), by_first=by_first)
        _loaded["langs"], _loaded["version"] = langs, version
    return langs


def max_edits(word: str) -> int:
    if len(word) < MIN_LENGTH or word.isdigit():
        return 0
    return 1


def corrections(*, word: str, vocabulary: Vocabulary, known: bool) -> list[tuple[str, int]]:
    """Vocabulary words close to a word the content does not contain: (word, edits), nearest first."""
    limit = max_edits(word)
    if not limit or known or word in vocabulary.words:
        return []
    candidates = vocabulary.by_first.get(word[0], ())
    found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=limit, limit=None)
    # Nearest first; among equals the one of the closest length, then the shorter.
    found.sort(key=lambda m: (m[1], abs(len(m[0]) - len(word)), len(m[0]), m[0]))
    return [(term, int(distance)) for term, distance, _i in found[:MAX_CORRECTIONS]]


def plan_correct(plan, lang: str) -> bool:
    """Fill each word's corrections from the vocabulary of its script; whether any was corrected."""
    langs = vocabularies()
    empty = Vocabulary()
    corrected = False
    for word in plan.words:
        own = langs.get(word.script, empty)
        known = word.exact in langs.get(lang, empty).words
        found = corrections(word=word.exact, vocabulary=own, known=known)
        word.corrections = [t for t, _e in found]
        word.edits = dict(found)
        corrected |= bool(found) and not word.alternatives
    return corrected
