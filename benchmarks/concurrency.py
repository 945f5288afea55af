"""Public reads and admin writes at the same time, on a real server: errors and latency per endpoint.

    .venv/bin/python benchmarks/concurrency.py [--db sqlite|postgres] [--seconds 20] [--clients 20]

Builds a throwaway database with the demo content (SQLite in a temporary folder; or, with
``--db postgres``, a new database on the server of DATABASE_URL, dropped at the end), serves it with
gunicorn (3 processes × 4 threads) on 127.0.0.1, then for a bounded time runs CLIENTS threads on
searches (API and page), form downloads and public pages (some with random query strings), while 2
threads log into the admin and preview a service import. Prints requests, errors (5xx, timeouts,
refused) and p50/p95 per endpoint. Database search, local media, tasks inline.
"""

import argparse
import io
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

ADMIN_PASSWORD = "bench-" + uuid.uuid4().hex
QUERIES = ["رخصة", "تجديد", "شهادة", "licence", "permit", "waste", "حديقة", "بناء", "complaint", "zzzz"]


def postgres_database_create(url: str) -> tuple[str, str]:
    """A new empty database next to DATABASE_URL's; returns its URL and name."""
    import psycopg

    name = f"baladiya_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name)), name


def postgres_database_drop(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare(db: str) -> dict:
    """Environment of the server; builds and seeds the database; returns the URLs to request."""
    env = {k: v for k, v in os.environ.items() if k not in ("ELASTICSEARCH_URL", "AWS_STORAGE_BUCKET_NAME")}
    env["BALADIYA_VAR_DIR"] = tempfile.mkdtemp(prefix="baladiya-concurrency-")
    env["DJANGO_DEBUG"] = "0"
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings"
    env["BALADIYA_ADMIN_PASSWORD"] = ADMIN_PASSWORD
    env.pop("DJANGO_ENV", None)
    dropped = None
    if db == "postgres":
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            sys.exit("--db postgres needs DATABASE_URL (e.g. set -a; . /tmp/services.env; set +a)")
        env["DATABASE_URL"], name = postgres_database_create(os.environ["DATABASE_URL"])
        dropped = (os.environ["DATABASE_URL"], name)
    else:
        env.pop("DATABASE_URL", None)
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    quiet = io.StringIO()
    for command in ("migrate", "createcachetable", "bootstrap", "seed_demo", "ensure_admin"):
        call_command(command, verbosity=0, stdout=quiet, stderr=quiet)
    from catalogue.models import ServicePage
    from media.models import FormTemplate

    pages = [p.url for p in ServicePage.objects.live().order_by("code")[:60]]
    pages += ["/ar/", "/en/", "/en/services/", "/ar/services/", "/en/news/", "/ar/news/"]
    forms = [
        f"/{lang}/forms/{code}/download/"
        for code in FormTemplate.objects.filter(live=True).values_list("code", flat=True)
        for lang in ("ar", "en")
    ]
    connections.close_all()
    return {"env": env, "pages": pages, "forms": forms, "drop": dropped}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.timings = defaultdict(list)
        self.errors = defaultdict(int)
        self.samples = defaultdict(list)

    def add(self, endpoint: str, started: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.timings[endpoint].append((time.perf_counter() - started) * 1000)
            if not ok:
                self.errors[endpoint] += 1
                if len(self.samples[endpoint]) < 3:
                    self.samples[endpoint].append(detail)


def timed(results: Results, endpoint: str, call, expect=(200,)):
    started = time.perf_counter()
    try:
        response = call()
    except requests.RequestException as error:
        results.add(endpoint, started, False, type(error).__name__)
        return None
    results.add(endpoint, started, response.status_code in expect, str(response.status_code))
    return response


def public_client(base: str, plan: dict, results: Results, deadline: float, number: int) -> None:
    session = requests.Session()
    rng = random.Random(number)
    while time.monotonic() < deadline:
        kind = ("search api", "search page", "download", "page")[rng.randrange(4)]
        if kind == "search api":
            query = {"q": rng.choice(QUERIES), "lang": rng.choice(("ar", "en"))}
            timed(results, kind, lambda q=query: session.get(base + "/api/search/v1/", params=q, timeout=30))
        elif kind == "search page":
            lang = rng.choice(("ar", "en"))
            query = {"q": rng.choice(QUERIES)}
            timed(results, kind, lambda q=query, lang=lang: session.get(f"{base}/{lang}/search/", params=q, timeout=30))
        elif kind == "download" and plan["forms"]:
            timed(results, kind, lambda: session.get(base + rng.choice(plan["forms"]), timeout=30))
        else:
            # A third of the page visits add a random parameter, as the cache-busting probe did.
            params = {"r": rng.randrange(10**9)} if rng.random() < 0.33 else None
            timed(results, "page", lambda p=params: session.get(base + rng.choice(plan["pages"]), params=p, timeout=30))


def admin_round(base: str, results: Results, sample: bytes) -> None:
    """A fresh session logs in and previews an import."""
    session = requests.Session()
    login = base + "/admin/login/"
    importer = base + "/admin/catalogue/import/"
    if timed(results, "admin login page", lambda: session.get(login, timeout=30)) is None:
        return
    data = {
        "username": "admin",
        "password": ADMIN_PASSWORD,
        "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
        "next": "/admin/",
    }
    logged_in = timed(
        results,
        "admin login",
        lambda: session.post(login, data=data, headers={"Referer": login}, allow_redirects=False, timeout=30),
        expect=(302,),
    )
    if logged_in is None or logged_in.status_code != 302:
        return
    form = timed(results, "import page", lambda: session.get(importer, timeout=30))
    if form is None:
        return
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    token = match.group(1) if match else session.cookies.get("csrftoken", "")
    timed(
        results,
        "import preview",
        lambda: session.post(
            importer,
            data={"csrfmiddlewaretoken": token, "encoding": "auto"},
            files={"file": ("services.csv", sample, "text/csv")},
            headers={"Referer": importer},
            timeout=60,
        ),
    )


def admin_client(base: str, results: Results, deadline: float, sample: bytes) -> None:
    while time.monotonic() < deadline:
        admin_round(base, results, sample)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    print(f"preparing a seeded {args.db} database…", flush=True)
    plan = prepare(args.db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "cms.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "3",
            "-k",
            "gthread",
            "--threads",
            "4",
            "--timeout",
            "120",
        ],
        # Not from ROOT: gunicorn would read gunicorn.conf.py, which means production settings.
        cwd=plan["env"]["BALADIYA_VAR_DIR"],
        env={**plan["env"], "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=open(Path(plan["env"]["BALADIYA_VAR_DIR"]) / "server.log", "w"),
    )
    try:
        for _ in range(300):
            try:
                if requests.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.2)
        else:
            sys.exit("the server did not start")
        results = Results()
        deadline = time.monotonic() + args.seconds
        sample = (ROOT / "tests" / "catalogue" / "golden" / "sample_services.csv").read_bytes()
        threads = [
            threading.Thread(target=public_client, args=(base, plan, results, deadline, n)) for n in range(args.clients)
        ]
        threads += [threading.Thread(target=admin_client, args=(base, results, deadline, sample)) for _ in range(2)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 180)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
        if plan["drop"]:
            postgres_database_drop(*plan["drop"])
    total = sum(len(v) for v in results.timings.values())
    errors = sum(results.errors.values())
    print(f"{args.db}: {args.clients} public clients + 2 admins for {elapsed:.0f} s, gunicorn 3×4 threads")
    print(f"{'endpoint':<18} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for endpoint in sorted(results.timings):
        values = results.timings[endpoint]
        print(
            f"{endpoint:<18} {len(values):>8} {results.errors[endpoint]:>6} "
            f"{percentile(values, 0.5):8.0f} {percentile(values, 0.95):8.0f}"
        )
    print(f"{'total':<18} {total:>8} {errors:>6}   ({total / elapsed:.0f} requests/s)")
    for endpoint, samples in results.samples.items():
        print(f"  {endpoint} errors, e.g.: {', '.join(samples)}")


if __name__ == "__main__":
    main()
