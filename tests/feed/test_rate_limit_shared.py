"""The feed's rate limit counts the real client, once, however many processes serve it."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db

FEED = "/api/feed/v1/services?lang=en"


def _get(client, *, peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.get(FEED, **extra)


def test_a_forged_forwarded_for_from_an_untrusted_peer_is_ignored(bootstrapped, client, settings):
    settings.FEED_RATE_LIMIT_PER_MINUTE = 3
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    statuses = [_get(client, peer="203.0.113.9", forwarded=f"198.51.100.{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]  # a new made-up address each time does not help


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(bootstrapped, client, settings):
    settings.FEED_RATE_LIMIT_PER_MINUTE = 2
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    # What the client wrote comes first; the proxy appends the address it saw.
    first = [_get(client, peer="10.0.0.2", forwarded=f"6.6.6.{n}, 198.51.100.1").status_code for n in range(3)]
    assert first == [200, 200, 429]
    assert _get(client, peer="10.0.0.2", forwarded="198.51.100.2").status_code == 200  # a neighbour is not blocked


def test_a_count_of_proxies_reads_the_entry_the_nearest_proxy_added(bootstrapped, client, settings):
    settings.FEED_RATE_LIMIT_PER_MINUTE = 1
    settings.TRUSTED_PROXIES = 1
    assert _get(client, peer="10.0.0.2", forwarded="1.1.1.1, 198.51.100.7").status_code == 200
    assert _get(client, peer="10.0.0.2", forwarded="2.2.2.2, 198.51.100.7").status_code == 429


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def two_servers(tmp_path):
    """Two independent server processes on 127.0.0.1 over one database, limit 4 a minute."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "AWS_", "DATABASE_URL", "ELASTICSEARCH", "CACHE_URL", "TRUSTED_PROXIES"))
    }
    env.update({"BALADIYA_VAR_DIR": str(tmp_path), "FEED_RATE_LIMIT_PER_MINUTE": "4", "PYTHONUNBUFFERED": "1"})
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=600, capture_output=True)
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [*manage, "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / f"server-{port}.log").open("w"),
        )
        for port in ports
    ]
    try:
        for port in ports:
            for _attempt in range(240):
                try:
                    if _status(f"http://127.0.0.1:{port}/healthz") == 200:
                        break
                except OSError:
                    time.sleep(0.5)
            else:
                pytest.fail(f"the server on port {port} did not start")
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def test_two_processes_share_one_limit(two_servers):
    # The limit is per minute: start well inside one, so both halves of the test count together.
    if time.time() % 60 > 45:
        time.sleep(61 - time.time() % 60)
    statuses = [_status(two_servers[n % 2] + FEED) for n in range(8)]
    # Four requests a minute in all, not four per process (which would let all eight through).
    assert statuses == [200, 200, 200, 200, 429, 429, 429, 429]
