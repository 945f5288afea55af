"""An uncached public page of two versions of the code, side by side in one run.

    git worktree add /tmp/baladiya-base <older commit>
    .venv/bin/python benchmarks/page_versions.py --base /tmp/baladiya-base [--requests 400]

Each version runs as its own server on 127.0.0.1 (``manage.py runserver --noreload
--nothreading``, embedded settings, page cache off) on its own database seeded with the demo
content. The client then asks both for the same service pages in turn (A, B, B, A, ...), so the
machine's noise hits both alike, and reports p50/p95 per version and their ratio.
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from benchmarks.figures import percentile  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(var_dir: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "ELASTICSEARCH", "AWS_"))}
    env.update(BALADIYA_VAR_DIR=var_dir, PUBLIC_PAGE_CACHE_SECONDS="0", TQDM_DISABLE="1", DJANGO_DEBUG="0")
    env["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    return env


def start(checkout: Path, name: str):
    """Migrate and seed a database of its own for ``checkout``, then serve it; (process, base URL)."""
    var_dir = tempfile.mkdtemp(prefix=f"baladiya-{name}-")
    env = _env(var_dir)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "-v0"], ["seed_demo"]):
        subprocess.run(manage + command, cwd=checkout, env=env, check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    process = subprocess.Popen(
        manage + ["runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading", "--insecure"],
        cwd=checkout,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/ar/", timeout=5).read()
            return process, url
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit(f"{name}: the server did not answer within 60 s")


def fetch_ms(url: str) -> float:
    start_time = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        assert response.status == 200, url
    return (time.perf_counter() - start_time) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="a checkout of the older version")
    parser.add_argument("--requests", type=int, default=400, help="requests per version")
    args = parser.parse_args()
    versions = {"base": args.base.resolve(), "current": ROOT}
    servers = {}
    try:
        for name, checkout in versions.items():
            print(f"preparing {name} ({checkout})…", flush=True)
            servers[name] = start(checkout, name)
        sitemap = urllib.request.urlopen(servers["current"][1] + "/sitemap.xml", timeout=30).read().decode()
        # Service pages: /<lang>/services/<department>/<service>/
        paths = sorted({m for m in re.findall(r"https?://[^/<]+(/(?:ar|en)/services/[^/<]+/[^/<]+/)<", sitemap)})
        assert paths, "no service page in the sitemap"
        for path in paths:  # warm both: first requests compile templates and fill caches
            for _, url in servers.values():
                fetch_ms(url + path)
        timings = {name: [] for name in versions}
        for i in range(args.requests):
            path = paths[i % len(paths)]
            order = list(versions) if i % 2 == 0 else list(reversed(versions))
            for name in order:
                timings[name].append(fetch_ms(servers[name][1] + path))
    finally:
        for process, _ in servers.values():
            process.terminate()
    print(f"{len(paths)} service pages, {args.requests} requests per version, alternating, over HTTP on 127.0.0.1")
    print(f"{'version':<10} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}")
    for name, values in timings.items():
        print(
            f"{name:<10} {percentile(values, 0.5):8.2f} {percentile(values, 0.95):8.2f} {statistics.mean(values):8.2f}"
        )
    ratio = percentile(timings["current"], 0.5) / percentile(timings["base"], 0.5)
    print(f"current ÷ base at p50: {ratio:.2f}")


if __name__ == "__main__":
    main()
