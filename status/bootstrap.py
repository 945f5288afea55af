"""``manage.py bootstrap`` step: the duty officers group, who may set statuses and publish urgent
alerts at once, and moderation of alerts by the catalogue's approval workflow."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from wagtail.models import Workflow, WorkflowContentType

from catalogue.reference_data import DEPARTMENT_GROUP_PREFIX, MODERATORS, WORKFLOW_NAME
from status.models import Alert, LiveStatus

DUTY_OFFICERS = "Duty officers"


def _perms(model, codenames):
    content_type = ContentType.objects.get_for_model(model)
    return list(Permission.objects.filter(content_type=content_type, codename__in=codenames))


def _grant(group, permissions, report) -> None:
    have = set(group.permissions.values_list("pk", flat=True))
    missing = [p for p in permissions if p.pk not in have]
    if missing:
        group.permissions.add(*missing)
        report.add(f"{group.name} may {', '.join(p.codename for p in missing)}")


def status_bootstrap(*, report) -> None:
    """Idempotent: groups, their permissions and the alert workflow."""
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    alert_edit = _perms(Alert, ["add_alert", "change_alert", "delete_alert"])
    duty, created = Group.objects.get_or_create(name=DUTY_OFFICERS)
    if created:
        report.add(f"group {DUTY_OFFICERS}")
    # publish_alert lets them publish; status.wagtail_hooks keeps their direct publishing to urgent alerts.
    _grant(duty, [admin_access, *alert_edit, *_perms(Alert, ["publish_alert"])], report)
    _grant(duty, _perms(LiveStatus, ["set_live_status"]), report)
    moderators = Group.objects.filter(name=MODERATORS).first()
    if moderators is not None:
        _grant(moderators, [*alert_edit, *_perms(Alert, ["publish_alert", "publish_any_alert"])], report)
    # Department editors may draft alerts and submit them; they cannot publish or set statuses.
    for group in Group.objects.filter(name__startswith=DEPARTMENT_GROUP_PREFIX):
        _grant(group, _perms(Alert, ["add_alert", "change_alert"]), report)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        content_type = ContentType.objects.get_for_model(Alert)
        _, made = WorkflowContentType.objects.get_or_create(content_type=content_type, defaults={"workflow": workflow})
        if made:
            report.add(f"workflow {WORKFLOW_NAME} on alerts")
