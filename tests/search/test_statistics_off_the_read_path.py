"""Searches are counted in the counters cache, not written to the database while the visitor waits."""

import pytest

from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from search import services
from search.models import QueryStat

pytestmark = pytest.mark.django_db

URL = "/api/search/v1/"
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_searches_write_nothing_until_the_flush_and_the_report_counts_them(
    client, admin_client, small_catalogue, no_elasticsearch, settings
):
    settings.COUNTERS_FLUSH_SECONDS = 300
    assert client.get(URL, {"q": "رخصة", "lang": "ar"}).status_code == 200  # opens the flush window
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get(URL, {"q": "رخصة", "lang": "ar"}).status_code == 200
        assert client.get("/ar/search/", {"q": "رخصة"}).status_code == 200
    assert _writes(queries.captured_queries) == []
    # The editor's report shows every search, including those still waiting in the cache.
    assert admin_client.get(reverse("search_query_report")).status_code == 200
    assert QueryStat.objects.get(lang="ar", query="رخصه").searches == 5


class _LockedQueryStat:
    """QueryStat while another process holds the SQLite write lock."""

    class objects:  # noqa: N801 - stands in for the manager
        @staticmethod
        def filter(**kwargs):
            raise OperationalError("database is locked")


def test_a_search_never_fails_because_its_statistic_cannot_be_written(
    client, small_catalogue, no_elasticsearch, monkeypatch
):
    with monkeypatch.context() as patch:
        patch.setattr(services, "QueryStat", _LockedQueryStat)
        for _ in range(2):
            response = client.get(URL, {"q": "رخصة", "lang": "ar"})
            assert response.status_code == 200
            assert response.json()["total"] > 0
    # The counts were kept and reach the database with the next flush that can write.
    services.query_stats_flush()
    assert QueryStat.objects.get(lang="ar", query="رخصه").searches == 2
