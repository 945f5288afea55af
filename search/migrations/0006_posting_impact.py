"""Each posting's impact (what the term alone makes its entry worth), and the term index ordered
by it, so a common word's best entries are read first instead of all of them."""

from django.db import migrations, models

# The impact as ``search.backends.database._postings`` computes it (title fit 0.3), for the
# postings written before this column existed.
FILL = """
UPDATE search_searchposting SET impact =
    (CASE WHEN weight > exact THEN weight ELSE exact END)
    * (1 + 0.3 * (CASE WHEN title_words = 0 THEN 0
                       WHEN title + title_stem >= title_words THEN 1.0
                       ELSE (title + title_stem) * 1.0 / title_words END))
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0005_inverted_index")]

    operations = [
        migrations.AddField(model_name="searchposting", name="impact", field=models.FloatField(default=0)),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.RemoveIndex(model_name="searchposting", name="search_posting_term"),
        migrations.AddIndex(
            model_name="searchposting",
            index=models.Index(fields=["lang", "term", "-impact", "entry"], name="search_posting_impact"),
        ),
    ]
