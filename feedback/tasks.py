"""Periodic work of feedback (django-tasks; inline on the embedded setup, the db_worker in production)."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def feedback_recompute_task() -> dict:
    """Satisfaction for the feed (republishing only what changed) and the low-share triage items."""
    from feedback import services

    result = {}
    for name, work in (("republished", services.satisfaction_refresh), ("triage", services.triage_refresh)):
        try:
            result[name] = work()
        except Exception:  # one failing part must not stop the other; the next run retries
            logger.exception("Feedback %s failed", name)
            result[name] = 0
    return result


@task()
def feedback_housekeeping_task() -> dict:
    """Daily: empty old comments and remind the owners of overdue reviews."""
    from feedback import services

    return {"purged": services.comments_purge(), "reminders": services.review_reminders_send()}
