"""The demo step gives `make run` answers, comments, triage items and owners, once."""

import pytest

from feedback.demo import feedback_seed_demo
from feedback.models import FeedbackAnswer, ServiceOwnership, ServiceSatisfaction, TriageItem

pytestmark = pytest.mark.django_db


def test_demo_feedback_is_created_once_and_published(services_two_departments):
    created = feedback_seed_demo()
    assert created == FeedbackAnswer.objects.count() > 3
    assert TriageItem.objects.filter(reason="comment").exists()
    assert ServiceOwnership.objects.count() == 3
    assert ServiceSatisfaction.objects.filter(answers__gt=0).count() == 3
    assert feedback_seed_demo() == 0
    assert FeedbackAnswer.objects.count() == created
