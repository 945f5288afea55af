"""An index for the admin services listing's default order (latest revision first, never-revised
pages last), so a page of 50 services is read from the index instead of sorting every page."""

from django.db import migrations

# Wagtail's page table has no index on this column; the listing orders by it with NULLS LAST
# (``wagtail.admin.views.pages.listing.PageListingMixin.order_queryset``). SQLite sorts NULLs
# below every value, so its plain DESC is that order (and it refuses NULLS LAST in an index).
ORDER = {"postgresql": "DESC NULLS LAST"}


def index_create(apps, schema_editor):
    order = ORDER.get(schema_editor.connection.vendor, "DESC")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS catalogue_page_latest_revision "
        f"ON wagtailcore_page (latest_revision_created_at {order})"
    )


def index_drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS catalogue_page_latest_revision")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_servicepage_featured")]

    operations = [migrations.RunPython(index_create, index_drop)]
