"""Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) never reach
what the public reads: they are stripped on every save, whichever way the text arrives, while
ZWNJ and ZWJ, which Arabic script needs, are kept."""

import datetime as dt
import json

import pytest

from wagtail.models import Revision

from catalogue.models import Department, ServicePage
from common.text import text_bidi_strip
from publication.models import Publication
from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db
RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"
ZWNJ, ZWJ = "\u200c", "\u200d"
ALL_CONTROLS = "".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def test_the_helper_strips_exactly_the_controls_and_keeps_joiners():
    assert text_bidi_strip(value=f"a{ALL_CONTROLS}b") == "ab"
    # Marks (LRM, RLM, ALM) and the joiners stay: Arabic text uses them.
    kept = f"می{ZWNJ}خواهم ل{ZWJ}ا \u200e(1)\u200f \u061c"
    assert text_bidi_strip(value=kept) == kept


def test_service_texts_written_through_the_service_layer_are_stripped(bootstrapped):
    make_service(code="LIC-961", title_ar=f"خدمة{RLO} تجريبية{ZWNJ}", title_en=f"Test {LRI}service{PDI} 961")
    arabic = ServicePage.objects.get(code="LIC-961", locale__language_code="ar")
    english = ServicePage.objects.get(code="LIC-961", locale__language_code="en")
    assert arabic.title == f"خدمة تجريبية{ZWNJ}"
    assert english.title == "Test service 961"
    # The feed, sync and search all read the publication: it carries the clean title.
    payload = Publication.objects.get(type="service", code="LIC-961", lang="en").payload
    assert payload["title"] == "Test service 961"


def test_a_page_edited_through_wagtail_is_stripped_in_the_page_and_its_revision(bootstrapped):
    make_service(code="LIC-962")
    page = ServicePage.objects.get(code="LIC-962", locale__language_code="en")
    page.title = f"{RLO}Renamed{PDF} service"
    page.summary = f"Pay {LRI}150{PDI} dirhams."
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert (page.title, page.summary) == ("Renamed service", "Pay 150 dirhams.")
    stored = Revision.objects.get(pk=revision.pk).content
    assert stored["title"] == "Renamed service" and stored["summary"] == "Pay 150 dirhams."


def test_a_snippet_saved_in_the_admin_is_stripped(admin_client, bootstrapped):
    department = Department.objects.get(code="licensing")
    response = admin_client.post(
        f"/admin/snippets/catalogue/department/edit/{department.pk}/",
        {"code": "licensing", "name_ar": f"إدارة{RLO} الرخص", "name_en": f"{LRI}Licensing{PDI}"},
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert (department.name_ar, department.name_en) == ("إدارة الرخص", "Licensing")


def test_news_titles_summaries_and_body_are_stripped(bootstrapped):
    from news.models import NewsPage
    from news.services import NewsData, NewsTexts, news_upsert

    news_upsert(
        data=NewsData(
            code="bidi-news",
            date=dt.date(2030, 5, 10),
            ar=NewsTexts(
                f"خبر{RLO} عاجل", f"ملخص{ZWNJ} الخبر{PDF}", [{"type": "text", "value": f"<p>نص{RLO} الخبر</p>"}]
            ),
        )
    )
    page = NewsPage.objects.get(code="bidi-news", locale__language_code="ar")
    assert page.title == "خبر عاجل"
    assert page.summary == f"ملخص{ZWNJ} الخبر"
    assert RLO not in json.dumps(page.body.get_prep_value(), ensure_ascii=False)
    assert "نص الخبر" in json.dumps(page.body.get_prep_value(), ensure_ascii=False)
