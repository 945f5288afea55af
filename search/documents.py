"""The search document every indexed type shares, and which types are indexed.

A document is always built from a Publication row (what the public already sees), never from a
page model, so a draft cannot reach the index. Every type is indexed from the payload keys
title/summary/keywords/url and the Publication's search text; a type adds more text through its
registration (``SearchSpec.extra_text``, e.g. a service's required documents).
"""

from elasticsearch_dsl import Document, Keyword, Text

from django.utils.html import strip_tags

from publication.models import Publication
from publication.registry import registered_types, searchable_types
from search import text


def indexed_types() -> tuple[str, ...]:
    """The types people can search (CONTRACTS §4): those registered with a ``SearchSpec``."""
    return tuple(t.name for t in searchable_types())


def _extra_text(type_name: str, payload: dict) -> list[str]:
    registered = registered_types().get(type_name)
    spec = registered.search if registered else None
    return spec.extra_text(payload) if spec and spec.extra_text else []


# Python has already normalised, lowercased and stemmed: Elasticsearch only splits on spaces with
# its built-in "whitespace" analyzer, which the minimal distribution (no analysis-common module,
# so not even a custom analyzer on the whitespace tokenizer) provides.
FOLDED = "whitespace"


def _stored() -> Keyword:
    return Keyword(index=False, doc_values=False)


class SearchDocument(Document):
    """One live item in one language."""

    type = Keyword()
    code = Keyword()
    lang = Keyword()
    etag = _stored()
    department = Keyword()
    channels = Keyword(multi=True)
    audiences = Keyword(multi=True)
    # Stemmed fields and their unstemmed twins (exact words rank first).
    title = Text(analyzer=FOLDED)
    title_exact = Text(analyzer=FOLDED)
    keywords = Text(analyzer=FOLDED)
    keywords_exact = Text(analyzer=FOLDED)
    summary = Text(analyzer=FOLDED)
    body = Text(analyzer=FOLDED)
    all_exact = Text(analyzer=FOLDED)  # every normalised word: the "did you mean" vocabulary
    prefixes = Text(analyzer=FOLDED)  # edge n-grams of title and keywords, for type-ahead
    # What results show, as published.
    display_title = _stored()
    display_summary = _stored()
    url = _stored()
    body_text = _stored()

    @classmethod
    def analyse(cls, publication: Publication) -> dict:
        """The analysed fields of a publication, shared by both backends."""
        payload = publication.payload or {}
        title = str(payload.get("title") or "")
        summary = strip_tags(str(payload.get("summary") or ""))
        keywords = payload.get("keywords") or []
        if isinstance(keywords, str):
            keywords = keywords.split("|")
        keyword_text = " ".join(str(k) for k in keywords)
        body = " ".join([publication.search_text or "", *_extra_text(publication.type, payload)])
        title_words = text.tokens(title)
        keyword_words = text.tokens(keyword_text)
        all_words = text.tokens(" ".join([title, keyword_text, summary, body]))
        return {
            "title_exact": title_words,
            "title": text.stems(title),
            "keywords_exact": keyword_words,
            "keywords": text.stems(keyword_text),
            "summary": text.stems(summary),
            "body": text.stems(body),
            "all_exact": all_words,
            "prefixes": text.edge_ngrams(title_words + keyword_words),
            "display_title": title,
            "display_summary": summary,
            "url": str(payload.get("url") or ""),
            "body_text": " ".join(body.split())[:2000],
        }

    @classmethod
    def from_publication(cls, publication: Publication) -> "SearchDocument":
        fields = cls.analyse(publication)
        words = {k: " ".join(v) if isinstance(v, list) else v for k, v in fields.items()}
        return cls(
            meta={"id": document_id(type_name=publication.type, code=publication.code)},
            type=publication.type,
            code=publication.code,
            lang=publication.lang,
            etag=publication.etag,
            department=publication.department,
            channels=[c for c in publication.channels.split("|") if c],
            audiences=[a for a in publication.audiences.split("|") if a],
            **words,
        )


def document_id(*, type_name: str, code: str) -> str:
    return f"{type_name}:{code}"
