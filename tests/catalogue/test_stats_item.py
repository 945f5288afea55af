"""The facts & figures item counts the live services by department and channel (counted by the
database per combination since issue 19, not one row per service)."""

import pytest

from catalogue.representations import STATS_CODE, stats_render
from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db


def test_figures_count_each_department_and_channel(bootstrapped):
    make_service(code="LIC-801", department="licensing", channels=("counter", "website"))
    make_service(code="LIC-802", department="licensing", channels=("counter", "website"))
    make_service(code="LIC-803", department="licensing", channels=("counter",))
    make_service(code="PH-801", department="public-health", channels=("website",))
    make_service(code="PH-802", department="public-health", channels=("counter",), status="draft")
    figures = stats_render(STATS_CODE)["en"].payload
    departments = {d["code"]: d["count"] for d in figures["by_department"]}
    channels = {c["code"]: c["count"] for c in figures["by_channel"]}
    assert figures["services"] == 4  # the draft is not live
    assert departments["licensing"] == 3 and departments["public-health"] == 1
    assert channels["counter"] == 3 and channels["website"] == 3
    assert figures["online_services"] == 3  # the website is an online channel
