"""The main public pages in both languages: screenshots, no external requests, no serious axe issues."""

import pytest

from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser

PAGES = [
    ("home", "/{lang}/"),
    ("catalogue", "/{lang}/services/"),
    ("department", "/{lang}/services/licensing/"),
    ("service", "/{lang}/services/licensing/lic-001/"),
    ("channel", "/{lang}/services/channel/dreesha/"),
    ("outlets", "/{lang}/services/outlets/"),
    ("search", "/{lang}/search/?q=licence"),
    ("news", "/{lang}/news/"),
    ("forms", "/{lang}/forms/"),
    ("complaint", "/{lang}/forms/complaint/"),
]


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("name,path", PAGES, ids=[p[0] for p in PAGES])
def test_page_is_accessible_in_both_languages(page, name, path, lang):
    response = page.goto(path.format(lang=lang))
    assert response.status == 200
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.locator("main").count() == 1 and page.locator("h1").count() >= 1
    screenshot(page, f"{name}-{lang}")
    assert axe_violations(page) == []
    assert page.external_requests == []


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/ar/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_mobile_layout_has_no_horizontal_scroll(browser, site_url):
    context = browser.new_context(base_url=site_url, viewport={"width": 375, "height": 800})
    page = context.new_page()
    for path in ("/ar/", "/ar/services/licensing/lic-001/", "/en/services/outlets/"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
    screenshot(page, "service-ar-mobile")
    context.close()
