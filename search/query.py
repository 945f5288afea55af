"""The query plan both backends share (CONTRACTS §4): parameters, analysis, facets, result shape.

A query is parsed and checked once, normalised and stemmed in Python (``search/text.py``),
expanded with the editors' synonyms, and the last word is also read as a prefix. Each backend
(``search/backends/``) matches and ranks the plan its own way; both filter, count facets and
shape results with the helpers here, so they answer alike.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import translation
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _

from common.text import text_bidi_strip
from publication.models import Publication
from publication.registry import facet_names, searchable_types
from search import text
from search.documents import indexed_types
from search.models import SearchTerm, Synonym

MAX_QUERY_LENGTH = 256
# Matching is ranked, not boolean: every meaningful word adds to a result's score, and the share
# of the query's words a result matches multiplies it (coverage ** COVERAGE_POWER), so an extra
# word lowers a result but never removes it.
COVERAGE_POWER = 2
# A match found through the other language's text ranks below an equally good match in the
# request's own language (results are always shown in the request's language).
CROSS_LANGUAGE_FACTOR = 0.8
# Typo tolerance, alike on both backends: one edit (a transposition is one) for words of three
# letters or more, the first letter fixed. Elasticsearch's notation; the database backend's
# vocabulary (search/backends/vocabulary.py) applies the same rule.
FUZZINESS = "AUTO:3,64"
# Words that say nothing about the service wanted, on top of text.py's lists; normalised forms
# (ى → ي, so "على" is "علي" here).
QUERY_STOPWORDS = frozenset(
    "الي علي حتي اريد ابغي ابي اود ممكن لو كيفيه طريقه عايز ودي "
    "please want need get i'd im it its your you as into about via if will would should could".split()
)
# What a backend's search returns: the total, a page of results, the facets, a "did you mean".
# (total, results, facets, suggestion, whether the total is exact rather than a lower bound)
Answer = tuple[int, list[dict], dict, str | None, bool]
FACETS = ("type", "department", "channel", "audience")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
_ARABIC = re.compile("[\u0600-\u06ff]")


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
    if kind and kind not in indexed_types():
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
    # Close words from the vocabulary when this one is not in it (typos), nearest first, and
    # how many edits away each is.
    corrections: list[str] = field(default_factory=list)
    edits: dict[str, int] = field(default_factory=dict)

    def exact_forms(self) -> list[str]:
        """The word as typed and, for Arabic, with or without the article: "رخصه" is the same
        word as "الرخصه" in a title, and ranks as an exact word there too."""
        forms = [self.exact]
        if self.script == "ar" and len(self.exact) >= 3:
            bare = self.exact[2:] if self.exact.startswith("ال") and len(self.exact) >= 5 else ""
            forms.append(bare or "ال" + self.exact)
        return forms

    @property
    def script(self) -> str:
        """``ar`` for a word in Arabic script, ``en`` for any other (Latin, digits)."""
        return "ar" if _ARABIC.search(self.exact) else "en"


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


_synonyms: dict[str, object] = {"version": object(), "groups": []}


def synonym_groups() -> list[list[list[str]]]:
    """Every editor's synonym group, each term as its list of stems.

    Parsed and stemmed once per process and kept until the synonyms' version (``search/state.py``,
    changed by every save or delete of a group, in any process) moves: one small read per search.
    """
    from search.state import SYNONYMS, state_get

    version = state_get(SYNONYMS)
    if _synonyms["version"] == version:
        return _synonyms["groups"]
    groups = []
    for synonym in Synonym.objects.only("terms"):
        terms = [text.stems(t) for t in synonym.term_list()]
        terms = [t for t in terms if t]
        if len(terms) > 1:
            groups.append(terms)
    _synonyms["version"], _synonyms["groups"] = version, groups
    return groups


def is_query_stopword(word: str) -> bool:
    """Stop words in either language: they neither count towards coverage nor find results alone."""
    return text.is_stopword(word) or word in QUERY_STOPWORDS


def other_lang(lang: str) -> str:
    return "en" if lang == "ar" else "ar"


def cross_language_wanted(*, plan: QueryPlan, lang: str) -> bool:
    """Whether the other language's text is searched too: when a word is written in its script
    (an English word on the Arabic site, an Arabic word on the English one). Text in one script
    cannot match the other language's text, so other searches skip it at no loss."""
    return any(w.script != lang and not w.exact.isdigit() for w in plan.words)


def coverage_factor(*, matched: int, meaningful: int) -> float:
    return (matched / meaningful) ** COVERAGE_POWER if meaningful else 0.0


def query_plan(*, q: str) -> QueryPlan:
    words = text.tokens(q)
    meaningful = [w for w in words if not is_query_stopword(w)] or words
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


def suggestion_display(*, words: list[str], lang: str) -> str:
    """A "did you mean" suggestion as people write it (normalised words back to their surface)."""
    shown = dict(SearchTerm.objects.filter(lang=lang, term__in=words).values_list("term", "display"))
    return " ".join(shown.get(w, w) for w in words)


# --- Filters and facets -----------------------------------------------------------------------


def entry_filters(entry: dict, filters: dict[str, str], skip: str = "") -> bool:
    """Whether an entry (type, department, ``|``-joined channels and audiences) passes the filters."""
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


def _facet_names(lang: str) -> dict[str, dict[str, str]]:
    # Types are named by their registration; reference data by the app that owns it.
    with translation.override(lang):
        types = {t.name: str(t.search.label) for t in searchable_types()}
    return {"type": types} | {name: facet_names(name, lang) for name in FACETS[1:]}


def facet_list(counts: dict[str, dict[str, int]], lang: str) -> dict[str, list[dict]]:
    """The facets of a response: each code with its name and count, most frequent first."""
    names = _facet_names(lang)
    return {
        facet: [
            {"code": code, "name": names[facet].get(code, code), "count": count}
            for code, count in sorted(counts.get(facet, {}).items(), key=lambda kv: (-kv[1], kv[0]))
            if count
        ]
        for facet in FACETS
    }


# --- Result shape and highlighting ------------------------------------------------------------


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


def result_build(*, kind: str, code: str, title: str, summary: str, url: str, body: str, plan: QueryPlan) -> dict:
    """One result as the contract shows it, highlighted in its summary (or else in its body)."""
    snippet, found = highlight(source=summary, plan=plan)
    if not found:
        snippet, found = highlight(source=body, plan=plan, window=200)
    if not found:
        snippet = escape(summary)
    return {"type": kind, "code": code, "title": title, "summary": summary, "url": url, "highlight": snippet}


def publication_result(*, publication: Publication, plan: QueryPlan) -> dict:
    """A result straight from its Publication (the database backend and pinned best bets)."""
    payload = publication.payload or {}
    return result_build(
        kind=publication.type,
        code=publication.code,
        title=str(payload.get("title") or ""),
        summary=strip_tags(str(payload.get("summary") or "")),
        url=str(payload.get("url") or ""),
        body=" ".join((publication.search_text or "").split())[:2000],
        plan=plan,
    )


def publications_shown(*, lang: str, keys: list[tuple[str, str]]):
    """The Publications of (type, code) items in ``lang``: a search page's results. By type, so
    each lookup uses the (type, lang, code) index instead of scanning every item's code."""
    condition = Q(pk__in=[])
    for kind in sorted({kind for kind, _code in keys}):
        condition |= Q(type=kind, code__in=sorted({code for k, code in keys if k == kind}))
    return Publication.objects.filter(condition, lang=lang)
