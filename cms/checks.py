"""System checks of the deployment (``manage.py check --deploy``), listed in docs/security.md."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from cms.secret_key import secret_key_weakness


@register(Tags.security, deploy=True)
def secret_key_strength_check(app_configs, **kwargs):
    """Refuse a placeholder or low-entropy SECRET_KEY, which would let anyone forge sessions."""
    weakness = secret_key_weakness(settings.SECRET_KEY)
    if weakness is None:
        return []
    return [
        Error(
            f"SECRET_KEY is too weak for a deployment: {weakness}.",
            hint="Set DJANGO_SECRET_KEY to python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
            id="baladiya.E001",
        )
    ]


PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")


@register(Tags.security, Tags.caches)
def counters_cache_shared_check(app_configs, **kwargs):
    """In production the rate-limit counters must be shared: per process, N workers let N times the limit through."""
    backend = settings.CACHES.get("counters", {}).get("BACKEND", "")
    if not settings.PRODUCTION or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Error(
            f'CACHES["counters"] uses {backend}, which is per process: rate limits would not hold.',
            hint="Use Redis (CACHE_URL=redis://...) or the database cache for the counters.",
            id="baladiya.E013",
        )
    ]
