"""Cost of one citizen answer: p50/p95 of POST /api/feedback/v1/ through the whole stack.

    .venv/bin/python benchmarks/feedback_post.py [--posts 400] [--use-env-database]

A fresh SQLite database in a temporary folder (or DATABASE_URL with --use-env-database; the
database must exist and is migrated), bootstrapped, with 20 generated services. Requests go
through every middleware in this process (Django's test client, no network), one client, the
rate limit off. Every third answer carries a comment (and so a triage item). The periodic
satisfaction recompute is measured separately: an answer only enqueues it once per
FEEDBACK_RECOMPUTE_SECONDS, so it is not part of the answer's cost.
"""

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
SERVICES = 20
MAX_POSTS = 5000


def setup(use_env_database: bool) -> None:
    if not use_env_database:
        os.environ["BALADIYA_VAR_DIR"] = tempfile.mkdtemp(prefix="baladiya-feedback-bench-")
        for name in ("DATABASE_URL", "ELASTICSEARCH_URL", "AWS_STORAGE_BUCKET_NAME"):
            os.environ.pop(name, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings"
    os.environ["FEEDBACK_RATE_LIMIT_COUNT"] = "0"  # one client hammering the server
    os.environ["FEEDBACK_RECOMPUTE_SECONDS"] = "86400"
    import django

    django.setup()
    from django.core.management import call_command

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0, stdout=quiet)
    call_command("bootstrap", verbosity=0, stdout=quiet)


def make_services() -> list[str]:
    from decimal import Decimal

    from catalogue.services import ServiceData, ServiceTexts, service_upsert

    codes = []
    for i in range(SERVICES):
        code = f"BEN-{i:03d}"
        texts = dict(
            summary="s", description="<p>d</p>", processing_time="1", documents=["x"], steps=["a"], keywords=[]
        )
        service_upsert(
            data=ServiceData(
                code=code,
                department="licensing",
                channels=["counter", "website"],
                audiences=["individuals"],
                fee_aed=Decimal("0"),
                e_payment=False,
                uae_pass=False,
                status="published",
                ar=ServiceTexts(title=f"خدمة {i}", **texts),
                en=ServiceTexts(title=f"Service {i}", **texts),
            )
        )
        codes.append(code)
    return codes


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=400)
    parser.add_argument("--use-env-database", action="store_true")
    args = parser.parse_args()
    posts = max(10, min(args.posts, MAX_POSTS))
    setup(args.use_env_database)
    from django.conf import settings
    from django.core.cache import caches
    from django.test import Client

    from feedback import services
    from feedback.models import FeedbackAnswer

    codes = make_services()
    caches["counters"].clear()
    client = Client()
    timings = []
    for i in range(posts):
        body = {
            "service": codes[i % len(codes)],
            "lang": "ar" if i % 3 else "en",
            "useful": i % 4 != 0,
            "channel": "website" if i % 2 else None,
            "rating": 1 + i % 5,
            "comment": f"تعليق رقم {i}" if i % 3 == 0 else None,
        }
        start = time.perf_counter()
        response = client.post("/api/feedback/v1/", json.dumps(body), content_type="application/json")
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 201, response.content
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    queries = {}
    for name, comment in (("without comment", None), ("with comment", "نص")):
        body = {"service": codes[0], "lang": "ar", "useful": True, "rating": 3, "comment": comment}
        with CaptureQueriesContext(connection) as captured:
            client.post("/api/feedback/v1/", json.dumps(body), content_type="application/json")
        queries[name] = len(captured)
    start = time.perf_counter()
    republished = services.satisfaction_refresh()
    recompute = (time.perf_counter() - start) * 1000
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"{engine}: {posts} POST /api/feedback/v1/ — p50 {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms; "
        f"recompute of {SERVICES} services ({republished} republished) {recompute:.0f} ms; "
        f"{FeedbackAnswer.objects.count()} answers stored; database queries per answer: "
        + ", ".join(f"{n} {name}" for name, n in queries.items())
    )
    if args.use_env_database:  # leave the shared database as it was
        from feedback.models import ServiceSatisfaction, TriageItem

        TriageItem.objects.filter(service_code__in=codes).delete()
        FeedbackAnswer.objects.filter(service_code__in=codes).delete()
        ServiceSatisfaction.objects.filter(service_code__in=codes).delete()


if __name__ == "__main__":
    main()
