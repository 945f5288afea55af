"""The news pipeline and reports on the production servers (PostgreSQL, S3)."""

import pytest

from django.conf import settings

from news.selectors import campaign_report
from publication.models import Publication
from tests.news.conftest import make_image, make_post

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_report_and_feed_on_postgres(postgres_db, known_campaign):
    report = campaign_report(campaign=known_campaign)
    assert report.totals == {"reach": 600, "likes": 60, "comments": 6, "followers_gained": 6}
    assert set(Publication.objects.filter(type="social-post").values_list("code", flat=True)) == {
        "p1",
        "p2",
        "p3",
        "o1",
    }


@pytest.mark.s3
def test_post_crops_are_stored_on_s3(s3_bucket, bootstrapped):
    make_post("on-s3", image=make_image("s3-picture"))
    crops = Publication.objects.get(type="social-post", code="on-s3", lang="ar").payload["images"][0]["crops"]
    keys = {o["Key"] for o in s3_bucket.list_objects_v2(Bucket=settings.AWS_STORAGE_BUCKET_NAME).get("Contents", [])}
    for url in crops.values():
        assert settings.AWS_STORAGE_BUCKET_NAME in url
        assert any(key in url for key in keys)
