"""Fixtures for the export feed: services written through the catalogue's service layer."""

from decimal import Decimal

import pytest

from django.core.cache import caches

from catalogue.services import ServiceData, ServiceTexts, service_upsert
from feed import protection
from feed.http import feed_versions_forget, response_cache


def service_data(code: str, *, department="licensing", channels=("counter", "website"), **extra) -> ServiceData:
    title_ar = extra.pop("title_ar", f"خدمة {code}")
    title_en = extra.pop("title_en", f"Service {code}")
    data = ServiceData(
        code=code,
        department=department,
        channels=list(channels),
        audiences=extra.pop("audiences", ["businesses"]),
        fee_aed=Decimal(extra.pop("fee_aed", "100")),
        e_payment=True,
        uae_pass=False,
        status=extra.pop("status", "published"),
        ar=ServiceTexts(
            title=title_ar,
            summary="ملخص.",
            description="<p>وصف.</p>",
            processing_time="فوري",
            documents=["الهوية"],
            steps=["تقديم", "استلام"],
        ),
        en=ServiceTexts(
            title=title_en,
            summary="Summary.",
            description="<p>Description.</p>",
            processing_time="Instant",
            documents=["ID"],
            steps=["Apply", "Receive"],
        ),
    )
    assert not extra, extra
    return data


@pytest.fixture
def make_service():
    def make(code: str, **kwargs) -> ServiceData:
        data = service_data(code, **kwargs)
        service_upsert(data=data)
        return data

    return make


@pytest.fixture(autouse=True)
def fresh_feed_state(settings):
    """Each test starts with an empty response cache, rate counters and API-key cache."""
    settings.FEED_RATE_LIMIT_PER_MINUTE = 10_000
    # Versions are re-read on every request here; test_api checks the memo and its invalidation.
    settings.FEED_VERSION_TTL = 0
    feed_versions_forget()
    response_cache.clear()
    caches["counters"].clear()
    protection._key_cache.clear()
    yield
    response_cache.clear()
