"""Public pages are served under /ar/ (right-to-left) and /en/, errors in both languages."""

import pytest

from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_root_redirects_to_arabic_by_default(client, bootstrapped):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_root_follows_a_browser_that_prefers_english(client, bootstrapped):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Location"] == "/en/"


def test_arabic_home_is_right_to_left_and_translated(client, bootstrapped):
    html = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "بلدية الفجيرة" in html
    assert "تخطي إلى المحتوى الرئيسي" in html  # the skip link, translated


def test_english_home_is_left_to_right(client, bootstrapped):
    html = client.get("/en/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Skip to main content" in html
    assert 'hreflang="ar"' in html  # the language switch leads to the Arabic page


@override_settings(DEBUG=False)
def test_not_found_page_speaks_the_visitors_language(client, bootstrapped):
    ar = client.get("/ar/no-such-page/")
    en = client.get("/en/no-such-page/")
    assert ar.status_code == en.status_code == 404
    assert 'dir="rtl"' in ar.content.decode() and "الصفحة غير موجودة" in ar.content.decode()
    assert 'dir="ltr"' in en.content.decode() and "Page not found" in en.content.decode()


def test_server_error_page_is_bilingual(rf):
    from django.utils import translation

    from cms.views import server_error

    with translation.override("ar"):
        ar = server_error(rf.get("/ar/"))
    with translation.override("en"):
        en = server_error(rf.get("/en/"))
    assert ar.status_code == en.status_code == 500
    assert 'dir="rtl"' in ar.content.decode() and "حدث خطأ" in ar.content.decode()
    assert "Something went wrong" in en.content.decode()


def test_admin_login_is_served_in_arabic(client, bootstrapped):
    html = client.get("/admin/login/").content.decode()
    assert 'lang="ar" dir="rtl"' in html
