"""A search query with bidirectional controls is answered without them: the page's <title>, the
search box and the API's echo never carry an override that would reorder what people read."""

import re

import pytest

pytestmark = pytest.mark.django_db
RLO, LRI, PDI = "\u202e", "\u2066", "\u2069"
CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def test_the_search_page_title_does_not_echo_bidi_controls(client, small_catalogue):
    response = client.get("/en/search/", {"q": f"trade{RLO} licence{LRI}gpj.exe{PDI}"})
    assert response.status_code == 200
    page = response.content.decode()
    (title,) = re.findall(r"<title>(.*?)</title>", page, flags=re.S)
    assert "trade licencegpj.exe" in title
    assert not CONTROLS.search(page)


def test_a_refused_query_is_not_echoed_with_them_either(client, small_catalogue):
    response = client.get("/ar/search/", {"q": f"{RLO}رخصة", "size": "0"})
    assert response.status_code == 400
    assert not CONTROLS.search(response.content.decode())


def test_the_api_searches_and_echoes_the_stripped_query(client, small_catalogue):
    body = client.get("/api/search/v1/", {"q": f"trade{RLO} licence", "lang": "en"}).json()
    assert body["query"] == "trade licence"
    assert "LIC-101" in [result["code"] for result in body["results"]]
