"""The production stack under load: 50 clients for 60 s on 127.0.0.1, errors and p50/p95 per endpoint.

    set -a; . /tmp/services.env; set +a     # PostgreSQL, Elasticsearch and S3 (.ci/services.sh)
    .venv/bin/python benchmarks/load.py [--clients 50] [--seconds 60] [--publish-every 3]

Builds a new PostgreSQL database next to DATABASE_URL's with the demo content, a search index
prefix and an S3 key prefix of its own (all dropped or left unused at the end), and serves it the
way production does: ``gunicorn -c gunicorn.conf.py cms.wsgi`` (DJANGO_ENV=production, its worker
and thread counts) plus the django-tasks worker (``manage.py db_worker``). Then, for a bounded time:

- CLIENTS threads, each with its own address in X-Forwarded-For (as the proxy would send it),
  mix feed lists, sync (from the start, following cursors), the search API, public pages, form
  downloads and feedback posts (within the per-client feedback limit, as a citizen would);
- one editor publishes a changed service every few seconds through Wagtail's own path, so the
  pipeline, the worker (search indexing, purges) and the readers all run at once.

It prints requests, errors (anything but the expected status, timeouts, refused connections),
p50/p95 per endpoint, the peak memory of the web and worker processes, and the *ceiling*: the
same clients against a do-nothing WSGI app served by gunicorn with the same processes and
threads, measured in the same run, so the product's throughput reads as a share of what this
machine, this client and gunicorn can do at all. Traffic goes to 127.0.0.1 only.
"""

import argparse
import io
import os
import random
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from benchmarks.concurrency import (  # noqa: E402
    Results,
    free_port,
    percentile,
    postgres_database_create,
    postgres_database_drop,
    timed,
)

QUERIES = ["رخصة", "تجديد", "شهادة", "licence", "permit", "waste", "حديقة", "بناء", "complaint", "zzzz"]
FEED_LISTS = ["services", "news", "outlets", "channels", "departments", "forms"]
# A citizen answers a few times; the production limit is FEEDBACK_RATE_LIMIT_COUNT per 10 minutes.
FEEDBACK_PER_CLIENT = 5
CEILING_APP = "benchmarks.load:ceiling_app"


def ceiling_app(environ, start_response):
    """The do-nothing WSGI app of the ceiling measurement."""
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "15")])
    return [b'{"status":"ok"}']


def production_env(args) -> tuple[dict, tuple[str, str]]:
    for name in ("DATABASE_URL", "ELASTICSEARCH_URL", "AWS_STORAGE_BUCKET_NAME"):
        if not os.environ.get(name):
            sys.exit(f"{name} is not set: start the servers (source .ci/services.sh) or load /tmp/services.env")
    env = dict(os.environ)
    database_url, name = postgres_database_create(os.environ["DATABASE_URL"])
    run = uuid.uuid4().hex[:8]
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="cms.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_DEBUG="0",
        DATABASE_URL=database_url,
        SEARCH_INDEX_PREFIX=f"bench-load-{run}",
        AWS_LOCATION=f"bench-load-{run}",
        BALADIYA_VAR_DIR=tempfile.mkdtemp(prefix="baladiya-load-"),
        BALADIYA_ADMIN_PASSWORD="bench-" + uuid.uuid4().hex,
        GUNICORN_WORKERS=str(args.workers),
        GUNICORN_THREADS=str(args.threads),
        PYTHONPATH=str(ROOT),
    )
    return env, (os.environ["DATABASE_URL"], name)


def prepare(env: dict) -> dict:
    """Migrate and seed the new database in this process; returns what the clients request."""
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    quiet = io.StringIO()
    steps = ("migrate", "createcachetable", "bootstrap", "seed_demo", "ensure_admin", "collectstatic")
    for command in steps:
        options = {"interactive": False} if command == "collectstatic" else {}
        call_command(command, verbosity=0, stdout=quiet, stderr=quiet, **options)
    call_command("search_index", "rebuild", stdout=quiet, stderr=quiet)

    from catalogue.models import ServicePage
    from media.models import FormTemplate

    services = list(ServicePage.objects.live().filter(locale__language_code="ar").order_by("code"))
    plan = {
        "pages": [p.url for p in ServicePage.objects.live().order_by("code")[:60]]
        + ["/ar/", "/en/", "/en/services/", "/ar/services/", "/en/news/", "/ar/news/"],
        "forms": [
            f"/{lang}/forms/{code}/download/"
            for code in FormTemplate.objects.filter(live=True).values_list("code", flat=True)
            for lang in ("ar", "en")
        ],
        "service_codes": [s.code for s in services],
        "service_ids": [s.pk for s in services],
    }
    connections.close_all()
    return plan


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            response = requests.get(url, timeout=5, headers={"X-Forwarded-Proto": "https"}, allow_redirects=False)
            if response.status_code == 200:
                return
            last = f"HTTP {response.status_code} {response.headers.get('Location', '')}"
        except requests.RequestException as error:
            last = type(error).__name__
        time.sleep(0.2)
    sys.exit(f"{url} did not answer 200 within {seconds:.0f} s (last: {last})")


def gunicorn(env: dict, port: int, app: str, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), app],
        cwd=str(ROOT),
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,  # the access log
        stderr=open(log, "w"),
    )


def stop(process: subprocess.Popen) -> None:
    """Ask a server to stop, and make it stop if it is still draining after a while."""
    process.terminate()
    try:
        process.wait(timeout=45)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


def rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (gunicorn's workers), in KiB."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


class MemoryWatch(threading.Thread):
    """Samples the peak resident memory of some processes every half second until stopped."""

    def __init__(self, processes: dict[str, subprocess.Popen]):
        super().__init__(daemon=True)
        self.processes = processes
        self.peaks = dict.fromkeys(processes, 0)
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.wait(0.5):
            for name, process in self.processes.items():
                self.peaks[name] = max(self.peaks[name], rss_kib(process.pid))


def citizen(base: str, plan: dict, results: Results, deadline: float, number: int, feedback: bool) -> None:
    session = requests.Session()
    # The proxy in front appends the client's address and says the request came over HTTPS.
    session.headers.update({"X-Forwarded-For": f"10.{number // 250}.{number % 250}.7", "X-Forwarded-Proto": "https"})
    rng = random.Random(number)
    posted = 0
    sync_cursor = None
    kinds = ["feed list", "sync", "search api", "page", "download"] + (["feedback"] if feedback else [])
    while time.monotonic() < deadline:
        kind = rng.choice(kinds)
        lang = rng.choice(("ar", "en"))
        if kind == "feed list":
            path = rng.choice(FEED_LISTS)
            timed(
                results,
                kind,
                lambda p=path, lg=lang: session.get(f"{base}/api/feed/v1/{p}", params={"lang": lg}, timeout=30),
            )
        elif kind == "sync":
            params = {"cursor": sync_cursor} if sync_cursor else {}
            response = timed(
                results, kind, lambda p=params: session.get(f"{base}/api/feed/v1/sync", params=p, timeout=30)
            )
            if response is not None and response.status_code == 200:
                body = response.json()
                sync_cursor = body.get("next_cursor") if body.get("has_more") else None
        elif kind == "search api":
            query = {"q": rng.choice(QUERIES), "lang": lang}
            timed(results, kind, lambda q=query: session.get(f"{base}/api/search/v1/", params=q, timeout=30))
        elif kind == "download" and plan["forms"]:
            timed(results, kind, lambda: session.get(base + rng.choice(plan["forms"]), timeout=30))
        elif kind == "feedback":
            if posted >= FEEDBACK_PER_CLIENT:
                continue
            posted += 1
            answer = {"service": rng.choice(plan["service_codes"]), "lang": lang, "useful": rng.random() < 0.7}
            timed(
                results,
                kind,
                lambda a=answer: session.post(f"{base}/api/feedback/v1/", json=a, timeout=30),
                expect=(201,),
            )
        else:
            timed(results, "page", lambda: session.get(base + rng.choice(plan["pages"]), timeout=30))


def editor(plan: dict, results: Results, deadline: float, every: float) -> None:
    """Publishes a changed service every ``every`` seconds, through Wagtail's revision path."""
    from django.db import close_old_connections

    from catalogue.models import ServicePage

    rng = random.Random(0)
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            close_old_connections()
            page = ServicePage.objects.get(pk=rng.choice(plan["service_ids"])).specific
            page.summary = f"{page.summary.split(' [')[0]} [{uuid.uuid4().hex[:6]}]"
            page.save_revision().publish()
            results.add("editor publish", started, True)
        except Exception as error:  # noqa: BLE001 - counted and reported, the run goes on
            results.add("editor publish", started, False, f"{type(error).__name__}: {error}"[:200])
        time.sleep(max(0.0, every - (time.perf_counter() - started)))


def run_clients(base: str, plan: dict, clients: int, seconds: float, feedback: bool, editor_every: float | None):
    results = Results()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=citizen, args=(base, plan, results, deadline, n, feedback)) for n in range(clients)
    ]
    if editor_every:
        threads.append(threading.Thread(target=editor, args=(plan, results, deadline, editor_every)))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return results, time.monotonic() - started


def ceiling(env: dict, clients: int, seconds: float) -> float:
    """Requests per second of the same clients against a do-nothing app on the same gunicorn setup."""
    port = free_port()
    server = gunicorn(env, port, CEILING_APP, Path(env["BALADIYA_VAR_DIR"]) / "ceiling.log")
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        plan = {"pages": ["/"], "forms": [], "service_codes": []}
        results, elapsed = run_clients(f"http://127.0.0.1:{port}", plan, clients, seconds, False, None)
    finally:
        stop(server)
    return sum(len(v) for v in results.timings.values()) / elapsed


def report(results: Results, elapsed: float, title: str) -> int:
    total = sum(len(v) for v in results.timings.values())
    errors = sum(results.errors.values())
    print(title)
    print(f"{'endpoint':<16} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for endpoint in sorted(results.timings):
        values = results.timings[endpoint]
        print(
            f"{endpoint:<16} {len(values):>8} {results.errors[endpoint]:>6} "
            f"{percentile(values, 0.5):8.0f} {percentile(values, 0.95):8.0f}"
        )
    print(f"{'total':<16} {total:>8} {errors:>6}   ({total / elapsed:.0f} requests/s)")
    for endpoint, samples in results.samples.items():
        print(f"  {endpoint} errors, e.g.: {' | '.join(samples)}")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--publish-every", type=float, default=3.0)
    parser.add_argument("--ceiling-seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn processes (gunicorn.conf.py's default here)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600:
        sys.exit("--clients 1..200 and --seconds 1..600")

    env, drop = production_env(args)
    worker = server = None
    try:
        print("preparing a seeded PostgreSQL database, search index and S3 prefix…", flush=True)
        plan = prepare(env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        var = Path(env["BALADIYA_VAR_DIR"])
        server = gunicorn(env, port, "cms.wsgi", var / "gunicorn.log")
        worker = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "db_worker"],
            cwd=str(ROOT),
            env=env,
            stdout=open(var / "worker.log", "w"),
            stderr=subprocess.STDOUT,
        )
        wait_for(base + "/healthz")
        probe = requests.options(base + "/api/feedback/v1/", timeout=10, headers={"X-Forwarded-Proto": "https"})
        feedback = probe.status_code != 404
        memory = MemoryWatch({"gunicorn (all processes)": server, "db_worker": worker})
        memory.start()
        print(f"serving on {base}; {args.clients} clients for {args.seconds:.0f} s…", flush=True)
        results, elapsed = run_clients(base, plan, args.clients, args.seconds, feedback, args.publish_every)
        memory.stopping.set()
        memory.join()
        stop(server)
        server = None
        print("measuring the ceiling (a do-nothing app, same gunicorn setup, same clients)…", flush=True)
        top = ceiling(env, args.clients, args.ceiling_seconds)
    finally:
        for process in (server, worker):
            if process is not None:
                stop(process)
        from django.db import connections

        connections.close_all()
        postgres_database_drop(*drop)
    total = report(
        results,
        elapsed,
        f"production stack: {args.clients} clients + 1 editor for {elapsed:.0f} s, "
        f"gunicorn {args.workers}×{args.threads} threads, PostgreSQL + Elasticsearch + S3, db_worker running"
        + ("" if feedback else " (no feedback endpoint yet)"),
    )
    rate = total / elapsed
    print(f"ceiling (do-nothing app): {top:.0f} requests/s; the product serves {rate / top:.0%} of it")
    for name, peak in memory.peaks.items():
        print(f"peak memory {name}: {peak / 1024:.0f} MiB")
    if sum(results.errors.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
