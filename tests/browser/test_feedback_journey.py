"""In Arabic: a citizen says a service page was not useful and why; the department's editor sees it
on the dashboard, opens the triage queue and marks it done."""

import re

import pytest

from tests.browser.conftest import EDITOR, axe_violations, login, screenshot

pytestmark = pytest.mark.browser
COMMENT = "لم أفهم المستندات المطلوبة <b>ولا</b> الرسوم"


def test_a_citizen_answers_and_an_editor_triages_in_arabic(page, site_url):
    page.goto("/ar/services/licensing/lic-002/")
    question = page.locator(".feedback-question")
    assert "هل كانت هذه الصفحة مفيدة؟" in question.inner_text()
    question.get_by_role("button", name="لا").click()
    page.wait_for_url(re.compile(r"/ar/feedback/LIC-002/\?useful=no"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("input[name=useful][value=no]").is_checked()
    assert axe_violations(page) == []
    page.select_option("#id_channel", "counter")
    page.select_option("#id_rating", "2")
    page.fill("#id_comment", COMMENT)
    screenshot(page, "feedback-form-ar")
    page.get_by_role("button", name="إرسال").click()
    assert "شكراً لك على رأيك" in page.locator("h1").inner_text()
    assert page.external_requests == []

    page.context.clear_cookies()
    # The editor works in Arabic (the admin follows the browser's language).
    page.set_extra_http_headers({"Accept-Language": "ar"})
    login(page, *EDITOR)
    assert page.locator("html").get_attribute("dir") == "rtl"
    dashboard = page.locator("[data-count=triage]")
    assert re.search(r"\d+", dashboard.inner_text())
    dashboard.locator("a").click()
    page.wait_for_url(re.compile(r"/admin/feedback/triage/"))
    assert "آراء بانتظار الفرز" in page.locator("h1").inner_text()
    row = page.locator("tr", has_text="ولا")
    assert row.count() == 1
    # Shown as the text it is, never as HTML.
    assert "<b>ولا</b>" in row.inner_text()
    screenshot(page, "feedback-triage-ar")
    row.get_by_role("button", name="وضع علامة «تم»").click()
    page.wait_for_url(re.compile(r"/admin/feedback/triage/"))
    assert page.locator("tr", has_text="ولا").count() == 0
    page.goto("/admin/feedback/triage/?state=done")
    assert page.locator("tr", has_text="ولا").count() == 1
