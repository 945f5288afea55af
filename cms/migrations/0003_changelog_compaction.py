"""Sync history keeps content only in the newest upsert of each item (cms.publication.changelog_compact).

Compacts the log written before, then indexes the upserts that still carry content."""

from django.db import migrations, models
from django.db.models import Max


def compact_history(apps, schema_editor):
    ChangeLog = apps.get_model("cms", "ChangeLog")
    newest = ChangeLog.objects.values("type", "code", "lang").annotate(last=Max("seq")).values("last")
    ChangeLog.objects.filter(op="upsert", payload__isnull=False).exclude(seq__in=newest).update(payload=None)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_feed_webhooks_api_keys"),
    ]

    operations = [
        # Emptied content cannot come back; going backwards leaves the log compacted.
        migrations.RunPython(compact_history, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="changelog",
            index=models.Index(
                condition=models.Q(("op", "upsert"), ("payload__isnull", False)),
                fields=["type", "lang", "code"],
                name="changelog_upserts_with_payload",
            ),
        ),
    ]
