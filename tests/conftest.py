"""Shared fixtures. Server fixtures skip locally when a server is not configured, and FAIL when
``CI=true`` (or ``BALADIYA_REQUIRE_SERVERS=1``) so that a CI run can never pass without them."""

import os
import uuid

import pytest

from django.conf import settings
from django.core.management import call_command

SESSION_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:8]}"
REQUIRE_SERVERS = os.environ.get("CI", "").lower() == "true" or os.environ.get("BALADIYA_REQUIRE_SERVERS") == "1"


def server_missing(what: str) -> None:
    """Fail (in CI) or skip (locally) a test whose server is not configured."""
    message = f"{what} is not configured for this run"
    if REQUIRE_SERVERS:
        pytest.fail(message + " (CI=true: a missing server is a failure)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def test_search_index_prefix(settings):
    """Publishing in any test may index into Elasticsearch: keep it out of the real indices."""
    settings.SEARCH_INDEX_PREFIX = SESSION_INDEX_PREFIX


@pytest.fixture(autouse=True)
def no_status_sweep_on_requests(settings):
    """The live-status sweep runs on a request at most once per STATUS_SWEEP_SECONDS: a clock-driven
    two queries that would make page query counts flaky. Tests of the sweep call sweep_reset()."""
    settings.STATUS_SWEEP_SECONDS = 10**9


@pytest.fixture(autouse=True)
def no_public_page_cache(settings):
    """Tests see fresh pages; tests/common/test_page_cache.py turns the cache on explicitly."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def counters_flushed_on_every_read(settings):
    """Counts bumped by reads reach the database at once in tests (production batches them for
    COUNTERS_FLUSH_SECONDS), and no test sees another's pending counts."""
    from django.core.cache import caches

    settings.COUNTERS_FLUSH_SECONDS = 0
    caches["counters"].clear()


def _bootstrap_if_needed() -> None:
    from wagtail.models import Workflow

    # Cheap check: the last thing bootstrap creates. Transactional tests flush the database, so
    # the data may have to be created again after them.
    if not Workflow.objects.filter(name="Service approval").exists():
        call_command("bootstrap", verbosity=0, stdout=open(os.devnull, "w"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Bootstrap the test database once; each test then runs inside a rolled-back transaction."""
    with django_db_blocker.unblock():
        _bootstrap_if_needed()


@pytest.fixture
def bootstrapped(db):
    """A database with locales, the page tree and the reference data of CONTRACTS §1."""
    _bootstrap_if_needed()


@pytest.fixture
def postgres_db(db):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        server_missing("PostgreSQL (DATABASE_URL)")


@pytest.fixture
def elasticsearch_url():
    if not settings.ELASTICSEARCH_URL:
        server_missing("Elasticsearch (ELASTICSEARCH_URL)")
    return settings.ELASTICSEARCH_URL


def _s3_client():
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=settings.AWS_S3_ENDPOINT_URL,
        region_name=settings.AWS_S3_REGION_NAME,
        aws_access_key_id=settings.AWS_ACCESS_KEY_ID,
        aws_secret_access_key=settings.AWS_SECRET_ACCESS_KEY,
    )


@pytest.fixture(scope="session", autouse=True)
def media_bucket_exists():
    """With S3 as the media storage, every test that saves a file needs the bucket, as production
    has it; a fresh S3 server (a bare CI machine) has none until someone creates it."""
    if settings.AWS_STORAGE_BUCKET_NAME:
        client = _s3_client()
        try:
            client.head_bucket(Bucket=settings.AWS_STORAGE_BUCKET_NAME)
        except client.exceptions.ClientError:
            client.create_bucket(Bucket=settings.AWS_STORAGE_BUCKET_NAME)


@pytest.fixture
def s3_bucket():
    """A client of the S3 server whose bucket is the media storage's bucket."""
    if not settings.AWS_STORAGE_BUCKET_NAME:
        server_missing("S3 (AWS_STORAGE_BUCKET_NAME)")
    return _s3_client()


@pytest.fixture
def unique_prefix():
    return f"test-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session", autouse=True)
def delete_session_indices():
    """Remove the indices that tests of this session created under SESSION_INDEX_PREFIX."""
    yield
    if settings.ELASTICSEARCH_URL:
        from elasticsearch import Elasticsearch

        client = Elasticsearch(settings.ELASTICSEARCH_URL)
        try:
            # Elasticsearch 8 refuses wildcard deletes (action.destructive_requires_name): name them.
            names = list(client.indices.get(index=f"{SESSION_INDEX_PREFIX}*", expand_wildcards="all"))
            if names:
                client.indices.delete(index=",".join(names))
        finally:
            client.close()
