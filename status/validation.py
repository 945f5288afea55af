"""The rules a status change and an alert must meet, shared by the API, the admin screen and
the snippet form: each returns ``{field: [messages]}`` in the active language (empty when valid)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import Channel, Department, Outlet, ServicePage
from status.models import Alert, Kind, Reason, State

MAX_UNTIL = dt.timedelta(days=30)
MESSAGE_MAX = 500


def code_exists(*, kind: str, code: str) -> bool:
    model = {Kind.OUTLET: Outlet, Kind.CHANNEL: Channel}.get(kind)
    return model is not None and model.objects.filter(code=code).exists()


def status_problems(
    *, kind: str, code: str, state, reason, message_ar, message_en, until, now=None
) -> dict[str, list[str]]:
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(str(message))

    if kind not in Kind.values:
        add("kind", _("The kind must be “outlet” or “channel”."))
    elif not code_exists(kind=kind, code=code):
        if kind == Kind.OUTLET:
            add("code", _("There is no outlet with the code “%(code)s”.") % {"code": str(code)[:80]})
        else:
            add("code", _("There is no channel with the code “%(code)s”.") % {"code": str(code)[:80]})
    if state not in State.values:
        add("state", _("The state must be “open”, “limited” or “closed”."))
    if reason not in (None, "") and reason not in Reason.values:
        add("reason", _("The reason must be one of: %(reasons)s.") % {"reasons": ", ".join(Reason.values)})
    for field, value in (("message_ar", message_ar), ("message_en", message_en)):
        if value is not None and not isinstance(value, str):
            add(field, _("The message must be text."))
        elif value and len(value) > MESSAGE_MAX:
            add(field, _("The message must be at most %(max)s characters.") % {"max": MESSAGE_MAX})
    if state in (State.LIMITED, State.CLOSED) and not (isinstance(message_ar, str) and message_ar.strip()):
        add("message_ar", _("A closed or limited status needs its message in Arabic."))
    if until is not None:
        if until <= now:
            add("until", _("“until” must be in the future."))
        elif until > now + MAX_UNTIL:
            add("until", _("“until” must be at most 30 days ahead."))
        if state == State.OPEN:
            add("until", _("An open status has no end: leave “until” empty."))
    return errors


def scope_exists(*, scope_type: str, scope_code: str) -> bool:
    model = {
        Alert.Scope.DEPARTMENT: Department,
        Alert.Scope.CHANNEL: Channel,
        Alert.Scope.OUTLET: Outlet,
    }.get(scope_type)
    if model is not None:
        return model.objects.filter(code=scope_code).exists()
    if scope_type == Alert.Scope.SERVICE:
        return ServicePage.objects.filter(code=scope_code).exists()
    return False


def alert_problems(alert: Alert) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if alert.scope_type == Alert.Scope.SITE:
        if alert.scope_code:
            errors["scope_code"] = [_("An alert for the whole site has no scope code: leave it empty.")]
    elif not alert.scope_code:
        errors["scope_code"] = [_("Give the code of the department, service, channel or outlet.")]
    elif not scope_exists(scope_type=alert.scope_type, scope_code=alert.scope_code):
        missing = {
            Alert.Scope.DEPARTMENT: _("There is no department with the code “%(code)s”."),
            Alert.Scope.SERVICE: _("There is no service with the code “%(code)s”."),
            Alert.Scope.CHANNEL: _("There is no channel with the code “%(code)s”."),
            Alert.Scope.OUTLET: _("There is no outlet with the code “%(code)s”."),
        }.get(alert.scope_type, _("This scope does not exist."))
        errors["scope_code"] = [missing % {"code": alert.scope_code[:80]} if "%(code)s" in missing else missing]
    if alert.starts_at and alert.ends_at and alert.ends_at <= alert.starts_at:
        errors["ends_at"] = [_("The alert must end after it starts.")]
    return errors
