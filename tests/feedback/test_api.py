"""POST /api/feedback/v1/ (CONTRACTS §7): answers from the apps, bad input refused whole."""

import json

import pytest

from feedback.models import FeedbackAnswer, TriageItem

pytestmark = pytest.mark.django_db
URL = "/api/feedback/v1/"


def post(client, body, **headers):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **headers)


def test_an_app_answer_is_stored_and_gets_an_id(client, services_two_departments):
    response = post(
        client,
        {"service": "LIC-161", "lang": "en", "useful": True, "channel": "website", "rating": 4, "comment": None},
    )
    assert response.status_code == 201
    answer = FeedbackAnswer.objects.get()
    assert response.json() == {"id": str(answer.id)}
    assert (answer.service_code, answer.lang, answer.useful, answer.channel.code, answer.rating, answer.source) == (
        "LIC-161",
        "en",
        True,
        "website",
        4,
        "api",
    )
    assert answer.department.code == "licensing"


def test_only_useful_is_required_besides_service_and_language(client, services_two_departments):
    assert post(client, {"service": "PH-161", "lang": "ar", "useful": False}).status_code == 201


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"service": "NOPE-1", "lang": "ar", "useful": True}, "service", "unknown_service"),
        ({"service": "LIC-161", "lang": "ar", "useful": True, "channel": "pigeon"}, "channel", "unknown_channel"),
        ({"service": "LIC-161", "lang": "ar", "useful": True, "rating": 0}, "rating", "invalid"),
        ({"service": "LIC-161", "lang": "ar", "useful": True, "rating": 6}, "rating", "invalid"),
        ({"service": "LIC-161", "lang": "ar", "useful": True, "rating": 4.5}, "rating", "invalid"),
        ({"service": "LIC-161", "lang": "ar", "useful": True, "rating": True}, "rating", "invalid"),
        ({"service": "LIC-161", "lang": "ar", "useful": True, "comment": "x" * 1001}, "comment", "invalid"),
        ({"service": "LIC-161", "lang": "fr", "useful": True}, "lang", "invalid"),
        ({"service": "LIC-161", "lang": "ar", "useful": "yes"}, "useful", "invalid"),
        ({"service": "LIC-161", "lang": "ar"}, "useful", "missing"),
        ({"service": ["LIC-161"], "lang": "ar", "useful": True}, "service", "unknown_service"),
    ],
)
def test_bad_answers_get_400_in_the_error_shape_and_nothing_is_written(
    client, services_two_departments, body, field, code
):
    response = post(client, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["field"], error["code"]) == (field, code)
    assert error["message"]
    assert not FeedbackAnswer.objects.exists() and not TriageItem.objects.exists()


def test_a_comment_of_exactly_1000_characters_is_accepted(client, services_two_departments):
    assert post(client, {"service": "LIC-161", "lang": "ar", "useful": True, "comment": "ب" * 1000}).status_code == 201


@pytest.mark.parametrize("body", ["not json", "[1, 2]", b"\xff\xfe", json.dumps({"x": "y" * 9000})])
def test_malformed_bodies_get_400(client, services_two_departments, body):
    response = post(client, body)
    assert response.status_code == 400
    assert "error" in response.json()


def test_an_unpublished_service_cannot_be_answered(client, bootstrapped):
    from tests.catalogue.factories import make_service

    make_service(code="LIC-169", status="draft")
    assert post(client, {"service": "LIC-169", "lang": "ar", "useful": True}).json()["error"]["field"] == "service"


def test_errors_speak_the_language_of_the_request(client, services_two_departments):
    arabic = post(client, {"service": "NOPE-1", "lang": "ar", "useful": True}).json()["error"]["message"]
    english = post(client, {"service": "NOPE-1", "lang": "en", "useful": True}).json()["error"]["message"]
    assert english == "There is no service with this code."
    assert arabic != english and any("\u0600" <= ch <= "\u06ff" for ch in arabic)


def test_html_and_formulas_in_a_comment_are_stored_as_text_and_sent_to_triage(client, services_two_departments):
    comment = '<script>alert(1)</script>=HYPERLINK("http://x")'
    assert post(client, {"service": "LIC-161", "lang": "en", "useful": False, "comment": comment}).status_code == 201
    answer = FeedbackAnswer.objects.get()
    assert answer.comment == comment  # kept as typed; never rendered as HTML (see test_admin_views)
    item = TriageItem.objects.get()
    assert (item.service_code, item.reason, item.answer_id, item.department.code) == (
        "LIC-161",
        "comment",
        answer.id,
        "licensing",
    )


def test_a_flood_from_one_client_gets_429_and_stops_being_stored(client, services_two_departments, settings):
    settings.FEEDBACK_RATE_LIMIT_COUNT = 3
    statuses = [post(client, {"service": "LIC-161", "lang": "ar", "useful": True}).status_code for _ in range(5)]
    assert statuses == [201, 201, 201, 429, 429]
    assert FeedbackAnswer.objects.count() == 3
    response = post(client, {"service": "LIC-161", "lang": "ar", "useful": True})
    assert response.json()["error"]["code"] == "rate_limited" and int(response["Retry-After"]) > 0
    # Another client is not affected.
    assert post(client, {"service": "LIC-161", "lang": "ar", "useful": True}, REMOTE_ADDR="10.9.9.9").status_code == 201


def test_the_api_needs_no_login_and_no_csrf_token(services_two_departments):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert post(strict, {"service": "LIC-161", "lang": "ar", "useful": True}).status_code == 201


def test_get_is_not_allowed(client, services_two_departments):
    assert client.get(URL).status_code == 405
