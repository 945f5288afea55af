"""Browser tests: Debian's Chromium driven by Playwright against a real server process.

The server runs ``manage.py runserver`` on its own embedded database, migrated and seeded with the
demo content once per session, so these tests see the product as a person does after `make run`.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import server_missing

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("ARTIFACTS_DIR", ROOT / "artifacts"))
# The flags the machine needs for a headless Chromium without network access.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EDITOR = ("licensing-editor", "Editor-pass-2026!")
MODERATOR = ("moderator", "Moderator-pass-2026!")
ADMIN = ("site-admin", "Admin-pass-2026!")

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(var_dir: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "ELASTICSEARCH_URL", "AWS_", "DJANGO_", "BALADIYA_"))
    }
    env.update({"BALADIYA_VAR_DIR": str(var_dir), "DJANGO_DEBUG": "true", "FORMS_RATE_LIMIT_COUNT": "50"})
    return env


USERS_SCRIPT = f"""
from django.contrib.auth.models import Group, User
editor = User.objects.create_user({EDITOR[0]!r}, password={EDITOR[1]!r}, first_name="Licensing editor")
editor.groups.add(Group.objects.get(name="Department editors: licensing"))
moderator = User.objects.create_user({MODERATOR[0]!r}, password={MODERATOR[1]!r}, first_name="Moderator")
moderator.groups.add(Group.objects.get(name="Moderators"))
User.objects.create_superuser({ADMIN[0]!r}, password={ADMIN[1]!r}, first_name="Admin")
"""


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    """Base URL of a seeded server process (embedded defaults)."""
    var_dir = tmp_path_factory.mktemp("browser-var")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = _env(var_dir)
    # Feed and search payloads carry absolute URLs: they must point at this server.
    env.update({"PUBLIC_BASE_URL": url, "WAGTAILADMIN_BASE_URL": url})

    def manage(*args, **kwargs):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            **kwargs,
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]

    manage("migrate", "--no-input", "-v0")
    manage("seed_demo")
    manage("shell", "-c", USERS_SCRIPT)
    log = open(var_dir / "server.log", "w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.terminate()
        pytest.fail("the site server did not start: " + (var_dir / "server.log").read_text()[-2000:])
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        server_missing(f"Chromium ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    # Module scope: Playwright's event loop must not outlive the browser tests, or Django's ORM
    # in later tests would think it runs inside async code.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_url):
    # axe-core is injected as an inline script, which the site's CSP refuses; tests/browser/test_csp.py
    # checks the policy itself in a context that does not bypass it.
    context = browser.new_context(
        base_url=site_url, viewport={"width": 1280, "height": 900}, accept_downloads=True, bypass_csp=True
    )
    page = context.new_page()
    external = []

    def block_external(route):
        external.append(route.request.url)
        route.abort()

    # The site must make no request outside itself (fonts, scripts, styles are served locally).
    context.route(lambda url: not url.startswith(site_url) and not url.startswith(("data:", "blob:")), block_external)
    page.external_requests = external
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page) -> list[dict]:
    """Serious and critical WCAG 2.1 AA violations reported by axe-core on the current page."""
    if not AXE.exists():
        server_missing("axe-core (run `npm install` for node_modules/axe-core)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def login(page, username: str, password: str) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
