"""The search API as CONTRACTS §4 fixes it, served from the database (the embedded default)."""

import pytest

from catalogue.models import ServicePage
from search.models import BestBet, QueryStat, Synonym

pytestmark = pytest.mark.django_db
URL = "/api/search/v1/"


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_response_has_the_contract_shape(client, small_catalogue, no_elasticsearch):
    body = search(client, q="رخصة تجارية", lang="ar")
    # CONTRACTS §4's keys, and the one added since (a small catalogue's total is exact).
    assert set(body) == {"query", "total", "backend", "results", "facets", "suggestion", "total_relation"}
    assert body["total_relation"] == "eq"
    assert body["query"] == "رخصة تجارية"
    assert body["backend"] == "database"
    assert body["total"] >= 2
    first = body["results"][0]
    assert {"type", "code", "title", "summary", "url", "highlight"} <= set(first)
    assert first["type"] == "service" and first["code"] in {"LIC-101", "LIC-102"}
    assert first["url"].endswith("/")
    assert set(body["facets"]) == {"type", "department", "channel", "audience"}
    for entries in body["facets"].values():
        for entry in entries:
            assert set(entry) == {"code", "name", "count"}


def test_english_results_are_english(client, small_catalogue, no_elasticsearch):
    body = search(client, q="trade license", lang="en")
    assert body["results"][0]["title"] in {"Issue a trade licence", "Renew a trade licence"}
    assert "/en/" in body["results"][0]["url"]


def test_highlight_marks_the_matching_words_and_escapes_the_rest(client, small_catalogue, no_elasticsearch):
    body = search(client, q="توثيق", lang="ar")
    assert body["results"][0]["code"] == "LEA-101"
    assert "<mark>توثيق</mark>" in body["results"][0]["highlight"]


def test_filters_narrow_results_and_facets_count_the_alternatives(client, small_catalogue, no_elasticsearch):
    everything = search(client, q="رخصة", lang="ar")
    departments = {f["code"]: f["count"] for f in everything["facets"]["department"]}
    assert departments == {"licensing": 2, "buildings": 1}
    assert {f["name"] for f in everything["facets"]["department"]} >= {"إدارة الرخص التجارية"}

    narrowed = search(client, q="رخصة", lang="ar", department="buildings")
    assert [r["code"] for r in narrowed["results"]] == ["BLD-101"]
    assert narrowed["total"] == 1
    # The department facet still offers the other departments with their counts.
    assert {f["code"]: f["count"] for f in narrowed["facets"]["department"]} == departments

    online = search(client, q="رخصة", lang="ar", channel="website")
    assert {r["code"] for r in online["results"]} == {"LIC-101", "LIC-102"}
    businesses = search(client, q="رخصة", lang="ar", audience="businesses")
    assert [r["code"] for r in businesses["results"]] == ["LIC-102"]
    assert search(client, q="رخصة", lang="ar", type="news")["total"] == 0


def test_paging(client, small_catalogue, no_elasticsearch):
    first = search(client, q="رخصة", lang="ar", size=2)
    second = search(client, q="رخصة", lang="ar", size=2, page=2)
    assert len(first["results"]) == 2 and len(second["results"]) == 1
    assert {r["code"] for r in first["results"]}.isdisjoint({r["code"] for r in second["results"]})
    assert first["total"] == second["total"] == 3


def test_did_you_mean_offers_the_intended_word(client, small_catalogue, no_elasticsearch):
    body = search(client, q="attst", lang="en")
    assert body["suggestion"] == "attest"
    assert body["results"][0]["code"] == "LEA-101"  # typo tolerance finds it anyway
    assert search(client, q="lease", lang="en")["suggestion"] is None


def test_synonyms_from_the_admin_apply_without_reindexing(client, small_catalogue, no_elasticsearch):
    assert search(client, q="تأجير", lang="ar")["total"] == 0
    Synonym.objects.create(terms="تأجير، إيجار")
    assert search(client, q="تأجير", lang="ar")["results"][0]["code"] == "LEA-101"


def test_best_bets_come_first_and_only_when_live(client, small_catalogue, no_elasticsearch):
    BestBet.objects.create(query="رخصة", lang="ar", type="service", code="LIC-102")
    body = search(client, q="رُخصة", lang="ar")
    assert body["results"][0]["code"] == "LIC-102"
    assert [r["code"] for r in body["results"]].count("LIC-102") == 1
    assert body["total"] == 3
    BestBet.objects.create(query="رخصة", lang="ar", type="service", code="NOPE-1")
    assert "NOPE-1" not in [r["code"] for r in search(client, q="رخصة", lang="ar")["results"]]


def test_unpublished_services_are_not_found(
    client, small_catalogue, no_elasticsearch, django_capture_on_commit_callbacks
):
    assert search(client, q="تصديق", lang="ar")["total"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        ServicePage.objects.get(code="LEA-101", locale__language_code="ar").unpublish()
    assert search(client, q="تصديق", lang="ar")["total"] == 0


def test_drafts_never_reach_search(client, small_catalogue, no_elasticsearch, django_capture_on_commit_callbacks):
    page = ServicePage.objects.get(code="BLD-101", locale__language_code="ar")
    page.title = "عنوان مسودة سري"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision()
    assert search(client, q="مسودة سري", lang="ar")["total"] == 0
    assert search(client, q="رخصة بناء", lang="ar")["results"][0]["title"] == "رخصة بناء"


@pytest.mark.parametrize(
    "params, field",
    [
        ({"q": "x" * 257}, "q"),
        ({"q": ""}, "q"),
        ({"q": "a\x00b"}, "q"),
        ({"q": "رخصة", "lang": "fr"}, "lang"),
        ({"q": "رخصة", "type": "page"}, "type"),
        ({"q": "رخصة", "page": "0"}, "page"),
        ({"q": "رخصة", "page": "abc"}, "page"),
        ({"q": "رخصة", "size": "500"}, "size"),
        ({"q": "رخصة", "department": "<script>"}, "department"),
    ],
)
def test_malformed_parameters_give_400_in_the_error_shape(client, bootstrapped, no_elasticsearch, params, field):
    response = client.get(URL, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == field and error["code"] and error["message"]


def test_a_256_character_query_is_accepted(client, bootstrapped, no_elasticsearch):
    assert client.get(URL, {"q": "ب" * 256}).status_code == 200


def test_repeated_parameter_and_wrong_method_are_refused(client, bootstrapped, no_elasticsearch):
    assert client.get(URL + "?q=a&q=b").status_code == 400
    response = client.post(URL, {"q": "a"})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert set(response.json()["error"]) == {"code", "message", "field"}


def test_queries_are_logged_with_zero_result_counts(client, small_catalogue, no_elasticsearch):
    search(client, q="رخصة", lang="ar")
    search(client, q="رُخصة", lang="ar")
    search(client, q="zzzz qqqq", lang="en")
    search(client, q="رخصة", lang="ar", page=2)  # paging is not a new search
    stat = QueryStat.objects.get(lang="ar", query="رخصه")
    assert (stat.searches, stat.zero_results) == (2, 0)
    assert QueryStat.objects.get(lang="en", query="zzzz qqqq").zero_results == 1


def test_typeahead_returns_titles_for_a_fragment(client, small_catalogue, no_elasticsearch):
    response = client.get(URL + "suggest", {"q": "تجد", "lang": "ar"})
    assert response.status_code == 200
    assert response.json()["items"][0]["code"] == "LIC-102"
    assert not QueryStat.objects.exists()


@pytest.mark.parametrize("param", ["page", "size"])
def test_unicode_digits_are_a_clear_400_not_a_500(client, param):
    response = client.get("/api/search/v1/", {"q": "licence", param: "²"})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == param
