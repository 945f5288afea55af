"""OpenAPI-driven fuzzing of the feed (schemathesis): no input gives a server error, and every
response matches the documented status codes, content type and schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode

from catalogue.services import service_upsert
from tests.feed.conftest import service_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def wsgi_in_test_transaction():
    """Like Django's test client: requests must not close the test's open transaction."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_no_input_gives_a_server_error(bootstrapped, wsgi_in_test_transaction):
    from cms.wsgi import application

    for code in ("LIC-501", "LEA-501"):
        service_upsert(data=service_data(code, department="leasing" if code.startswith("LEA") else "licensing"))
    schema = schemathesis.openapi.from_wsgi("/api/feed/v1/openapi.json", application)
    schema.config.checks.positive_data_acceptance.enabled = False
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    calls = 0
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
            def fuzz(case):
                nonlocal calls
                calls += 1
                response = case.call_and_validate()
                assert response.status_code < 500

            fuzz()
    assert calls >= len(operations) * 20
