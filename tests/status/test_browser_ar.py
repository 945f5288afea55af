"""In Arabic, in a browser: a duty officer (here the administrator) closes the Masafi Dreesha
window from the live status screen by keyboard with a message template; the public outlets page
then shows it closed with its message, right to left, under the site-wide alert banner."""

import re

import pytest

from tests.browser.conftest import ADMIN, browser, login, page, screenshot, site_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

TEMPLATE_AR = "مغلق بسبب الأحوال الجوية حرصاً على سلامتكم"


def test_close_an_outlet_from_the_admin_and_see_it_closed_with_the_banner_in_arabic(page):  # noqa: F811
    login(page, *ADMIN)
    page.goto("/admin/status/")
    row = page.locator("#outlet-dreesha-masafi")
    summary = row.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")  # the disclosure opens by keyboard
    form = row.locator("form.status-form")
    form.locator("select[name=state]").select_option("closed")
    form.locator("select[name=template]").select_option("weather")
    form.locator("button[type=submit]").focus()
    # The form posts and comes back to the same address: wait for that navigation, not the URL
    # (which matches before the post has even been sent).
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#outlet-dreesha-masafi").get_attribute("data-state") == "closed"
    screenshot(page, "status-admin-board")

    page.goto("/ar/")
    page.locator("a[href$='/outlets/']").first.click()
    page.wait_for_url(re.compile(r"/ar/.+/outlets/"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    masafi = page.locator("#outlet-dreesha-masafi")
    assert TEMPLATE_AR in masafi.locator(".live-status-closed").inner_text()
    banner = page.locator(".alerts [data-alert=welcome-live-status]")
    assert "حالة المنافذ والقنوات" in banner.inner_text()
    screenshot(page, "status-outlets-closed-ar")
