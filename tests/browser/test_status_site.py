"""Live statuses and alerts as an Arabic reader sees them: banner, closed outlet, closed app."""

import subprocess
import sys

import pytest

from tests.browser.conftest import ROOT, _env, axe_violations, screenshot

pytestmark = pytest.mark.browser

SET_UP = """
from status.models import Alert
from status.services import status_set
status_set(kind="outlet", code="branch-masafi", state="closed", reason="weather",
           message_ar="مغلق اليوم بسبب الأمطار", message_en="Closed today because of the rain", until=None)
status_set(kind="channel", code="app-rukhsati", state="closed", reason="system-outage",
           message_ar="التطبيق قيد التحديث", message_en="The app is being updated", until=None)
alert = Alert(code="masafi-rain", level="urgent", scope_type="outlet", scope_code="branch-masafi",
              title_ar="فرع مسافي مغلق اليوم", title_en="Masafi branch closed today", live=False)
alert.save()
alert.save_revision().publish()
"""
TEAR_DOWN = """
from status.models import Alert
from status.services import status_set
for kind, code in (("outlet", "branch-masafi"), ("channel", "app-rukhsati")):
    status_set(kind=kind, code=code, state="open", reason=None, message_ar="", message_en="", until=None)
Alert.objects.filter(code="masafi-rain").delete()
"""


def _shell(site_url, tmp_path_factory, script: str) -> None:
    """Run ``script`` in the site server's own database (the fixture's var folder)."""
    var_dirs = sorted(tmp_path_factory.getbasetemp().glob("browser-var*"))
    assert var_dirs, "the site server's folder was not found"
    env = {**_env(var_dirs[-1]), "PUBLIC_BASE_URL": site_url, "WAGTAILADMIN_BASE_URL": site_url}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture(scope="module")
def closures(site_url, tmp_path_factory):
    """A closed outlet with an urgent alert and a closed app, undone for the other browser tests."""
    _shell(site_url, tmp_path_factory, SET_UP)
    yield
    _shell(site_url, tmp_path_factory, TEAR_DOWN)


def test_arabic_outlets_page_shows_the_banner_and_the_closed_outlet(page, closures):
    response = page.goto("/ar/services/outlets/")
    assert response.status == 200
    assert page.locator("html").get_attribute("dir") == "rtl"
    banner = page.locator('.alert[data-alert="masafi-rain"]')
    assert banner.is_visible() and banner.get_attribute("role") == "alert"
    assert "فرع مسافي مغلق اليوم" in banner.inner_text() and "عاجل" in banner.inner_text()
    assert banner.evaluate("el => getComputedStyle(el).direction") == "rtl"
    card = page.locator("#outlet-branch-masafi")
    status = card.locator(".live-status-closed")
    assert status.is_visible()
    assert "مغلق مؤقتاً" in status.inner_text() and "مغلق اليوم بسبب الأمطار" in status.inner_text()
    assert card.locator(".open-now").count() == 0 and card.locator(".closed-now").is_visible()

    # The banner's link is reached with the keyboard and leads to the outlet's card.
    link = banner.locator("a", has_text="عرض منفذ الخدمة")
    for _ in range(40):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the banner's link cannot be reached with Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#outlet-branch-masafi"
    screenshot(page, "status-outlets-ar")
    assert axe_violations(page) == []
    assert page.external_requests == []


def test_arabic_service_page_and_search_point_away_from_the_closed_app(page, closures):
    page.goto("/ar/services/licensing/lic-001/")
    notice = page.locator(".channel-closures")
    assert notice.is_visible()
    assert "تطبيق رخصتي" in notice.inner_text() and "التطبيق قيد التحديث" in notice.inner_text()
    alternatives = notice.locator("ul a")
    assert alternatives.count() >= 1
    alternatives.first.focus()
    assert alternatives.first.evaluate("el => el === document.activeElement")
    screenshot(page, "status-service-ar")
    assert axe_violations(page) == []

    page.goto("/ar/search/?q=رخصة تجارية")
    flagged = page.locator(".result", has_text="إصدار رخصة تجارية جديدة").locator(".status-flag")
    assert flagged.is_visible() and "التطبيق قيد التحديث" in flagged.inner_text()
    assert axe_violations(page) == []
