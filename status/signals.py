"""Keep the pipeline in step with alerts: Wagtail sends ``published``/``unpublished`` inside the
publishing transaction (an editor's publish, a workflow approval, the scheduler)."""

from django.db.models.signals import post_delete

from wagtail.signals import published, unpublished

from status.models import Alert
from status.services import alert_deleted, alert_published


def on_alert_changed(sender, instance, **kwargs):
    alert_published(alert=instance)


def on_alert_deleted(sender, instance, **kwargs):
    alert_deleted(alert=instance)


def connect() -> None:
    published.connect(on_alert_changed, sender=Alert, dispatch_uid="status_alert_published")
    unpublished.connect(on_alert_changed, sender=Alert, dispatch_uid="status_alert_unpublished")
    post_delete.connect(on_alert_deleted, sender=Alert, dispatch_uid="status_alert_deleted")
