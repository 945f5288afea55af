"""A news item behind a password or a private section leaves the feed and search."""

import pytest

from wagtail.models import PageViewRestriction

from news.models import NewsPage
from publication.models import ChangeLog, Publication
from tests.news.conftest import make_news

pytestmark = pytest.mark.django_db


def test_restricting_a_news_page_removes_it_from_the_feed(client, bootstrapped):
    make_news("remote-work-results")
    assert Publication.objects.filter(type="news", code="remote-work-results", lang="en").exists()
    page = NewsPage.objects.get(code="remote-work-results", locale__language_code="en")

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret")

    assert not Publication.objects.filter(type="news", code="remote-work-results", lang="en").exists()
    assert Publication.objects.filter(type="news", code="remote-work-results", lang="ar").exists()
    assert ChangeLog.objects.filter(code="remote-work-results", lang="en", op="delete").exists()
    response = client.get("/api/feed/v1/news/remote-work-results?lang=en")
    assert response.status_code == 404
