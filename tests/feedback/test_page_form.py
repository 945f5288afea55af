"""The service page's feedback form, in both languages, without JavaScript."""

import re

import pytest

from django.test import Client

from feedback.models import FeedbackAnswer, TriageItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("lang", "question"), [("ar", "هل كانت هذه الصفحة مفيدة؟"), ("en", "Was this page useful?")])
def test_every_service_page_asks_whether_it_was_useful(client, services_two_departments, lang, question):
    from catalogue.models import ServicePage

    page = ServicePage.objects.get(code="LIC-161", locale__language_code=lang)
    html = client.get(page.url).content.decode()
    assert question in html
    assert f'action="/{lang}/feedback/LIC-161/"' in html
    assert 'name="useful" value="yes"' in html and 'name="useful" value="no"' in html
    # No token on the service page: it stays in the public page cache for everyone.
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_choosing_an_answer_opens_the_form_with_it_chosen_and_stores_nothing(client, services_two_departments, lang):
    response = client.get(f"/{lang}/feedback/LIC-161/?useful=no")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<input[^>]*name="useful"[^>]*value="no"[^>]*checked', html)
    assert not re.search(r'<input[^>]*name="useful"[^>]*value="yes"[^>]*checked', html)
    assert "csrfmiddlewaretoken" in html
    assert "private" in response["Cache-Control"]
    assert not FeedbackAnswer.objects.exists()


@pytest.mark.parametrize(("lang", "thanks"), [("ar", "شكراً لك على رأيك"), ("en", "Thank you for your feedback")])
def test_a_citizen_answers_with_channel_rating_and_comment(services_two_departments, lang, thanks):
    client = Client(enforce_csrf_checks=True)
    form = client.get(f"/{lang}/feedback/LIC-161/?useful=yes")
    token = form.cookies["csrftoken"].value
    response = client.post(
        f"/{lang}/feedback/LIC-161/",
        {
            "csrfmiddlewaretoken": token,
            "useful": "yes",
            "channel": "website",
            "rating": "5",
            "comment": "<b>fast</b>",
        },
    )
    assert response.status_code == 200
    assert thanks in response.content.decode()
    answer = FeedbackAnswer.objects.get()
    assert (answer.lang, answer.useful, answer.channel.code, answer.rating, answer.comment, answer.source) == (
        lang,
        True,
        "website",
        5,
        "<b>fast</b>",
        "site",
    )
    assert TriageItem.objects.filter(answer=answer).exists()


def test_the_form_refuses_a_post_without_its_csrf_token(services_two_departments):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/ar/feedback/LIC-161/", {"useful": "yes"})
    assert response.status_code == 403
    assert not FeedbackAnswer.objects.exists()


def test_the_channel_list_offers_only_the_services_channels(client, services_two_departments):
    html = client.get("/en/feedback/LIC-162/").content.decode()
    assert 'value="website"' in html and 'value="counter"' not in html
    response = client.post("/en/feedback/LIC-162/", {"useful": "yes", "channel": "counter"})
    assert response.status_code == 400
    assert not FeedbackAnswer.objects.exists()


@pytest.mark.parametrize(
    ("lang", "message"),
    [("ar", "يرجى تصحيح الإجابات المشار إليها أدناه."), ("en", "Please correct the answers marked below.")],
)
def test_bad_answers_are_shown_again_with_a_message_in_the_persons_language(
    client, services_two_departments, lang, message
):
    for data in ({}, {"useful": "yes", "rating": "6"}, {"useful": "no", "comment": "x" * 1001}):
        response = client.post(f"/{lang}/feedback/LIC-161/", data)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not FeedbackAnswer.objects.exists()


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_kept(client, services_two_departments):
    response = client.post("/en/feedback/LIC-161/", {"useful": "yes", "website_url": "http://spam"})
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert not FeedbackAnswer.objects.exists()


def test_a_flood_from_one_visitor_gets_429(client, services_two_departments, settings):
    settings.FEEDBACK_RATE_LIMIT_COUNT = 2
    codes = [client.post("/en/feedback/LIC-161/", {"useful": "yes"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert FeedbackAnswer.objects.count() == 2


def test_an_unknown_or_unpublished_service_has_no_form(client, services_two_departments):
    assert client.get("/ar/feedback/NOPE-1/").status_code == 404
    assert client.post("/ar/feedback/NOPE-1/", {"useful": "yes"}).status_code == 404


def test_a_service_under_a_view_restriction_has_no_form_and_takes_no_answer(client, services_two_departments):
    from wagtail.models import PageViewRestriction

    from catalogue.models import ServicePage

    page = ServicePage.objects.get(code="LIC-162", locale__language_code="ar")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="secret-16")
    response = client.get("/ar/feedback/LIC-162/?useful=yes")
    assert response.status_code == 404
    assert "خدمة تجريبية LIC-162" not in response.content.decode()
    api = client.post(
        "/api/feedback/v1/", {"service": "LIC-162", "lang": "ar", "useful": True}, content_type="application/json"
    )
    assert api.status_code == 400
