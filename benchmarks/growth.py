"""How the costs grow with the catalogue: 1,000, 10,000 and 100,000 services (Arabic and English)
on PostgreSQL and Elasticsearch.

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/growth_bench ELASTICSEARCH_URL=http://127.0.0.1:9200 \\
        .venv/bin/python benchmarks/growth.py --sizes 1000 10000 [100000] --reset-database

The catalogue grows from one size to the next in the same database (``--reset-database`` drops
and creates the database named in DATABASE_URL first; its name must contain "growth"). At each
size it measures, through the whole Django stack in this process (no network but the local
servers):

- feed list p95: ``/api/feed/v1/services?limit=100``, the first page and a page 90 % deep (cursor),
  the feed's response cache cleared before each request;
- sync from the start: following ``/api/feed/v1/sync`` to the end, changes per second;
- search p95 on the database backend and on Elasticsearch (a fixed mix of queries);
- search rebuild, both backends, documents per second;
- a feed snapshot (to a temporary folder): time and peak memory;
- the admin's services listing (a superuser): p95;
- importing 1,000 new and then 1,000 changed rows into the catalogue: rows/s and peak memory;
- and what generating the size took (time, peak memory).

Peak memory is the highest resident memory sampled during a step, above what the process held
when the step began. Figures are kept in docs/scale/growth.json (a later run at another size adds
to them) and written as the table in docs/scale.md and one SVG chart per figure in docs/scale/.
Only 127.0.0.1 is spoken to; indices are named with their own prefix and deleted at the end.
"""

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path, where benchmarks/import_export.py would
# shadow the django-import-export package: use the project root instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

DOCS = ROOT / "docs"
FIGURES_FILE = DOCS / "scale" / "growth.json"
DEPARTMENTS = ["licensing", "leasing", "consumer-protection", "public-health", "buildings", "environment"]
CHANNELS = ["counter", "mall-centre", "kiosk", "dreesha", "website", "app-smart-fujairah", "call-centre"]
AUDIENCES = ["individuals", "businesses", "elderly", "people-of-determination"]
GENERATE_BATCH = 1000  # rows per import transaction while generating
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}

# (key, label, unit, what "good" growth is)
FIGURES = [
    ("generate_s", "Generating the services added since the previous size", "s", "linear"),
    ("generate_peak_mb", "Generating: peak memory", "MB", "bounded"),
    ("feed_first_p95_ms", "Feed list, first page: p95", "ms", "flat"),
    ("feed_deep_p95_ms", "Feed list, deep cursor: p95", "ms", "flat"),
    ("sync_items_per_s", "Sync from the start", "changes/s", "flat"),
    ("sync_s", "Sync from the start: total", "s", "linear"),
    ("search_database_p95_ms", "Search p95, database", "ms", "flat"),
    ("search_elasticsearch_p95_ms", "Search p95, Elasticsearch", "ms", "flat"),
    ("rebuild_database_docs_per_s", "Search rebuild, database", "documents/s", "flat"),
    ("rebuild_elasticsearch_docs_per_s", "Search rebuild, Elasticsearch", "documents/s", "flat"),
    ("snapshot_s", "Snapshot", "s", "linear"),
    ("snapshot_peak_mb", "Snapshot: peak memory", "MB", "bounded"),
    ("admin_listing_p95_ms", "Admin services listing: p95", "ms", "flat"),
    ("import_new_rows_per_s", "Import 1,000 new rows", "rows/s", "flat"),
    ("import_new_peak_mb", "Import 1,000 new rows: peak memory", "MB", "bounded"),
    ("import_changed_rows_per_s", "Import 1,000 changed rows", "rows/s", "flat"),
    ("import_changed_peak_mb", "Import 1,000 changed rows: peak memory", "MB", "bounded"),
]


def _local(url: str, name: str) -> None:
    host = urlparse(url).hostname
    if host not in LOCAL_HOSTS:
        raise SystemExit(f"{name} must point at 127.0.0.1 (got {host!r})")


def reset_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if "growth" not in name:
        raise SystemExit(f"--reset-database refuses to drop {name!r}: its name must contain 'growth'")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup(prefix: str) -> None:
    os.environ["BALADIYA_VAR_DIR"] = tempfile.mkdtemp(prefix="baladiya-growth-")
    os.environ["SEARCH_INDEX_PREFIX"] = prefix
    os.environ["FEED_RATE_LIMIT_PER_MINUTE"] = "0"  # one client asking again and again
    os.environ.pop("AWS_STORAGE_BUCKET_NAME", None)
    # As served in production: with DEBUG on, Django logs every query's SQL (up to 9,000
    # statements, megabytes per import) and re-reads templates on every request. The run of
    # 3 December 2026 in docs/scale.md was made before this line, with DEBUG on.
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()
    from django.core.management import call_command

    quiet = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0, stdout=quiet)
    call_command("bootstrap", verbosity=0, stdout=quiet)


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


@contextmanager
def peak_memory(result: dict, key: str):
    """Sample the resident memory every 20 ms during the block; the peak above its start goes to result[key]."""
    start = _rss_mb()
    peak = [start]
    stop = threading.Event()

    def sample():
        while not stop.wait(0.02):
            peak[0] = max(peak[0], _rss_mb())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        result[key] = round(max(peak[0], _rss_mb()) - start, 1)


def row(number: int, *, prefix: str = "GRO", edition: str = ""):
    from catalogue.writing.rows import ServiceData, ServiceTexts

    return ServiceData(
        code=f"{prefix}-{number:06d}",
        department=DEPARTMENTS[number % len(DEPARTMENTS)],
        channels=[CHANNELS[j] for j in range(len(CHANNELS)) if (number >> j) & 1] or ["counter"],
        audiences=AUDIENCES[: 1 + number % len(AUDIENCES)],
        fee_aed=Decimal((number * 37) % 2000),
        e_payment=bool(number % 2),
        uae_pass=bool(number % 3),
        ar=ServiceTexts(
            title=f"خدمة رقم {number} للترخيص والتصاريح",
            summary=f"ملخص الخدمة رقم {number}.{edition}",
            description=f"<p>تتيح هذه الخدمة للمتعاملين إنجاز المعاملة رقم {number} عبر القنوات المتاحة.</p>",
            processing_time="يوم عمل واحد",
            documents=["صورة الهوية الإماراتية", "نموذج الطلب"],
            steps=["تقديم الطلب", "دفع الرسوم", "استلام النتيجة"],
            keywords=["خدمة", "ترخيص"],
        ),
        en=ServiceTexts(
            title=f"Service number {number} for licences and permits",
            summary=f"Summary of service {number}.{edition}",
            description=f"<p>This service lets customers complete transaction {number} through any channel.</p>",
            processing_time="1 working day",
            documents=["Emirates ID copy", "Application form"],
            steps=["Submit the application", "Pay the fees", "Receive the result"],
            keywords=["service", "licence"],
        ),
    )


def search_queue_drain() -> None:
    """Send what the pipeline queued for Elasticsearch (the worker's job) before measuring."""
    from django.conf import settings

    if not settings.ELASTICSEARCH_URL:
        return
    from search.services import search_pending_process

    for _ in range(10_000):  # bounded: each round takes a batch off the queue
        result = search_pending_process(limit=2000)
        if not (result.indexed or result.deleted) or result.retry_at:
            break


def write(rows: list, user) -> None:
    from catalogue.services import service_import

    for start in range(0, len(rows), GENERATE_BATCH):
        service_import(rows=rows[start : start + GENERATE_BATCH], user=user)
    search_queue_drain()


def p95(times: list[float]) -> float:
    times = sorted(times)
    return round(times[max(0, int(len(times) * 0.95) - 1)] * 1000, 1)


class Http:
    """Requests through Django's whole stack (test client), from 127.0.0.1."""

    def __init__(self):
        from django.test import Client

        self.client = Client(HTTP_HOST="127.0.0.1")

    def get(self, path: str) -> dict | None:
        response = self.client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
        return response.json() if response["Content-Type"].startswith("application/json") else None


def measure_size(size: int, *, user, samples: int, state: dict) -> dict:
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage

    from feed.http import response_cache
    from feed.selectors import _encode
    from feed.snapshots import snapshot_publish
    from search.selectors import SearchParams, search_run
    from search.services import search_entries_rebuild, search_index_rebuild

    figures: dict = {"size": size}
    existing = state["generated"]
    started = time.perf_counter()
    with peak_memory(figures, "generate_peak_mb"):
        write([row(n) for n in range(existing, size)], user)
    figures["generate_s"] = round(time.perf_counter() - started, 1)
    figures["generate_rows"] = size - existing
    state["generated"] = size
    print(f"[{size}] generated {size - existing} services in {figures['generate_s']} s", flush=True)

    http = Http()

    def timed(path: str) -> float:
        response_cache.clear()
        t0 = time.perf_counter()
        http.get(path)
        return time.perf_counter() - t0

    http.get("/api/feed/v1/services?limit=100")  # warm up
    figures["feed_first_p95_ms"] = p95([timed("/api/feed/v1/services?limit=100") for _ in range(samples)])
    deep = _encode("l", f"GRO-{int(size * 0.9):06d}")
    figures["feed_deep_p95_ms"] = p95([timed(f"/api/feed/v1/services?limit=100&cursor={deep}") for _ in range(samples)])

    changes, cursor, t0 = 0, None, time.perf_counter()
    for _ in range(100_000):  # bounded: a page of changes per request
        body = http.get("/api/feed/v1/sync" + (f"?cursor={cursor}" if cursor else ""))
        changes += len(body["changes"])
        cursor = body["next_cursor"]
        if not body["has_more"] or time.perf_counter() - t0 > 900:
            break
    figures["sync_s"] = round(time.perf_counter() - t0, 1)
    figures["sync_items"] = changes
    figures["sync_items_per_s"] = round(changes / figures["sync_s"]) if figures["sync_s"] else None

    mix = [("ar", "خدمة"), ("en", "service"), ("ar", "ترخيص"), ("en", "licence permits")]
    mix += [("ar", f"خدمة رقم {n}") for n in range(1, size, max(1, size // 10))]
    mix += [("en", f"transaction {n}") for n in range(7, size, max(1, size // 10))]
    backends = ["database"] + (["elasticsearch"] if settings.ELASTICSEARCH_URL else [])
    for backend in backends:
        for lang, q in mix[:3]:  # warm up
            search_run(params=SearchParams(q=q, lang=lang), backend=backend)
        times = []
        for _ in range(max(1, samples // 10)):
            for lang, q in mix:
                t = time.perf_counter()
                search_run(params=SearchParams(q=q, lang=lang), backend=backend)
                times.append(time.perf_counter() - t)
        figures[f"search_{backend}_p95_ms"] = p95(times)

    t = time.perf_counter()
    documents = search_entries_rebuild()
    figures["rebuild_database_docs_per_s"] = round(documents / (time.perf_counter() - t))
    if settings.ELASTICSEARCH_URL:
        t = time.perf_counter()
        result = search_index_rebuild()
        figures["rebuild_elasticsearch_docs_per_s"] = round(result.documents / (time.perf_counter() - t))
    figures["search_documents"] = documents

    with tempfile.TemporaryDirectory(prefix="baladiya-growth-snapshot-") as folder:
        t = time.perf_counter()
        with peak_memory(figures, "snapshot_peak_mb"):
            snapshot = snapshot_publish(storage=FileSystemStorage(location=folder), prefix="growth", keep=1)
        figures["snapshot_s"] = round(time.perf_counter() - t, 1)
        figures["snapshot_items"] = snapshot.items

    http.client.force_login(user)
    http.get("/admin/services/")
    times = []
    for _ in range(max(3, samples // 4)):
        t = time.perf_counter()
        http.get("/admin/services/")
        times.append(time.perf_counter() - t)
    figures["admin_listing_p95_ms"] = p95(times)

    new_rows = [row(n, prefix="NEW") for n in range(state["new"], state["new"] + 1000)]
    state["new"] += 1000
    t = time.perf_counter()
    with peak_memory(figures, "import_new_peak_mb"):
        write(new_rows, user)
    figures["import_new_rows_per_s"] = round(1000 / (time.perf_counter() - t))
    state["edition"] += 1
    changed = [row(n, edition=f" ({state['edition']})") for n in range(0, size, max(1, size // 1000))][:1000]
    t = time.perf_counter()
    with peak_memory(figures, "import_changed_peak_mb"):
        write(changed, user)
    figures["import_changed_rows_per_s"] = round(len(changed) / (time.perf_counter() - t))
    print(f"[{size}] {json.dumps(figures)}", flush=True)
    return figures


# --- output ---------------------------------------------------------------------------------
def _svg(key: str, label: str, unit: str, points: list[tuple[int, float]]) -> str:
    """A line chart of one figure against catalogue size (sizes on a log scale)."""
    import math

    width, height, left, right, top, bottom = 560, 300, 70, 20, 40, 50
    sizes = [s for s, _ in points]
    lo, hi = math.log10(min(sizes)), math.log10(max(sizes))
    peak = max(v for _, v in points) * 1.15 or 1

    def x(size):
        return left + (width - left - right) * ((math.log10(size) - lo) / (hi - lo) if hi > lo else 0.5)

    def y(value):
        return height - bottom - (height - top - bottom) * value / peak

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="t-{key}">',
        f'<title id="t-{key}">{label} ({unit}) against catalogue size</title>',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{left}" y="24" font-family="sans-serif" font-size="15">{label} ({unit})</text>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#444"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#444"/>',
    ]
    for tick in range(5):
        value = peak * tick / 4
        parts.append(
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" font-family="sans-serif" font-size="11" '
            f'text-anchor="end">{value:,.0f}</text>'
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{width - right}" y2="{y(value):.1f}" stroke="#ddd"/>'
        )
    line = " ".join(f"{x(s):.1f},{y(v):.1f}" for s, v in points)
    parts.append(f'<polyline points="{line}" fill="none" stroke="#1f6f8b" stroke-width="2"/>')
    for size, value in points:
        parts.append(
            f'<circle cx="{x(size):.1f}" cy="{y(value):.1f}" r="4" fill="#1f6f8b"/>'
            f'<text x="{x(size):.1f}" y="{y(value) - 8:.1f}" font-family="sans-serif" font-size="11" '
            f'text-anchor="middle">{value:,}</text>'
            f'<text x="{x(size):.1f}" y="{height - bottom + 18}" font-family="sans-serif" font-size="11" '
            f'text-anchor="middle">{size:,} services</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def report(results: dict) -> None:
    """The table in docs/scale.md (between its markers) and a chart per figure in docs/scale/."""
    sizes = sorted(int(s) for s in results)
    (DOCS / "scale").mkdir(exist_ok=True)
    header = "| figure | growth aimed at | " + " | ".join(f"{s:,}" for s in sizes) + " | chart |"
    lines = [header, "|---|---|" + "---|" * len(sizes) + "---|"]
    for key, label, unit, aim in FIGURES:
        values = [(s, results[str(s)].get(key)) for s in sizes]
        if all(v is None for _, v in values):
            continue
        cells = " | ".join("–" if v is None else f"{v:,}" for _, v in values)
        chart = f"scale/{key}.svg"
        points = [(s, v) for s, v in values if v is not None]
        if len(points) >= 2:
            (DOCS / chart).write_text(_svg(key, label, unit, points), encoding="utf-8")
            lines.append(f"| {label} ({unit}) | {aim} | {cells} | [chart]({chart}) |")
        else:
            lines.append(f"| {label} ({unit}) | {aim} | {cells} | |")
    table = "\n".join(lines)
    page = DOCS / "scale.md"
    text = page.read_text(encoding="utf-8") if page.exists() else "<!-- growth:start -->\n<!-- growth:end -->\n"
    head, _, rest = text.partition("<!-- growth:start -->")
    _, _, tail = rest.partition("<!-- growth:end -->")
    page.write_text(f"{head}<!-- growth:start -->\n{table}\n<!-- growth:end -->{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--samples", type=int, default=40, help="requests per latency figure")
    parser.add_argument("--reset-database", action="store_true")
    parser.add_argument("--report-only", action="store_true", help="rewrite docs/scale.md from growth.json")
    args = parser.parse_args()
    stored = json.loads(FIGURES_FILE.read_text()) if FIGURES_FILE.exists() else {}
    if args.report_only:
        report(stored)
        return
    url, search_url = os.environ.get("DATABASE_URL", ""), os.environ.get("ELASTICSEARCH_URL", "")
    if not url.startswith("postgres") or not search_url:
        raise SystemExit("Set DATABASE_URL (PostgreSQL) and ELASTICSEARCH_URL, both on 127.0.0.1.")
    _local(url, "DATABASE_URL")
    _local(search_url, "ELASTICSEARCH_URL")
    if args.reset_database:
        reset_database(url)
    prefix = f"growth-{os.getpid()}"
    setup(prefix)

    from django.contrib.auth import get_user_model

    from search import es

    user = get_user_model().objects.create_superuser(f"growth-{os.getpid()}", "growth@example.com", "growth-only-pw")
    from catalogue.models import ServicePage

    state = {
        "generated": ServicePage.objects.filter(code__startswith="GRO-", locale__language_code="ar").count(),
        "new": ServicePage.objects.filter(code__startswith="NEW-", locale__language_code="ar").count(),
        "edition": 0,
    }
    try:
        for size in sorted(args.sizes):
            stored[str(size)] = measure_size(size, user=user, samples=args.samples, state=state)
            FIGURES_FILE.parent.mkdir(exist_ok=True)
            FIGURES_FILE.write_text(json.dumps(stored, indent=1, sort_keys=True) + "\n")
            report(stored)
    finally:
        client = es.es_client()
        names = list(client.indices.get(index=f"{prefix}*", allow_no_indices=True, expand_wildcards="all"))
        if names:
            client.indices.delete(index=",".join(names), ignore_unavailable=True)


if __name__ == "__main__":
    main()
