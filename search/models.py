"""Search data: the database backend's entries, editors' synonyms and best bets, the query log
and the queue of index updates waiting for Elasticsearch."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from publication.models import Publication
from search import text

LANG_CHOICES = [("ar", _("Arabic")), ("en", _("English"))]
TYPE_CHOICES = [("service", _("Service")), ("news", _("News")), ("form", _("Form"))]


class SearchEntry(models.Model):
    """One Publication row analysed for the database backend (normalised and stemmed fields; its
    terms are in ``SearchPosting``).

    Deleted with its Publication, so nothing that left the public can still be found.
    """

    publication = models.OneToOneField(Publication, on_delete=models.CASCADE, related_name="search_entry")
    type = models.CharField(max_length=30)
    code = models.CharField(max_length=80)
    lang = models.CharField(max_length=5)
    etag = models.CharField(max_length=64)
    department = models.CharField(max_length=50, blank=True)
    channels = models.CharField(max_length=500, blank=True)
    audiences = models.CharField(max_length=300, blank=True)
    title_exact = models.TextField(blank=True)
    title = models.TextField(blank=True)
    keywords_exact = models.TextField(blank=True)
    keywords = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["lang", "type"], name="search_entry_lang_type"),
            # One item's entry in the other language (cross-language results).
            models.Index(fields=["type", "code", "lang"], name="search_entry_item"),
        ]

    def __str__(self) -> str:
        return f"{self.type}:{self.code}:{self.lang}"


class SearchPosting(models.Model):
    """One term of one entry: the database backend's inverted index (term → entries).

    Candidates and document frequencies come from indexed lookups on (lang, term) instead of a
    scan of ``SearchEntry.terms``; each posting carries what the scorer needs for an upper bound.
    Written with its entry, deleted with it.
    """

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="postings", db_index=False)
    lang = models.CharField(max_length=5)
    term = models.CharField(max_length=100)
    # The heaviest field holding the term as a stem (title 6, keywords 4, summary 2, body 1; 0: none).
    weight = models.FloatField(default=0)
    # The heaviest field holding it as an exact word (title 7, keywords 6; 0: none).
    exact = models.FloatField(default=0)
    # A word (or its stem) of the title or keywords: what a word being typed may begin.
    lead = models.BooleanField(default=False)
    # Title words (stop words aside) that are the term, and other title words whose stem it is.
    title = models.PositiveSmallIntegerField(default=0)
    title_stem = models.PositiveSmallIntegerField(default=0)
    # The entry's title words (stop words aside), the same on each of its postings: the title
    # fit's denominator without reading the entry.
    title_words = models.PositiveSmallIntegerField(default=0)
    # What the term alone makes the entry worth (its best weight times the title fit): a common
    # word's best entries are read first, in this order, from the index below, instead of all.
    impact = models.FloatField(default=0)

    class Meta:
        indexes = [
            # Candidates and document frequencies by term (index-only), best entries first.
            models.Index(fields=["lang", "term", "-impact", "entry"], name="search_posting_impact"),
            models.Index(fields=["entry", "term"], name="search_posting_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.term} → {self.entry_id}"


class SearchState(models.Model):
    """Small facts about the search data, by key: the analysis version the entries were built with,
    the synonyms' version (per-process caches reload when it changes), whether the starter synonyms
    were loaded."""

    key = models.CharField(max_length=50, unique=True)
    value = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class SearchTerm(models.Model):
    """The words of the indexed content, per language, for "did you mean" and typo tolerance."""

    lang = models.CharField(max_length=5)
    term = models.CharField(max_length=100)
    display = models.CharField(max_length=100)  # as first seen in content, e.g. with ة

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lang", "term"], name="unique_search_term")]

    def __str__(self) -> str:
        return self.term


class Synonym(models.Model):
    """Words people use for the same thing; applied when searching, no reindex needed."""

    terms = models.TextField(
        _("words"),
        help_text=_("Words or phrases that mean the same, separated by commas, e.g. رخصة, ترخيص, licence, license."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    def term_list(self) -> list[str]:
        return [t.strip() for t in self.terms.replace("،", ",").replace("\n", ",").split(",") if t.strip()]


class BestBet(models.Model):
    """An editor's pinned result: for this query, show this item first."""

    query = models.CharField(_("query"), max_length=256)
    query_normalised = models.CharField(max_length=256, editable=False, db_index=True)
    lang = models.CharField(_("language"), max_length=5, choices=LANG_CHOICES)
    type = models.CharField(_("type"), max_length=30, choices=TYPE_CHOICES, default="service")
    code = models.CharField(_("code"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("best bet")
        verbose_name_plural = _("best bets")
        ordering = ["lang", "query_normalised", "sort_order"]

    def __str__(self) -> str:
        return f"{self.query} → {self.type}:{self.code}"

    def save(self, *args, **kwargs):
        self.query_normalised = " ".join(text.tokens(self.query))[:256]
        super().save(*args, **kwargs)


class QueryStat(models.Model):
    """How often a (normalised) query was searched on one day, and how often it found nothing."""

    day = models.DateField(_("day"))
    lang = models.CharField(_("language"), max_length=5)
    query = models.CharField(_("query"), max_length=256)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_results = models.PositiveIntegerField(_("searches without results"), default=0)

    class Meta:
        verbose_name = _("search query statistic")
        verbose_name_plural = _("search query statistics")
        constraints = [models.UniqueConstraint(fields=["day", "lang", "query"], name="unique_query_stat")]

    def __str__(self) -> str:
        return f"{self.day} {self.lang} {self.query}"


class PendingIndexUpdate(models.Model):
    """An item whose Elasticsearch document still has to be written or removed (retried with back-off)."""

    type = models.CharField(max_length=30)
    code = models.CharField(max_length=80)
    lang = models.CharField(max_length=5)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["type", "code", "lang"], name="unique_pending_update")]

    def __str__(self) -> str:
        return f"{self.type}:{self.code}:{self.lang}"


class SearchJudgement(models.Model):
    """An editor's judgement: for this query in this language, these items are the right answer.

    The judgements are the quality set: the admin report and ``manage.py search_quality`` measure
    both backends against them (mean reciprocal rank and recall at 5).
    """

    query = models.CharField(_("query"), max_length=256)
    lang = models.CharField(_("language"), max_length=5, choices=LANG_CHOICES)
    expected = models.CharField(
        _("expected codes"),
        max_length=500,
        help_text=_("The codes of the right answers, best first, separated by commas, e.g. LIC-002."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("search judgement")
        verbose_name_plural = _("search judgements")
        ordering = ["lang", "query"]

    def __str__(self) -> str:
        return f"{self.lang}: {self.query} → {self.expected}"

    def expected_codes(self) -> list[str]:
        return [c.strip() for c in self.expected.replace("،", ",").replace("|", ",").split(",") if c.strip()]
