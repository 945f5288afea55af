"""A hanging Elasticsearch costs one timeout, not one per search: it is skipped for a while."""

import socket
import threading

import pytest

from search import es

pytestmark = pytest.mark.django_db

URL = "/api/search/v1/"


@pytest.fixture
def hanging_server():
    """A server on 127.0.0.1 that accepts connections and never answers; counts them."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    state = {"connections": 0, "stop": False, "open": []}

    def accept():
        while not state["stop"]:
            try:
                conn, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            state["connections"] += 1
            state["open"].append(conn)  # held open, never answered

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", state
    state["stop"] = True
    thread.join(timeout=5)
    for conn in state["open"]:
        conn.close()
    listener.close()


def test_after_a_timeout_searches_answer_from_the_database_then_retry(
    client, small_catalogue, hanging_server, settings, monkeypatch
):
    url, state = hanging_server
    settings.ELASTICSEARCH_URL = url
    settings.SEARCH_ES_TIMEOUT = 0.3
    settings.SEARCH_ES_RETRY_SECONDS = 30
    clock = {"now": 1000.0}
    monkeypatch.setattr(es, "_now", lambda: clock["now"])

    first = client.get(URL, {"q": "رخصة", "lang": "ar"}).json()
    assert first["backend"] == "database" and first["total"] > 0
    assert state["connections"] == 1

    # Within the retry window: the hanging server is not contacted, the database answers.
    for _ in range(3):
        again = client.get(URL, {"q": "رخصة", "lang": "ar"}).json()
        assert again["backend"] == "database" and again["results"] == first["results"]
    assert client.get("/en/search/", {"q": "licence"}).status_code == 200
    assert state["connections"] == 1

    # After the window, the next search tries Elasticsearch again (and falls back again).
    clock["now"] += 31
    assert client.get(URL, {"q": "رخصة", "lang": "ar"}).json()["backend"] == "database"
    assert state["connections"] == 2
