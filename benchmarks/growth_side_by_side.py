"""Per-request latency of a small and a large catalogue, side by side in one run.

    .venv/bin/python benchmarks/growth_side_by_side.py \\
        --database small=postgres://postgres@127.0.0.1:55432/growth_1k \\
        --database large=postgres://postgres@127.0.0.1:55432/growth_bench \\
        [--elasticsearch http://127.0.0.1:9200] [--rounds 60]

``benchmarks/growth.py`` measures each size at a different time, so the machine's load changes
between sizes. Here one process per database (both on 127.0.0.1, filled by growth.py) answers the
same requests in turn, round after round (A B, B A, ...), through the whole Django stack as
growth.py does: the feed's first page and a page 90 % deep, a page of ``sync`` changes at a point
that moves through the change log, the admin services listing, and a search on the database
backend (and on Elasticsearch with ``--elasticsearch``: each database gets its own indices,
``side-<name>``, built on the first run). It prints p50/p95 per database and the ratio
large ÷ small; "flat" is a ratio near 1.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from benchmarks.figures import percentile  # noqa: E402

MEASURES = ("feed_first", "feed_deep", "sync_page", "admin_listing", "search_database", "search_elasticsearch")


def worker(name: str, url: str, elasticsearch: str) -> None:
    """Answer one round of requests per line read on stdin, with the timings as a JSON line."""
    import tempfile

    os.environ.update(
        DATABASE_URL=url,
        BALADIYA_VAR_DIR=tempfile.mkdtemp(prefix="baladiya-side-"),
        FEED_RATE_LIMIT_PER_MINUTE="0",
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="cms.settings",
        ELASTICSEARCH_URL=elasticsearch,
        SEARCH_INDEX_PREFIX=f"side-{name}",
    )
    os.environ.pop("AWS_STORAGE_BUCKET_NAME", None)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from catalogue.models import ServicePage
    from feed.http import response_cache
    from feed.selectors import _encode, sync_cursor_encode
    from publication.models import ChangeLog
    from search import es
    from search.selectors import SearchParams, search_run
    from search.services import search_index_rebuild

    if elasticsearch and not es.alias_targets(client=es.es_client(), lang="ar"):
        started = time.perf_counter()
        result = search_index_rebuild()
        print(
            f"{name}: built side-{name} ({result.documents} documents, {time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
        )
    last_seq = ChangeLog.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    admin = Client()
    admin.force_login(get_user_model().objects.filter(is_superuser=True).order_by("pk").first())

    size = ServicePage.objects.filter(code__startswith="GRO-", locale__language_code="ar").count()
    deep = _encode("l", f"GRO-{int(size * 0.9):06d}")
    client = Client()
    mix = [("ar", "خدمة"), ("en", "service"), ("ar", "ترخيص"), ("en", "licence permits")]
    mix += [("ar", f"خدمة رقم {n}") for n in range(1, size, max(1, size // 10))]
    mix += [("en", f"transaction {n}") for n in range(7, size, max(1, size // 10))]

    def timed(call) -> float:
        t = time.perf_counter()
        call()
        return (time.perf_counter() - t) * 1000

    def feed(path: str) -> None:
        response_cache.clear()
        assert client.get(path).status_code == 200, path

    def ok(response_client, path: str) -> None:
        assert response_client.get(path).status_code == 200, path

    print(json.dumps({"size": size}), flush=True)
    edition = 0
    for n, line in enumerate(sys.stdin):
        if line.startswith("import "):
            rows = int(line.split()[1])
            edition += 1
            print(json.dumps(imports(rows=rows, size=size, edition=f" (side {time.time():.0f}-{edition})")), flush=True)
            continue
        if line.strip() != "round":
            break
        lang, q = mix[n % len(mix)]
        # A page of changes from a point that moves through the log, a tenth further each round.
        sync = "/api/feed/v1/sync?cursor=" + sync_cursor_encode(seq=last_seq * (n % 10) // 10)
        timings = {
            "feed_first": timed(lambda: feed("/api/feed/v1/services?limit=100")),
            "feed_deep": timed(lambda: feed(f"/api/feed/v1/services?limit=100&cursor={deep}")),
            "sync_page": timed(lambda sync=sync: ok(client, sync)),
            "admin_listing": timed(lambda: ok(admin, "/admin/services/")),
        }
        for backend in ["database"] + (["elasticsearch"] if elasticsearch else []):
            timings[f"search_{backend}"] = timed(
                lambda lang=lang, q=q, backend=backend: search_run(params=SearchParams(q=q, lang=lang), backend=backend)
            )
        print(json.dumps(timings), flush=True)


def imports(*, rows: int, size: int, edition: str) -> dict:
    """Import ``rows`` new services, then change ``rows`` existing ones spread over the catalogue,
    as growth.py does (the pipeline, both search backends' indexing included): rows per second."""
    from django.contrib.auth import get_user_model

    from benchmarks.growth import row, write
    from catalogue.models import ServicePage

    user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    first = ServicePage.objects.filter(code__startswith="SBS-", locale__language_code="ar").count()
    new = [row(first + k, prefix="SBS") for k in range(rows)]
    changed = [row(k, edition=edition) for k in range(0, size, max(1, size // rows))][:rows]
    figures = {}
    for name, batch in (("import_new", new), ("import_changed", changed)):
        t = time.perf_counter()
        write(batch, user)
        figures[name] = len(batch) / (time.perf_counter() - t)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", action="append", default=[], help="name=DATABASE_URL (two of them)")
    parser.add_argument("--elasticsearch", default="", help="an Elasticsearch URL on 127.0.0.1 (optional)")
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument(
        "--imports", type=int, default=0, help="then import this many new and changed rows, 3 times each (rows/s)"
    )
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker, args.elasticsearch)
        return
    databases = dict(item.split("=", 1) for item in args.database)
    if len(databases) != 2 or any(urlparse(u).hostname not in ("127.0.0.1", "localhost") for u in databases.values()):
        raise SystemExit("Give two --database name=URL, both on 127.0.0.1.")
    if args.elasticsearch and urlparse(args.elasticsearch).hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("--elasticsearch must be on 127.0.0.1.")
    measures = [m for m in MEASURES if args.elasticsearch or m != "search_elasticsearch"]
    workers, sizes = {}, {}
    for name, url in databases.items():
        workers[name] = subprocess.Popen(
            [sys.executable, __file__, "--worker", name, url, "--elasticsearch", args.elasticsearch],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        sizes[name] = json.loads(workers[name].stdout.readline())["size"]
    timings = {name: {m: [] for m in measures} for name in databases}
    names = list(databases)
    try:
        for n in range(3 + args.rounds):  # three rounds to warm up
            for name in names if n % 2 == 0 else reversed(names):
                workers[name].stdin.write("round\n")
                workers[name].stdin.flush()
                result = json.loads(workers[name].stdout.readline())
                if n >= 3:
                    for measure in measures:
                        timings[name][measure].append(result[measure])
        for n in range(3 if args.imports else 0):  # writes: new services (SBS- codes) and changed ones
            for name in names if n % 2 == 0 else reversed(names):
                workers[name].stdin.write(f"import {args.imports}\n")
                workers[name].stdin.flush()
                for measure, value in json.loads(workers[name].stdout.readline()).items():
                    timings[name].setdefault(measure, []).append(value)
    finally:
        for process in workers.values():
            process.stdin.close()
            process.wait(timeout=60)
    small, large = sorted(names, key=sizes.get)
    print(f"{args.rounds} rounds; {small}: {sizes[small]:,} services, {large}: {sizes[large]:,} services (GRO- codes)")
    print(
        f"{'measure':<18} {'p50 ' + small:>14} {'p50 ' + large:>14} {'p95 ' + small:>14} {'p95 ' + large:>14} {'p95 ratio':>10}"
    )
    for measure in measures:
        a, b = timings[small][measure], timings[large][measure]
        print(
            f"{measure:<18} {percentile(a, 0.5):14.1f} {percentile(b, 0.5):14.1f} {percentile(a, 0.95):14.1f} "
            f"{percentile(b, 0.95):14.1f} {percentile(b, 0.95) / percentile(a, 0.95):10.2f}"
        )
    if args.imports:
        print(f"imports of {args.imports} rows, 3 each, rows/s (median, worst); ratio large ÷ small of the medians")
        for measure in ("import_new", "import_changed"):
            a, b = timings[small][measure], timings[large][measure]
            print(
                f"{measure:<18} {percentile(a, 0.5):14.1f} {percentile(b, 0.5):14.1f} {min(a):14.1f} "
                f"{min(b):14.1f} {percentile(b, 0.5) / percentile(a, 0.5):10.2f}"
            )


if __name__ == "__main__":
    main()
