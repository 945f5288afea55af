"""What the public sees (Publication) and every change of it in commit order (ChangeLog)."""

from django.db import models


class Publication(models.Model):
    """What the outside world sees of one live item in one language: its rendered representation.

    Written by ``publication.services`` in the same transaction as the edit that changed it; the feed,
    snapshots and search documents read these rows, never the page models.
    """

    type = models.CharField(max_length=30)
    code = models.CharField(max_length=80)
    lang = models.CharField(max_length=5)
    payload = models.JSONField()
    etag = models.CharField(max_length=64)
    # Denormalised filter keys, "|a|b|" so that a LIKE '%|a|%' matches one code exactly.
    department = models.CharField(max_length=50, blank=True, db_index=True)
    channels = models.CharField(max_length=500, blank=True)
    audiences = models.CharField(max_length=300, blank=True)
    search_text = models.TextField(blank=True)
    updated_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "cms_publication"  # created when the pipeline lived in cms/; no data moved
        constraints = [models.UniqueConstraint(fields=["type", "lang", "code"], name="unique_publication")]
        # The unique constraint's index (type, lang, code) serves the feed's lists; this one serves
        # the pipeline's and search's lookups of an item's rows in both languages by (type, code),
        # which that index would answer by reading every row of the type (issue 19).
        indexes = [models.Index(fields=["type", "code"], name="publication_item")]

    def __str__(self) -> str:
        return f"{self.type}:{self.code}:{self.lang}"


class ChangeLog(models.Model):
    """One change of the public content, in commit order (``seq``); read by feed sync.

    Only the newest upsert of an item carries its content (``payload``); earlier ones are emptied
    when a newer change is logged (``publication.services.changelog_compact``) and sync skips them.
    """

    class Op(models.TextChoices):
        UPSERT = "upsert"
        DELETE = "delete"

    seq = models.BigAutoField(primary_key=True)
    type = models.CharField(max_length=30)
    code = models.CharField(max_length=80)
    lang = models.CharField(max_length=5)
    op = models.CharField(max_length=10, choices=Op.choices)
    reason = models.CharField(max_length=20, blank=True)
    payload = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cms_changelog"  # created when the pipeline lived in cms/; no data moved
        ordering = ["seq"]
        indexes = [
            # The feed's cache version of a type is its latest sequence number.
            models.Index(fields=["type", "seq"], name="changelog_type_seq"),
            # Compaction finds the upserts that still carry content; only those are indexed, so the
            # index stays as small as the live content however long the log grows.
            models.Index(
                fields=["type", "lang", "code"],
                name="changelog_upserts_with_payload",
                condition=models.Q(op="upsert", payload__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.op} {self.type}:{self.code}:{self.lang}"
