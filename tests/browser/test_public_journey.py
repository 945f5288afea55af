"""A person finds a service in Arabic, filters, switches to English, downloads a form, complains."""

import re

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_find_a_service_by_searching_without_hamza_then_filter_open_and_switch_language(page):
    page.goto("/ar/")
    # "اصدار" is how people type "إصدار" (issue) without the hamza.
    page.fill("#home-q", "اصدار رخصة تجارية")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ar/search/\?q="))
    results = page.locator(".result-list .result h3 a")
    assert "إصدار رخصة تجارية جديدة" in results.all_inner_texts()

    # Filter by a channel facet: the licence is offered in the Rukhsati app.
    page.locator(".facets a", has_text="تطبيق رخصتي").first.click()
    page.wait_for_url(re.compile(r"channel=app-rukhsati"))
    titles = page.locator(".result-list .result h3 a").all_inner_texts()
    assert "إصدار رخصة تجارية جديدة" in titles
    screenshot(page, "search-ar-filtered")

    page.locator(".result-list .result h3 a", has_text="إصدار رخصة تجارية جديدة").click()
    page.wait_for_url(re.compile(r"/ar/services/licensing/lic-001/"))
    assert page.locator("h1").inner_text() == "إصدار رخصة تجارية جديدة"
    assert page.locator("html").get_attribute("dir") == "rtl"

    page.locator(".language-switch a[hreflang=en]").click()
    page.wait_for_url(re.compile(r"/en/services/licensing/lic-001/"))
    assert page.locator("h1").inner_text() == "Issue a new trade licence"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.external_requests == []


def test_download_the_lease_contract_template(page):
    page.goto("/en/services/leasing/lea-001/")
    with page.expect_download() as download_info:
        page.locator("a", has_text="download the form").first.click()
    download = download_info.value
    assert download.suggested_filename.lower().endswith(".pdf")
    body = open(download.path(), "rb").read()
    assert body.startswith(b"%PDF-") and len(body) > 1000


def test_submit_a_complaint_form(page):
    page.goto("/ar/forms/complaint/")
    assert page.locator("html").get_attribute("lang") == "ar"
    form = page.locator("main form")
    # Fill every visible field a person would fill; the honeypot stays hidden and empty.
    for field in form.locator("input:visible, textarea:visible, select:visible").all():
        kind = (field.get_attribute("type") or field.evaluate("e => e.tagName")).lower()
        name = field.get_attribute("name") or ""
        if kind in ("hidden", "submit", "button") or name in ("csrfmiddlewaretoken", "website_url"):
            continue  # website_url is the honeypot: people never see it
        if kind == "email":
            field.fill("resident@example.ae")
        elif kind == "tel" or "phone" in name:
            field.fill("+971501234567")
        elif kind == "number":
            field.fill("1")
        elif kind == "checkbox":
            field.check()
        elif kind == "select":
            options = field.locator("option").all()
            field.select_option(index=1 if len(options) > 1 else 0)
        elif kind == "date":
            field.fill("2026-11-01")
        else:
            field.fill("السعر المعروض في المحل يختلف عن سعر الفاتورة")
    screenshot(page, "complaint-form-ar")
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit], input[type=submit]").first.click()
    response = navigation.value
    assert response.status == 200, response.text()[:500]
    text = page.locator("main").inner_text()
    assert "شكر" in text, text[:500]  # the thank-you page ("شكراً ...")
