"""Contract tests for /api/feed/v1/ lists, details, errors and HTTP caching (CONTRACTS.md §3)."""

import datetime as dt

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from catalogue.models import Department, OpeningHours, Outlet, ServicePage
from publication.models import Publication

pytestmark = pytest.mark.django_db

FEED = "/api/feed/v1"


def codes(response):
    return [item["code"] for item in response.json()["items"]]


def walk(client, url):
    """Every item of a list, following next_cursor."""
    items, cursor = [], None
    while True:
        response = client.get(url + (f"&cursor={cursor}" if cursor else ""))
        assert response.status_code == 200, response.content
        body = response.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


def test_services_list_in_both_languages_with_the_contract_fields(client, bootstrapped, make_service):
    make_service("LIC-101")
    ar = client.get(f"{FEED}/services").json()["items"][0]
    en = client.get(f"{FEED}/services?lang=en").json()["items"][0]
    assert (ar["lang"], ar["title"]) == ("ar", "خدمة LIC-101")
    assert (en["lang"], en["title"]) == ("en", "Service LIC-101")
    for field in (
        "code lang title summary description department channels audiences fee_aed processing_time "
        "documents steps e_payment uae_pass forms url translations updated_at"
    ).split():
        assert field in en, field
    assert en["department"] == {"code": "licensing", "name": "Commercial Licensing"}
    assert en["channels"][0] == {
        "code": "counter",
        "name": "Service counters",
        "type": "in-person",
        "url": None,
        "phone": None,
    }
    assert en["translations"]["ar"].endswith("/ar/services/licensing/lic-101/")
    assert en["url"] == en["translations"]["en"]
    assert en["updated_at"].endswith("Z")
    assert dt.datetime.fromisoformat(en["updated_at"].replace("Z", "+00:00"))


def test_nothing_internal_or_about_editors_leaks(client, bootstrapped, make_service, django_user_model):
    editor = django_user_model.objects.create(username="secret-editor-name", is_superuser=True)
    data = make_service("LIC-102")
    page = ServicePage.objects.get(code="LIC-102", locale__language_code="en")
    page.save_revision(user=editor).publish(user=editor)
    body = client.get(f"{FEED}/services/LIC-102?lang=en").content.decode()
    for internal in ("secret-editor-name", "owner", "revision", "search_text", '"id"', "draft_title", "locked"):
        assert internal not in body
    assert data.code in body


def test_drafts_never_appear(client, bootstrapped, make_service):
    make_service("LIC-103", title_en="Published title")
    page = ServicePage.objects.get(code="LIC-103", locale__language_code="en")
    page.title = "Draft title not yet approved"
    page.save_revision()  # a draft: saved, not published
    assert client.get(f"{FEED}/services/LIC-103?lang=en").json()["title"] == "Published title"
    make_service("LIC-104", status="draft")
    assert "LIC-104" not in codes(client.get(f"{FEED}/services"))
    assert client.get(f"{FEED}/services/LIC-104").status_code == 404


def test_private_pages_leave_the_feed(client, bootstrapped, make_service):
    make_service("LIC-105")
    page = ServicePage.objects.get(code="LIC-105", locale__language_code="ar")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(f"{FEED}/services/LIC-105").status_code == 404
    restriction.delete()
    assert client.get(f"{FEED}/services/LIC-105").status_code == 200


def test_filters_by_department_channel_and_audience(client, bootstrapped, make_service):
    make_service("LIC-110", channels=("counter",), audiences=["businesses"])
    make_service("LEA-110", department="leasing", channels=("website",), audiences=["individuals"])
    assert codes(client.get(f"{FEED}/services?department=leasing")) == ["LEA-110"]
    assert codes(client.get(f"{FEED}/services?channel=counter")) == ["LIC-110"]
    assert codes(client.get(f"{FEED}/services?audience=individuals")) == ["LEA-110"]
    assert codes(client.get(f"{FEED}/services?department=leasing&channel=counter")) == []
    # "web" is a prefix of "website" but not a channel: no partial matches.
    assert codes(client.get(f"{FEED}/services?channel=web")) == []


def test_cursor_pages_cover_everything_once_even_under_concurrent_edits(client, bootstrapped, make_service):
    for n in range(1, 8):
        make_service(f"LIC-2{n:02d}")
    first = client.get(f"{FEED}/services?limit=3").json()
    assert [i["code"] for i in first["items"]] == ["LIC-201", "LIC-202", "LIC-203"]
    # Between two pages, an editor adds a service before the cursor and removes one after it.
    make_service("LIC-200")
    ServicePage.objects.get(code="LIC-206", locale__language_code="ar").unpublish()
    rest, cursor = [], first["next_cursor"]
    while cursor:
        body = client.get(f"{FEED}/services?limit=3&cursor={cursor}").json()
        rest += [i["code"] for i in body["items"]]
        cursor = body["next_cursor"]
    assert rest == ["LIC-204", "LIC-205", "LIC-207"]


def test_updated_since_returns_only_later_changes(client, bootstrapped, make_service):
    make_service("LIC-120")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    Publication.objects.filter(code="LIC-120").update(updated_at=later - dt.timedelta(days=1))
    make_service("LIC-121")
    Publication.objects.filter(code="LIC-121").update(updated_at=later + dt.timedelta(minutes=1))
    since = later.isoformat().replace("+00:00", "Z")
    assert codes(client.get(f"{FEED}/services", {"updated_since": since})) == ["LIC-121"]
    assert codes(client.get(f"{FEED}/services", {"updated_since": "2000-01-01"})) == ["LIC-120", "LIC-121"]


def test_every_contract_list_exists_in_both_languages(client, bootstrapped):
    for path in (
        "departments",
        "channels",
        "outlets",
        "audiences",
        "forms",
        "news",
        "social-posts",
        "figures",
        "stats",
    ):
        for lang in ("ar", "en"):
            response = client.get(f"{FEED}/{path}?lang={lang}&limit=500")
            assert response.status_code == 200, path
            body = response.json()
            assert set(body) == {"items", "next_cursor"}
            assert all(item["lang"] == lang for item in body["items"])
    departments = {d["code"]: d["name"] for d in client.get(f"{FEED}/departments?lang=en").json()["items"]}
    assert departments["licensing"] == "Commercial Licensing"
    assert len(departments) == 7
    channels = client.get(f"{FEED}/channels?lang=ar").json()["items"]
    assert {"code": "dreesha", "type": "drive-through"}.items() <= next(
        c for c in channels if c["code"] == "dreesha"
    ).items()
    assert {a["code"] for a in client.get(f"{FEED}/audiences").json()["items"]} >= {
        "elderly",
        "people-of-determination",
    }


def test_outlets_carry_hours_and_follow_edits(client, bootstrapped):
    mall = client.get(f"{FEED}/outlets/fujairah-mall?lang=en").json()
    assert mall["channel"]["code"] == "mall-centre"
    friday = [h for h in mall["opening_hours"] if h["weekday"] == 4]
    assert friday == [{"weekday": 4, "day": "Friday", "opens": "14:00", "closes": "22:00"}]
    assert mall["special_periods"][0]["name"] == "Ramadan"
    outlet = Outlet.objects.get(code="fujairah-mall")
    hours = OpeningHours.objects.get(outlet=outlet, weekday=4)
    hours.opens = dt.time(15, 0)
    hours.save()
    assert client.get(f"{FEED}/outlets/fujairah-mall?lang=en").json()["opening_hours"][4]["opens"] == "15:00"


def test_renaming_a_department_reaches_its_services(client, bootstrapped, make_service):
    make_service("LIC-130")
    department = Department.objects.get(code="licensing")
    department.name_en = "Trade Licensing"
    department.save()
    assert client.get(f"{FEED}/departments/licensing?lang=en").json()["name"] == "Trade Licensing"
    assert client.get(f"{FEED}/services/LIC-130?lang=en").json()["department"]["name"] == "Trade Licensing"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("lang=fr", "lang"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=ten", "limit"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=czox", "cursor"),  # a sync cursor is not a list cursor
        ("updated_since=yesterday", "updated_since"),
        ("updated_since=0001-01-01T00:00:00%2B14:00", "updated_since"),
        ("department=Licensing!", "department"),
        ("channel=%00", "channel"),
        ("audience=" + "a" * 51, "audience"),
    ],
)
def test_bad_parameters_give_400_with_the_error_shape(client, bootstrapped, query, field):
    response = client.get(f"{FEED}/services?{query}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_parameter"
    assert error["field"] == field
    assert error["message"]


def test_errors_speak_the_requested_language(client, bootstrapped):
    english = client.get(f"{FEED}/services?lang=en&limit=0").json()["error"]["message"]
    assert english == "“limit” must be a whole number from 1 to 500."
    # Arabic by default, and for anyone whose browser asks for it.
    arabic = client.get(f"{FEED}/services?limit=0").json()["error"]["message"]
    assert arabic == "يجب أن تكون قيمة «limit» عدداً صحيحاً من 1 إلى 500."
    assert client.get(f"{FEED}/nothing", HTTP_ACCEPT_LANGUAGE="en").json()["error"]["message"].startswith("There is no")


def test_unknown_codes_addresses_and_methods_answer_in_json(client, bootstrapped):
    missing = client.get(f"{FEED}/services/LIC-999")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert client.get(f"{FEED}/nothing-here").json()["error"]["code"] == "not_found"
    assert client.get(f"{FEED}/services/../../etc/passwd").status_code == 404
    post = client.post(f"{FEED}/services")
    assert post.status_code == 405
    assert post.json()["error"]["code"] == "method_not_allowed"


def test_strong_etag_304_last_modified_and_cache_control(client, bootstrapped, make_service):
    make_service("LIC-140")
    first = client.get(f"{FEED}/services")
    etag = first["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert "stale-while-revalidate=" in first["Cache-Control"]
    assert first["Last-Modified"]
    again = client.get(f"{FEED}/services", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(f"{FEED}/services", HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 200
    assert client.get(f"{FEED}/services", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    detail = client.get(f"{FEED}/services/LIC-140")
    assert client.get(f"{FEED}/services/LIC-140", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304


def test_publishing_invalidates_the_cached_list(
    client, bootstrapped, make_service, settings, django_capture_on_commit_callbacks
):
    settings.FEED_VERSION_TTL = 60  # a process re-reads versions rarely; the publish itself invalidates
    with django_capture_on_commit_callbacks(execute=True):
        make_service("LIC-150", title_en="Before")
    before = client.get(f"{FEED}/services?lang=en")
    assert codes(before) == ["LIC-150"]
    with django_capture_on_commit_callbacks(execute=True):
        make_service("LIC-150", title_en="After")
    after = client.get(f"{FEED}/services?lang=en", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["items"][0]["title"] == "After"
    assert after["ETag"] != before["ETag"]
    # A change to another type leaves the services' cached list in place.
    with django_capture_on_commit_callbacks(execute=True):
        Department.objects.filter(code="leasing").first().save()
    assert client.get(f"{FEED}/services?lang=en", HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304


def test_sql_queries_per_list_request_do_not_grow_with_the_page(client, bootstrapped):
    template = Publication.objects.get(type="department", code="licensing", lang="ar")
    Publication.objects.bulk_create(
        Publication(
            type="service",
            code=f"BEN-{n:04d}",
            lang="ar",
            payload={**template.payload, "code": f"BEN-{n:04d}"},
            etag="x",
            updated_at=template.updated_at,
        )
        for n in range(500)
    )
    counts = {}
    for size in (10, 500):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{FEED}/services?limit={size}")
        assert len(response.json()["items"]) == size
        counts[size] = len([q for q in queries.captured_queries if "cms_" in q["sql"]])
    # One for the type's version, one for the page; nothing per item.
    assert counts == {10: 2, 500: 2}


def test_a_warm_response_needs_no_query(client, bootstrapped, settings):
    settings.FEED_VERSION_TTL = 60
    client.get(f"{FEED}/departments")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(f"{FEED}/departments")
    assert again.status_code == 200 and len(again.json()["items"]) == 7
    assert [q for q in queries.captured_queries if "cms_" in q["sql"]] == []


def test_rate_limit_gives_429_with_retry_after(client, bootstrapped, settings):
    settings.FEED_RATE_LIMIT_PER_MINUTE = 3
    statuses = [client.get(f"{FEED}/departments").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(f"{FEED}/departments")
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert refused.json()["error"]["code"] == "rate_limited"
    # Another address has its own allowance.
    assert client.get(f"{FEED}/departments", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_partner_api_keys_have_their_own_limits(client, bootstrapped, settings):
    from feed.services import feed_api_key_create

    settings.FEED_RATE_LIMIT_PER_MINUTE = 1
    key, raw = feed_api_key_create(name="Partner", requests_per_minute=5)
    assert [client.get(f"{FEED}/channels", HTTP_X_API_KEY=raw).status_code for _ in range(5)] == [200] * 5
    assert client.get(f"{FEED}/channels", HTTP_X_API_KEY=raw).status_code == 429
    bad = client.get(f"{FEED}/channels", HTTP_X_API_KEY="bfk_wrong")
    assert bad.status_code == 401
    assert bad.json()["error"]["field"] == "X-API-Key"
    assert key.key_hash != raw and raw not in str(key.__dict__)


def test_openapi_and_docs_page(client, bootstrapped):
    schema = client.get(f"{FEED}/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/feed/v1/services",
        "/api/feed/v1/services/{code}",
        "/api/feed/v1/sync",
        "/api/feed/v1/departments",
        "/api/feed/v1/social-posts",
        "/api/feed/v1/stats",
    ):
        assert path in paths, path
    service = schema["components"]["schemas"]["Service"]
    assert {"code", "title", "department", "channels", "translations"} <= set(service["properties"])
    assert client.get(f"{FEED}/docs").status_code == 200


def test_internal_links_in_descriptions_reach_the_apps_as_real_urls(client, bootstrapped):
    """Wagtail stores page links as <a linktype="page" id=…>: the feed must not leak that."""
    from catalogue.models import ServicePage
    from tests.catalogue.factories import make_service

    make_service(code="LIC-941")
    page = ServicePage.objects.get(code="LIC-941", locale__language_code="ar").get_latest_revision_as_object()
    home = page.get_parent().get_parent().get_parent()
    page.description = f'<p>انظر <a linktype="page" id="{home.pk}">الصفحة الرئيسية</a></p>'
    page.save_revision().publish()
    item = client.get("/api/feed/v1/services/LIC-941?lang=ar").json()
    assert 'linktype="page"' not in item["description"]
    assert 'href="http' in item["description"] and "/ar/" in item["description"]
