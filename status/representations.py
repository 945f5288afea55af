"""What the publication pipeline carries for this app: the live status on every outlet and channel
(enrichers of the catalogue's types) and the ``alert`` type (docs/adding-a-type.md)."""

from django.utils import timezone

from publication.registry import LANGS, FeedSpec, PublishableType, Rendered, register_enricher, register_type
from status.models import Alert, Kind, LiveStatus, State, status_open
from status.selectors import alert_contract

ALERT_TYPE = "alert"


def _enrich(kind: str):
    def enrich(rendered_by_code: dict[str, dict[str, Rendered]]) -> None:
        # One query for the whole chunk; an expired status not yet swept already reads as open.
        now = timezone.now()
        rows = {
            row.code: row
            for row in LiveStatus.objects.filter(kind=kind, code__in=list(rendered_by_code)).exclude(state=State.OPEN)
            if row.until is None or row.until > now
        }
        for code, by_lang in rendered_by_code.items():
            row = rows.get(code)
            for lang, rendered in by_lang.items():
                rendered.payload["status"] = row.contract(lang) if row else status_open()

    enrich.__name__ = f"{kind}_status_enrich"
    return enrich


def alert_is_public(alert: Alert, now=None) -> bool:
    now = now or timezone.now()
    return alert.live and (alert.ends_at is None or alert.ends_at > now)


def alert_render(code: str) -> dict[str, Rendered]:
    alert = Alert.objects.filter(code=code).first()
    if alert is None or not alert_is_public(alert):
        return {}
    return {lang: Rendered(payload=alert_contract(alert, lang)) for lang in LANGS}


def alert_absence_reason(code: str, lang: str) -> str:
    alert = Alert.objects.filter(code=code).first()
    if alert is None:
        return "deleted"
    if alert.ends_at is not None and alert.ends_at <= timezone.now():
        return "expired"
    return "unpublished"


def alert_live_codes():
    now = timezone.now()
    return [a.code for a in Alert.objects.filter(live=True) if a.ends_at is None or a.ends_at > now]


def register() -> None:
    """Called from ``StatusConfig.ready``: after the catalogue registered outlets and channels."""
    from status import schemas

    register_enricher(Kind.OUTLET.value, "status", _enrich(Kind.OUTLET.value))
    register_enricher(Kind.CHANNEL.value, "status", _enrich(Kind.CHANNEL.value))
    register_type(
        PublishableType(
            name=ALERT_TYPE,
            render=alert_render,
            absence_reason=alert_absence_reason,
            live_codes=alert_live_codes,
            schema=schemas.Alert,
            feed=FeedSpec(path="alerts", title="Alerts", detail=True, order=110),
        )
    )
