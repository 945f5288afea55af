"""The Content-Security-Policy breaks nothing a person uses, and the API docs render offline."""

import re

import pytest

from tests.browser.conftest import MODERATOR, login

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""

PUBLIC = ["/ar/", "/en/services/", "/ar/services/licensing/lic-001/", "/en/search/?q=licence", "/ar/forms/complaint/"]
ADMIN = ["/admin/", "/admin/services/", "/admin/images/", "/admin/reports/coverage/"]


@pytest.fixture
def strict_page(browser, site_url):
    """A page that enforces the site's CSP (the shared fixture bypasses it for axe-core)."""
    context = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    yield page
    context.close()


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations") + [m for m in page.console_errors if "Content Security" in m]


def test_public_pages_run_under_the_policy_without_violations(strict_page):
    for path in PUBLIC:
        response = strict_page.goto(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert violations(strict_page) == [], path


def test_admin_pages_and_the_page_editor_run_under_the_policy(strict_page):
    login(strict_page, *MODERATOR)
    for path in ADMIN:
        response = strict_page.goto(path)
        assert response.status == 200, path
        assert violations(strict_page) == [], path
    strict_page.goto("/admin/services/")
    strict_page.locator("a", has_text="تجديد رخصة تجارية").first.click()
    strict_page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    # The editor's inline panels and widgets work: a step can be added.
    strict_page.wait_for_selector("#id_title")
    assert violations(strict_page) == []


def test_feed_api_docs_render_swagger_ui_from_our_own_files(strict_page):
    strict_page.goto("/api/feed/v1/docs")
    strict_page.wait_for_selector("#swagger-ui .info .title", timeout=15_000)
    assert "Baladiya export feed" in strict_page.locator("#swagger-ui .info .title").inner_text()
    assert violations(strict_page) == []
