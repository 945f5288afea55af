"""`satisfaction` on each service in the feed (CONTRACTS §7): nulls below 10 answers, recomputed
periodically, only changed services republished, hidden by a setting."""

import pytest

from django.core.cache import caches

from feedback import services
from publication.models import ChangeLog
from tests.feedback.conftest import add_answers

pytestmark = pytest.mark.django_db
EMPTY = {"answers": 0, "useful_share": None, "rating": None}


@pytest.fixture(autouse=True)
def open_feed(settings):
    settings.FEED_RATE_LIMIT_PER_MINUTE = 10_000
    settings.FEED_VERSION_TTL = 0


def satisfaction(client, code, lang="ar"):
    from feed.http import response_cache

    response_cache.clear()
    return client.get(f"/api/feed/v1/services/{code}?lang={lang}").json()["satisfaction"]


def test_a_service_without_answers_carries_the_empty_shape(client, services_two_departments):
    assert satisfaction(client, "LIC-161") == EMPTY
    assert satisfaction(client, "LIC-161", "en") == EMPTY


def test_figures_appear_after_the_recompute_with_nulls_below_ten_answers(client, services_two_departments):
    add_answers("LIC-161", useful=9, not_useful=3, rating=4)
    add_answers("LIC-162", useful=5, not_useful=4)
    add_answers("PH-161", useful=5, not_useful=5, days_ago=91)  # outside the 90 days
    assert satisfaction(client, "LIC-161") == EMPTY  # not republished per answer
    before = ChangeLog.objects.count()
    assert services.satisfaction_refresh() == 2
    assert satisfaction(client, "LIC-161") == {"answers": 12, "useful_share": 0.75, "rating": 4.0}
    assert satisfaction(client, "LIC-161", "en") == {"answers": 12, "useful_share": 0.75, "rating": 4.0}
    assert satisfaction(client, "LIC-162") == {"answers": 9, "useful_share": None, "rating": None}
    assert satisfaction(client, "PH-161") == EMPTY
    changed = set(
        ChangeLog.objects.filter(seq__gt=0)
        .order_by("-seq")[: ChangeLog.objects.count() - before]
        .values_list("code", flat=True)
    )
    assert changed == {"LIC-161", "LIC-162"}


def test_only_services_whose_figures_changed_are_republished(services_two_departments):
    add_answers("LIC-161", useful=10, not_useful=0)
    services.satisfaction_refresh()
    count = ChangeLog.objects.count()
    assert services.satisfaction_refresh() == 0
    assert ChangeLog.objects.count() == count
    add_answers("LIC-162", useful=1, not_useful=0)
    assert services.satisfaction_refresh() == 1
    assert set(
        ChangeLog.objects.filter(pk__gt=ChangeLog.objects.order_by("pk")[count - 1].pk).values_list("code", flat=True)
    ) == {"LIC-162"}


def test_an_answer_enqueues_the_recompute_at_most_once_per_period(
    client, services_two_departments, settings, django_capture_on_commit_callbacks
):
    settings.FEEDBACK_RECOMPUTE_SECONDS = 3600
    caches["counters"].clear()
    add_answers("LIC-161", useful=10, not_useful=0)
    # The first answer of the period runs the recompute (inline on the embedded task backend).
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/api/feedback/v1/",
                {"service": "LIC-161", "lang": "ar", "useful": True},
                content_type="application/json",
            )
    assert satisfaction(client, "LIC-161")["answers"] == 11  # the second answer waits for the next period


def test_the_setting_hides_satisfaction(client, services_two_departments, settings):
    add_answers("LIC-161", useful=10, not_useful=2, rating=5)
    settings.FEEDBACK_IN_FEED = False
    services.satisfaction_refresh()
    from publication.services import publication_refresh

    publication_refresh(type_name="service", code="LIC-161")
    assert satisfaction(client, "LIC-161") == EMPTY
