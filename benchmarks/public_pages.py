"""Service page speed with and without the public page cache, side by side in one run.

    .venv/bin/python benchmarks/public_pages.py [--requests 300]

Builds a fresh embedded database in a temporary folder with the catalogue's demo services, then
requests the same service pages as an anonymous visitor through the whole WSGI stack (every
middleware, no network), alternating rounds with the cache off and on so machine noise hits both
alike. Reports p50/p95 per mode and the ratio.
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

from benchmarks.figures import percentile  # noqa: E402


def setup() -> None:
    os.environ["BALADIYA_VAR_DIR"] = tempfile.mkdtemp(prefix="baladiya-pages-bench-")
    for name in ("DATABASE_URL", "ELASTICSEARCH_URL", "AWS_STORAGE_BUCKET_NAME", "DJANGO_DEBUG"):
        os.environ.pop(name, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings"
    import django

    django.setup()
    from django.core.management import call_command

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("bootstrap", verbosity=0, stdout=quiet)
    from catalogue.demo import catalogue_seed_demo

    catalogue_seed_demo(stdout=quiet)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per mode")
    args = parser.parse_args()
    print("preparing a seeded database…", flush=True)
    setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from catalogue.models import ServicePage

    urls = [p.url for p in ServicePage.objects.live().order_by("code")]
    client = Client()
    timings = {"uncached": [], "cached": []}
    rounds = 10
    per_round = max(1, args.requests // rounds)
    for round_number in range(rounds):
        for mode in ("uncached", "cached") if round_number % 2 == 0 else ("cached", "uncached"):
            settings.PUBLIC_PAGE_CACHE_SECONDS = 300 if mode == "cached" else 0
            if mode == "cached":
                for url in urls[:per_round]:  # warm: the first visit after a publish
                    client.get(url)
            for i in range(per_round):
                url = urls[i % len(urls)]
                start = time.perf_counter()
                response = client.get(url)
                timings[mode].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, url
                if mode == "cached":
                    assert response["X-Page-Cache"] == "hit"
        cache.clear()
    print(f"{len(urls)} service pages, {per_round * rounds} requests per mode, one client, in-process WSGI")
    print(f"{'mode':<10} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}")
    for mode, values in timings.items():
        print(
            f"{mode:<10} {percentile(values, 0.5):8.2f} {percentile(values, 0.95):8.2f} {statistics.mean(values):8.2f}"
        )
    ratio = percentile(timings["uncached"], 0.5) / percentile(timings["cached"], 0.5)
    print(f"cache speed-up at p50: {ratio:.1f}x")


if __name__ == "__main__":
    main()
