"""Background work of live status (django-tasks): the sweep that ends statuses and alerts on time.

``status_set`` and alert publishing enqueue ``status_sweep`` with ``run_after`` at the moment
something is due (``manage.py db_worker`` runs it then); each run also schedules the next due
moment, so the worker keeps going without a cron line. Inline (embedded), the sweep at the start
of requests does the same work.
"""

from django_tasks import task


@task()
def status_sweep() -> int:
    from status.services import expiry_schedule, next_due, status_expire_due

    changed = status_expire_due()
    upcoming = next_due()
    if upcoming is not None:
        expiry_schedule(at=upcoming)
    return changed
