"""Benchmark of the service spreadsheet: generate N services, import, re-import, export.

    .venv/bin/python benchmarks/import_export.py [--rows 10000]

Runs on a fresh SQLite database in a temporary folder (never on the DATABASE_URL you may have
set, unless --use-env-database is given) with the embedded settings: tasks inline, so the
import's figures include revisions, the publication pipeline and search indexing.
Prints rows per second, peak memory and export times; the aims are ≥ 250 rows/s for new services,
≥ 150 rows/s for changed ones and < 10 s for exporting 10,000 rows. Changed rows are written twice
in the same run, by the bulk path and by Wagtail's one-by-one path (``--one-by-one`` rows), for the ratio.
"""

import argparse
import csv
import io
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file's name would shadow the django-import-export package when run as a script.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
DEPARTMENTS = [
    "licensing",
    "leasing",
    "consumer-protection",
    "public-health",
    "buildings",
    "environment",
    "customer-happiness",
]
CHANNELS = ["counter", "mall-centre", "kiosk", "dreesha", "website", "app-smart-fujairah", "call-centre"]
AUDIENCES = ["individuals", "businesses", "elderly", "people-of-determination"]


def generate(rows: int, *, edition: str = "") -> bytes:
    from catalogue.importing.columns import SERVICE_COLUMNS

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SERVICE_COLUMNS)
    writer.writeheader()
    for i in range(rows):
        writer.writerow(
            {
                "code": f"BEN-{i:05d}",
                "department": DEPARTMENTS[i % len(DEPARTMENTS)],
                "title_ar": f"خدمة رقم {i} لاختبار الأداء",
                "title_en": f"Benchmark service number {i}",
                "summary_ar": f"ملخص الخدمة رقم {i}.{edition}",
                "summary_en": f"Summary of service {i}.{edition}",
                "description_ar": f"تتيح هذه الخدمة للمتعاملين إنجاز المعاملة رقم {i} عبر القنوات المتاحة.",
                "description_en": f"This service lets customers complete transaction {i} through any channel.",
                "channels": "|".join(CHANNELS[j] for j in range(len(CHANNELS)) if (i >> j) & 1) or "counter",
                "audiences": "|".join(AUDIENCES[: 1 + i % len(AUDIENCES)]),
                "fee_aed": str((i * 37) % 2000),
                "processing_time_ar": "يوم عمل واحد",
                "processing_time_en": "1 working day",
                "documents_ar": "صورة الهوية الإماراتية|نموذج الطلب",
                "documents_en": "Emirates ID copy|Application form",
                "steps_ar": "تقديم الطلب|دفع الرسوم|استلام النتيجة",
                "steps_en": "Submit the application|Pay the fees|Receive the result",
                "e_payment": "yes" if i % 2 else "no",
                "uae_pass": "yes" if i % 3 else "no",
                "keywords_ar": "خدمة|اختبار",
                "keywords_en": "service|benchmark",
                "status": "published",
            }
        )
    return buffer.getvalue().encode("utf-8")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--changed", type=int, default=1000, help="existing services then edited by a second file")
    parser.add_argument(
        "--one-by-one",
        type=int,
        default=200,
        help="existing services then edited through Wagtail's path, for comparison",
    )
    parser.add_argument(
        "--use-env-database", action="store_true", help="use DATABASE_URL (give it an empty database of its own)"
    )
    parser.add_argument(
        "--use-env-search",
        action="store_true",
        help="also index into ELASTICSEARCH_URL (indices named bench-*, deleted at the end)",
    )
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="baladiya-bench-")
    os.environ["BALADIYA_VAR_DIR"] = workdir
    if not args.use_env_database:
        os.environ.pop("DATABASE_URL", None)
    os.environ.pop("AWS_STORAGE_BUCKET_NAME", None)
    # Measured as production runs, DEBUG off (DJANGO_DEBUG=1 to compare): with DEBUG, Django keeps
    # the text of each connection's last 9,000 statements, values inlined, which costs time and,
    # import after import, about 35 MB per 1,000 new services (docs/scale.md).
    os.environ.setdefault("DJANGO_DEBUG", "0")
    if args.use_env_search:
        os.environ["SEARCH_INDEX_PREFIX"] = f"bench-{os.getpid()}"
    else:
        os.environ.pop("ELASTICSEARCH_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from tqdm import tqdm

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from wagtail.models import Revision

    from catalogue.importing.resources import services_export
    from catalogue.importing.runner import import_apply, import_preview
    from publication.models import ChangeLog, Publication

    quiet = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0, stdout=quiet)
    call_command("bootstrap", verbosity=0, stdout=quiet)
    user = get_user_model().objects.create_superuser("benchmark", "bench@example.com", "benchmark-only-pw")

    data = generate(args.rows)
    figures = {"rows": args.rows, "file_mb": round(len(data) / 1024 / 1024, 2)}

    start = time.perf_counter()
    report = import_preview(name="bench.csv", data=data, user=user)
    figures["preview_s"] = time.perf_counter() - start
    assert report.count("new") == args.rows, report.summary()

    start, cpu = time.perf_counter(), time.process_time()
    with tqdm(total=args.rows, desc="import", unit="row") as bar:
        import_apply(name="bench.csv", data=data, user=user, progress=bar.update)
    figures["import_s"] = time.perf_counter() - start
    # CPU seconds of this process: on SQLite all the import's work, and far steadier than the
    # wall clock on a shared machine.
    figures["import_cpu_s"] = time.process_time() - cpu
    figures["peak_rss_mb"] = round(peak_mb(), 1)

    start = time.perf_counter()
    again = import_preview(name="bench.csv", data=data, user=user)
    figures["reimport_check_s"] = time.perf_counter() - start
    assert again.count("unchanged") == args.rows, again.summary()

    changed = min(args.changed, args.rows)
    edited = generate(changed, edition=" (edited)")
    start, cpu = time.perf_counter(), time.process_time()
    with tqdm(total=changed, desc="update", unit="row") as bar:
        import_apply(name="edited.csv", data=edited, user=user, progress=bar.update)
    figures["update_s"] = time.perf_counter() - start
    figures["update_cpu_s"] = time.process_time() - cpu
    figures["update_peak_rss_mb"] = round(peak_mb(), 1)

    # The same kind of edit through Wagtail's own path (the bulk path leaves every row to it).
    from catalogue.writing import batch
    from catalogue.writing.bulk_update import UpdateOutcome

    slow = min(args.one_by_one, args.rows)
    edited_again = generate(slow, edition=" (edited again)")
    bulk_path = batch.services_update_bulk
    batch.services_update_bulk = lambda *, rows, **kwargs: UpdateOutcome(deferred=list(rows))
    try:
        start = time.perf_counter()
        with tqdm(total=slow, desc="update one by one", unit="row") as bar:
            import_apply(name="edited-again.csv", data=edited_again, user=user, progress=bar.update)
        figures["update_one_by_one_s"] = time.perf_counter() - start
    finally:
        batch.services_update_bulk = bulk_path

    for file_format in ("csv", "xlsx"):
        start = time.perf_counter()
        body = services_export(file_format=file_format)
        figures[f"export_{file_format}_s"] = time.perf_counter() - start
        figures[f"export_{file_format}_mb"] = round(len(body) / 1024 / 1024, 2)

    print()
    print(f"rows                          {args.rows}")
    print(f"file                          {figures['file_mb']} MB CSV")
    print(
        f"preview (validate + diff)     {figures['preview_s']:.1f} s  = {args.rows / figures['preview_s']:.0f} rows/s"
    )
    print(
        f"import (revisions, publish,   {figures['import_s']:.1f} s  = {args.rows / figures['import_s']:.1f} rows/s  (aim ≥ 250)"
    )
    print(
        f"  feed change log, search)      CPU {figures['import_cpu_s']:.1f} s = {args.rows / figures['import_cpu_s']:.0f} rows per CPU second"
    )
    print(
        f"re-import check (unchanged)   {figures['reimport_check_s']:.1f} s  = {args.rows / figures['reimport_check_s']:.0f} rows/s"
    )
    bulk_rate = changed / figures["update_s"]
    slow_rate = slow / figures["update_one_by_one_s"]
    print(f"update {changed} existing (bulk)  {figures['update_s']:.1f} s  = {bulk_rate:.1f} rows/s  (aim ≥ 150)")
    print(
        f"                              CPU {figures['update_cpu_s']:.1f} s = {changed / figures['update_cpu_s']:.0f} rows per CPU second"
    )
    print(
        f"update {slow} one by one       {figures['update_one_by_one_s']:.1f} s  = {slow_rate:.1f} rows/s"
        f"  (Wagtail's path; bulk is {bulk_rate / slow_rate:.1f}x)"
    )
    print(
        f"export CSV                    {figures['export_csv_s']:.1f} s  ({figures['export_csv_mb']} MB; aim < 10 s for 10,000)"
    )
    print(f"export XLSX                   {figures['export_xlsx_s']:.1f} s  ({figures['export_xlsx_mb']} MB)")
    print(
        f"peak memory (RSS)             {figures['peak_rss_mb']} MB after import, {figures['update_peak_rss_mb']} MB after update"
    )
    print(
        f"written: {Revision.objects.count()} revisions, {Publication.objects.count()} publications, "
        f"{ChangeLog.objects.count()} change-log rows"
    )
    from django.conf import settings
    from django.db import connection

    print(
        f"database: {connection.vendor}; Elasticsearch: {'yes' if settings.ELASTICSEARCH_URL else 'no'}; "
        f"DEBUG {'on' if settings.DEBUG else 'off'}"
    )
    if settings.ELASTICSEARCH_URL:
        from search import es

        client = es.es_client()
        print(f"Elasticsearch documents: {client.count(index=f'{settings.SEARCH_INDEX_PREFIX}*')['count']}")
        names = list(client.indices.get(index=f"{settings.SEARCH_INDEX_PREFIX}*", expand_wildcards="all"))
        if names:
            client.indices.delete(index=",".join(names))


if __name__ == "__main__":
    try:
        main()
    finally:
        # The temporary database of a 10,000-service run takes hundreds of megabytes.
        shutil.rmtree(os.environ.get("BALADIYA_VAR_DIR", ""), ignore_errors=True) if os.environ.get(
            "BALADIYA_VAR_DIR", ""
        ).startswith(tempfile.gettempdir()) else None
