"""``manage.py search_quality [--min-mrr 0.9] [--backend database|elasticsearch]``: the editors'
judgements run on each backend; MRR and recall@5 per backend and language, the failing ones, and
exit status 1 when a backend's MRR is below the threshold (CI runs it on the demo catalogue)."""

from django.core.management.base import BaseCommand, CommandError

from search import es
from search.selectors import quality_backends, search_quality


class Command(BaseCommand):
    help = "Measure search quality (MRR, recall@5) against the editors' judgements."

    def add_arguments(self, parser):
        parser.add_argument("--min-mrr", type=float, default=0.0, help="Fail below this MRR on any backend.")
        parser.add_argument(
            "--backend",
            action="append",
            choices=["database", "elasticsearch"],
            help="Measure only this backend (repeatable); by default the database, and Elasticsearch when set.",
        )

    def handle(self, *args, min_mrr: float, backend: list[str] | None, **options):
        backends = backend or quality_backends()
        if "elasticsearch" in backends and not es.es_enabled():
            raise CommandError("ELASTICSEARCH_URL is not set.")
        quality = search_quality(backends=backends)
        self.stdout.write(f"{'backend':<14} {'lang':<4} {'judgements':>10} {'MRR':>6} {'recall@5':>9} {'failing':>8}")
        for row in quality["rows"]:
            self.stdout.write(
                f"{row['backend']:<14} {row['lang']:<4} {row['judgements']:>10} {row['mrr']:>6.3f} "
                f"{row['recall_at_5']:>9.3f} {row['failing']:>8}"
            )
        if quality["failing"] and options.get("verbosity", 1) > 0:
            self.stdout.write("failing (rank of the first expected item; first results):")
            for o in quality["failing"]:
                fell_back = f" (answered by {o['answered_by']})" if o["answered_by"] != o["backend"] else ""
                self.stdout.write(
                    f"  {o['backend']}{fell_back} {o['lang']} {o['judgement'].query!r} "
                    f"expected {','.join(o['expected'])}: rank {o['rank'] or '-'}, got {','.join(o['found']) or '-'}"
                )
        below = [r for r in quality["rows"] if r["lang"] == "all" and r["judgements"] and r["mrr"] < min_mrr]
        if below:
            names = ", ".join(f"{r['backend']} {r['mrr']:.3f}" for r in below)
            raise CommandError(f"MRR below {min_mrr}: {names}", returncode=1)
