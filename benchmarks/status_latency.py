"""Status API to public: time from POST /api/status/v1/outlets/{code} until the change is visible
in sync and on the public outlets page, over 100 changes; p50 and p95.

    .venv/bin/python benchmarks/status_latency.py [--changes 100] [--use-env]

Without --use-env: a fresh SQLite database in a temporary folder, inline tasks (the embedded
setup). With --use-env: DATABASE_URL of the environment (PostgreSQL; give it a database of its
own, it is migrated and bootstrapped). Requests go through Django's test client in this process
(no network), with the public page cache on as in production. Aim: p95 under 2 s.
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
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

OUTLETS = ("kiosks", "dreesha-masafi", "dreesha-qidfa", "fujairah-mall", "branch-dibba")
POLL_LIMIT = 200  # polls per change (bounded), 10 ms apart


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--use-env", action="store_true")
    args = parser.parse_args()
    if not args.use_env:
        os.environ["BALADIYA_VAR_DIR"] = tempfile.mkdtemp(prefix="baladiya-status-latency-")
        for name in ("DATABASE_URL", "ELASTICSEARCH_URL", "AWS_STORAGE_BUCKET_NAME"):
            os.environ.pop(name, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from catalogue.models import CatalogueIndexPage
    from status.services import api_key_create

    settings.ALLOWED_HOSTS = ["*"]
    settings.STATUS_API_RATE_LIMIT_PER_MINUTE = 0
    settings.FEED_RATE_LIMIT_PER_MINUTE = 0
    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0, stdout=quiet)
    call_command("bootstrap", verbosity=0, stdout=quiet)
    _key, raw = api_key_create(name=f"bench-{int(time.time())}", scopes=["status:write"])
    index = CatalogueIndexPage.objects.filter(locale__language_code="en").first()
    page_url = index.url + "outlets/"
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def sync_cursor(cursor=None):
        for _ in range(1000):
            page = client.get("/api/feed/v1/sync" + (f"?cursor={cursor}" if cursor else "")).json()
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return cursor, page
        raise RuntimeError("sync did not end")

    cursor, _ = sync_cursor()
    to_sync: list[float] = []
    to_page: list[float] = []
    page_shows_status = True
    for i in range(args.changes):
        code = OUTLETS[i % len(OUTLETS)]
        message = f"Closed for the benchmark, change {i}"
        started = time.perf_counter()
        response = client.post(
            f"/api/status/v1/outlets/{code}",
            data={"state": "closed", "reason": "other", "message_ar": f"مغلق {i}", "message_en": message},
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 200, response.content
        seen_sync = seen_page = None
        for _ in range(POLL_LIMIT):
            now = time.perf_counter()
            if seen_sync is None:
                changes = client.get(f"/api/feed/v1/sync?cursor={cursor}").json()["changes"]
                if any(
                    c.get("code") == code and (c.get("item") or {}).get("status", {}).get("message") == message
                    for c in changes
                ):
                    seen_sync = time.perf_counter() - started
            if seen_page is None and page_shows_status:
                if message in client.get(page_url).content.decode():
                    seen_page = time.perf_counter() - started
            if seen_sync is not None and (seen_page is not None or not page_shows_status):
                break
            if time.perf_counter() - now < 0.01:
                time.sleep(0.01)
        if seen_sync is None:
            raise RuntimeError(f"change {i} never reached sync")
        if seen_page is None and page_shows_status:
            page_shows_status = False  # the public page does not render statuses in this tree
        to_sync.append(seen_sync)
        if seen_page is not None:
            to_page.append(seen_page)
        cursor, _ = sync_cursor(cursor)
    label = f"{connection.vendor}, tasks: {settings.TASKS_BACKEND.rsplit('.', 1)[-1]}"
    print(f"status_latency ({label}), {args.changes} changes through POST /api/status/v1/outlets/{{code}}")
    print(
        f"  to sync:        p50 {statistics.median(to_sync) * 1000:.0f} ms, p95 {percentile(to_sync, 0.95) * 1000:.0f} ms"
    )
    if to_page:
        print(
            f"  to public page: p50 {statistics.median(to_page) * 1000:.0f} ms, "
            f"p95 {percentile(to_page, 0.95) * 1000:.0f} ms ({page_url})"
        )
    else:
        print("  to public page: not measured (the outlets page shows no status in this tree)")


if __name__ == "__main__":
    main()
