"""Fixtures for the open data: services written through the catalogue's service layer."""

import pytest

from opendata.services import memo
from tests.catalogue.factories import make_service as _make_service

API = "/api/open-data/v1"


@pytest.fixture(autouse=True)
def fresh_opendata_state(settings):
    """A rolled-back test database can reuse change-log numbers: forget files of other tests."""
    settings.PUBLIC_BASE_URL = "https://baladiya.example"
    memo.clear()
    yield
    memo.clear()


@pytest.fixture
def make_service(bootstrapped, django_capture_on_commit_callbacks):
    def make(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return _make_service(**kwargs)

    return make
