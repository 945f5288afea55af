"""OpenAPI-driven fuzzing of the feed (schemathesis): no input gives a server error, and every
response matches the documented status codes, content type and schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode

from catalogue.services import service_upsert
from tests.feed.conftest import service_data

pytestmark = pytest.mark.django_db


def test_no_input_gives_a_server_error(bootstrapped):
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
