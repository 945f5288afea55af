"""Fixtures of the feedback tests: two departments' services, editors, answers at known times."""

import datetime as dt

import pytest

from django.contrib.auth.models import Group
from django.core.cache import caches
from django.utils import timezone

from catalogue.models import Channel, Department
from feedback.models import FeedbackAnswer
from tests.catalogue.factories import make_service


@pytest.fixture(autouse=True)
def fresh_feedback_state(settings):
    """Rate counters start empty; the limit is high unless a test lowers it."""
    settings.FEEDBACK_RATE_LIMIT_COUNT = 1000
    caches["counters"].clear()
    yield
    caches["counters"].clear()


@pytest.fixture
def services_two_departments(bootstrapped):
    make_service(code="LIC-161", department="licensing", channels=("counter", "website"))
    make_service(code="LIC-162", department="licensing", channels=("website",))
    make_service(code="PH-161", department="public-health", channels=("counter",))


@pytest.fixture
def licensing_editor(bootstrapped, django_user_model):
    user = django_user_model.objects.create_user("lic-editor-16", password="pw-16-licensing", email="lic@example.org")
    user.groups.add(Group.objects.get(name="Department editors: licensing"))
    return user


def add_answers(
    code: str, *, useful: int, not_useful: int, days_ago: float = 1, channel: str | None = None, rating=None
):
    """Store answers directly (the known fixture of the aggregation tests)."""
    department = Department.objects.get(code={"LIC": "licensing", "PH": "public-health"}[code.split("-")[0]])
    channel_obj = Channel.objects.get(code=channel) if channel else None
    when = timezone.now() - dt.timedelta(days=days_ago)
    FeedbackAnswer.objects.bulk_create(
        [
            FeedbackAnswer(
                service_code=code,
                department=department,
                lang="ar",
                useful=index < useful,
                channel=channel_obj,
                rating=rating,
                created_at=when,
            )
            for index in range(useful + not_useful)
        ]
    )
