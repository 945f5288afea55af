"""Feed speed, in one run on the same data: reading 100 services through /api/feed/v1/ versus
Wagtail's API v2 (fields=*) and v3 (lists + details), and the in-memory limit of the stack.

    .venv/bin/python benchmarks/feed_api.py [--services 1000] [--use-env-database]

Creates N service pages (Arabic) through the catalogue's service layer on a fresh SQLite database
in a temporary folder (or on DATABASE_URL with --use-env-database, where it reuses services that
exist). Requests go through the whole WSGI stack (every middleware) in this process, one client,
no network. A "batch" is what an app needs to read 100 services:
  feed            1 request  /api/feed/v1/services?limit=100, response cache cleared each time
  feed (warm)     the same with the feed's response cache warm
  feed (304)      the same with If-None-Match: the client already holds it
  API v2          5 requests /api/v2/pages/?type=catalogue.ServicePage&fields=*&limit=20
  API v3          5 list requests (limit 20) + 100 detail requests
  memory          1 request returning the feed's own body from memory (the stack's ceiling;
                  the issue measured it with 64 KB)
Bars (issue 6): feed ≥ 10× API v2 uncached; feed (warm) ≥ 1/3 of memory.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path, where benchmarks/import_export.py would
# shadow the django-import-export package: use the project root instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


def setup(use_env_database: bool) -> None:
    if not use_env_database:
        os.environ["BALADIYA_VAR_DIR"] = tempfile.mkdtemp(prefix="baladiya-feed-bench-")
        for name in ("DATABASE_URL", "ELASTICSEARCH_URL", "AWS_STORAGE_BUCKET_NAME"):
            os.environ.pop(name, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.feed_settings"
    import django

    django.setup()
    from django.core.management import call_command

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0, stdout=quiet)
    call_command("bootstrap", verbosity=0, stdout=quiet)


def expose_service_fields() -> None:
    """Give API v2/v3 the same content the feed carries, so the comparison is like for like."""
    from wagtail.api import APIField

    from catalogue.models import ServicePage

    ServicePage.api_fields = [
        APIField(name)
        for name in (
            "code",
            "department",
            "summary",
            "description",
            "audiences",
            "processing_time",
            "e_payment",
            "uae_pass",
            "status",
            "channel_links",
            "fees",
            "required_documents",
            "steps",
        )
    ]
    for related in ("ServiceChannel", "ServiceFee", "ServiceDocument", "ServiceStep"):
        import catalogue.models as m

        model = getattr(m, related)
        model.api_fields = [APIField(f.name) for f in model._meta.fields if f.name not in ("id", "page", "sort_order")]


def seed(services: int) -> None:
    from decimal import Decimal

    from tqdm import tqdm

    from catalogue.models import ServicePage
    from catalogue.services import ServiceData, ServiceTexts, service_upsert

    existing = ServicePage.objects.filter(locale__language_code="ar").count()
    departments = ["licensing", "leasing", "consumer-protection", "public-health", "buildings", "environment"]
    channels = ["counter", "mall-centre", "kiosk", "website", "app-smart-fujairah", "call-centre"]
    for i in tqdm(range(existing, services), desc="service pages", unit="page"):
        service_upsert(
            data=ServiceData(
                code=f"BEN-{i:05d}",
                department=departments[i % len(departments)],
                channels=[c for j, c in enumerate(channels) if (i >> j) & 1] or ["counter"],
                audiences=["individuals", "businesses"][: 1 + i % 2],
                fee_aed=Decimal(i % 900),
                e_payment=True,
                uae_pass=bool(i % 2),
                ar=ServiceTexts(
                    title=f"خدمة رقم {i} لاختبار الأداء",
                    summary=f"ملخص الخدمة رقم {i} المقدمة من بلدية الفجيرة للمتعاملين.",
                    description=f"<p>تتيح هذه الخدمة للمتعاملين إنجاز المعاملة رقم {i} عبر القنوات المتاحة، مع متابعة الطلب حتى إنجازه.</p>",
                    processing_time="يوم عمل واحد",
                    documents=["صورة الهوية الإماراتية", "نموذج الطلب", "رخصة سارية"],
                    steps=["تقديم الطلب", "دفع الرسوم", "مراجعة الطلب", "استلام النتيجة"],
                    keywords=["رخصة", "تصريح"],
                    fee_label="رسوم الخدمة",
                ),
                en=ServiceTexts(),
            )
        )


class Harness:
    """Calls the WSGI application directly: every middleware, no sockets."""

    def __init__(self):
        from django.core.handlers.wsgi import WSGIHandler

        self.app = WSGIHandler()

    def get(self, path: str, headers: dict | None = None) -> tuple[int, bytes]:
        route, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": route,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1",
            "wsgi.input": io.BytesIO(),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            **(headers or {}),
        }
        status = []
        body = b"".join(self.app(environ, lambda s, h, *a: status.append(int(s.split()[0]))))
        return status[0], body


def measure(name: str, batch, *, seconds: float, min_batches: int) -> dict:
    batch()  # warm up (imports, first queries)
    durations = []
    started = time.perf_counter()
    while time.perf_counter() - started < seconds or len(durations) < min_batches:
        t0 = time.perf_counter()
        batch()
        durations.append(time.perf_counter() - t0)
    total = sum(durations)
    p95 = statistics.quantiles(durations, n=20)[-1] if len(durations) >= 20 else max(durations)
    return {"name": name, "batches": len(durations), "per_second": len(durations) / total, "p95_ms": p95 * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=5.0, help="time spent on each contender")
    parser.add_argument("--use-env-database", action="store_true")
    args = parser.parse_args()
    setup(args.use_env_database)
    seed(args.services)
    expose_service_fields()

    from django.db import connection

    from catalogue.models import ServicePage
    from feed.http import response_cache

    http = Harness()

    def ok(path, headers=None, expect=200):
        status, body = http.get(path, headers)
        assert status == expect, (path, status, body[:300])
        return body

    import json

    feed_path = "/api/feed/v1/services?limit=100"
    feed_items = json.loads(ok(feed_path))["items"]
    assert len(feed_items) == 100
    v2_list = "/api/v2/pages/?type=catalogue.ServicePage&fields=*&locale=ar&limit=20&offset={}"
    v2_first = json.loads(ok(v2_list.format(0)))
    assert len(v2_first["items"]) == 20 and "description" in v2_first["items"][0]
    v3_list = "/api/v3/pages/?type=catalogue.ServicePage&locale=ar&limit=20&offset={}"
    v3_first = json.loads(ok(v3_list.format(0)))
    assert len(v3_first["items"]) == 20

    import benchmarks.feed_urls

    # The ceiling: the very same bytes as the feed's answer, returned from memory.
    benchmarks.feed_urls.memory_body[0] = ok(feed_path)

    def feed_uncached():
        response_cache.clear()
        ok(feed_path)

    def feed_warm():
        ok(feed_path)

    etag_status, _ = http.get(feed_path)
    from feed.http import response_cache as cache

    etag = next(iter(cache._entries.values())).etag

    def feed_304():
        ok(feed_path, {"HTTP_IF_NONE_MATCH": etag}, expect=304)

    def api_v2():
        for page in range(5):
            ok(v2_list.format(page * 20))

    def api_v3():
        for page in range(5):
            items = json.loads(ok(v3_list.format(page * 20)))["items"]
            for item in items:
                ok(f"/api/v3/pages/{item['id']}/")

    def memory():
        ok("/bench/memory")

    print(
        f"\n{ServicePage.objects.filter(locale__language_code='ar').count()} service pages, "
        f"database {connection.vendor}; feed list body {len(ok(feed_path)) / 1024:.0f} KB, "
        f"same bytes from memory: {len(ok('/bench/memory')) / 1024:.0f} KB"
    )
    results = [
        measure("feed /services?limit=100 (uncached)", feed_uncached, seconds=args.seconds, min_batches=20),
        measure("feed, response cache warm", feed_warm, seconds=args.seconds, min_batches=20),
        measure("feed, If-None-Match → 304", feed_304, seconds=args.seconds, min_batches=20),
        measure("Wagtail API v2 fields=* (5 × 20)", api_v2, seconds=args.seconds, min_batches=5),
        measure("Wagtail API v3 (5 lists + 100 details)", api_v3, seconds=args.seconds, min_batches=3),
        measure("same body from memory", memory, seconds=args.seconds, min_batches=20),
    ]
    by = {r["name"]: r for r in results}
    print(f"\n{'contender':45} {'batches':>8} {'batches/s':>10} {'p95 ms':>8}")
    for r in results:
        print(f"{r['name']:45} {r['batches']:8d} {r['per_second']:10.1f} {r['p95_ms']:8.2f}")
    uncached = by["feed /services?limit=100 (uncached)"]["per_second"]
    warm = by["feed, response cache warm"]["per_second"]
    v2_rate = by["Wagtail API v2 fields=* (5 × 20)"]["per_second"]
    v3_rate = by["Wagtail API v3 (5 lists + 100 details)"]["per_second"]
    mem = by["same body from memory"]["per_second"]
    print(
        f"\nfeed uncached = {uncached / v2_rate:.1f}× API v2 (bar ≥ 10×), {uncached / v3_rate:.0f}× API v3; "
        f"feed warm = {warm / mem:.2f} of the in-memory limit (bar ≥ 0.33)"
    )


if __name__ == "__main__":
    main()
