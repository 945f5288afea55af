"""An editor changes a service and submits it; a moderator approves; the site and feed follow."""

import json
import re

import pytest

from tests.browser.conftest import EDITOR, MODERATOR, login, screenshot

pytestmark = pytest.mark.browser
NEW_TITLE = "تجديد رخصة تجارية إلكترونياً"


def test_edit_submit_approve_and_see_the_change_in_public(page, site_url):
    page.goto("/ar/services/licensing/lic-002/")
    assert page.locator("h1").inner_text() == "تجديد رخصة تجارية"

    login(page, *EDITOR)
    page.goto("/admin/services/")
    page.locator("a", has_text="تجديد رخصة تجارية").first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    edit_url = page.url
    page.fill("#id_title", NEW_TITLE)
    # "Publish" is not offered to a department editor; submitting starts the approval workflow.
    assert page.locator("button[name=action-publish]").count() == 0
    page.locator("[data-w-dropdown-target=toggle]").last.click()
    page.locator("button[name=action-submit]").click()
    page.wait_for_url(re.compile(r"/admin/"))
    screenshot(page, "admin-submitted")

    # Still the old title in public until a moderator approves.
    page.context.clear_cookies()
    page.goto("/ar/services/licensing/lic-002/")
    assert page.locator("h1").inner_text() == "تجديد رخصة تجارية"

    login(page, *MODERATOR)
    page.goto(edit_url)
    page.locator("[data-w-dropdown-target=toggle]").last.click()
    # "Approve and publish" (the other approve button first asks for a comment).
    with page.expect_navigation():
        page.locator("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])").click()

    page.context.clear_cookies()
    page.goto("/ar/services/licensing/lic-002/")
    assert page.locator("h1").inner_text() == NEW_TITLE
    feed = page.request.get(f"{site_url}/api/feed/v1/services/LIC-002?lang=ar")
    assert feed.ok
    assert json.loads(feed.text())["title"] == NEW_TITLE
