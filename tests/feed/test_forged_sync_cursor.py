"""A forged sync cursor is a 400 with the feed's error shape, in the person's language, never a 500."""

import base64

import pytest

pytestmark = pytest.mark.django_db
FEED = "/api/feed/v1"


def forged(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "czrCsg",  # "s:²": a digit to str.isdigit(), not to int()
        forged("s:١٢٣"),  # Arabic-Indic digits
        forged("s:1" + "0" * 30),  # beyond any sequence number
        forged("s:-1"),
        forged("s: 1"),
    ],
)
def test_a_forged_sync_cursor_gives_400_with_the_error_shape(client, bootstrapped, cursor):
    response = client.get(f"{FEED}/sync", {"cursor": cursor, "lang": "en"})
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "invalid_parameter",
            "message": "This cursor is not valid. Start again without a cursor.",
            "field": "cursor",
        }
    }


def test_the_refusal_speaks_arabic_by_default(client, bootstrapped):
    response = client.get(f"{FEED}/sync", {"cursor": "czrCsg"})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "هذا المؤشر غير صالح. ابدأ من جديد دون مؤشر."


def test_a_cursor_the_feed_handed_out_still_works(client, bootstrapped, make_service):
    make_service("LIC-150")
    first = client.get(f"{FEED}/sync").json()
    assert first["changes"]
    again = client.get(f"{FEED}/sync", {"cursor": first["next_cursor"]})
    assert again.status_code == 200
    assert again.json()["changes"] == []
