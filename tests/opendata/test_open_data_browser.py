"""The "Open data" page in a real browser: accessible in both languages, reachable by keyboard,
under the site's Content-Security-Policy, and its links download the files."""

import pytest

from tests.browser.conftest import axe_violations, browser, page, screenshot, site_url  # noqa: F401  (fixtures)
from tests.browser.test_csp import RECORD_VIOLATIONS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_open_data_page_is_accessible_and_keyboard_reachable(page, lang):  # noqa: F811
    response = page.goto(f"/{lang}/open-data/")
    assert response.status == 200
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    screenshot(page, f"open-data-{lang}")
    assert axe_violations(page) == []
    assert page.external_requests == []
    # Tab through the page until the first dataset link has the focus.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "/api/open-data/v1/services.jsonld":
            break
    else:
        pytest.fail("the dataset link cannot be reached with the keyboard")
    with page.expect_response(lambda r: r.url.endswith("/services.jsonld")) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 200


def test_open_data_page_runs_under_the_policy(browser, site_url):  # noqa: F811
    context = browser.new_context(base_url=site_url)
    context.add_init_script(RECORD_VIOLATIONS)
    strict = context.new_page()
    for lang in ("ar", "en"):
        assert strict.goto(f"/{lang}/open-data/").status == 200
        assert strict.evaluate("window.__cspViolations") == []
    context.close()
