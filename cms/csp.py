"""The Content-Security-Policy of every HTML page (django-csp; docs/security.md).

The public site and the feed's API docs run no inline script: scripts, styles and fonts come from
our own static files, images from our media (the S3 origin when media live there). Wagtail's admin
still renders a few inline scripts (inline panels, date pickers:
https://github.com/wagtail/wagtail/issues/1288), so under /admin/ inline scripts are allowed but every
other origin stays closed, which is what keeps an injected tag from loading or sending anything.
"""

from urllib.parse import urlsplit

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

from django.conf import settings


def media_origins() -> list[str]:
    """Origins that serve uploaded images and documents besides the site itself."""
    bucket = getattr(settings, "AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return []
    endpoint = getattr(settings, "AWS_S3_ENDPOINT_URL", None)
    if endpoint:
        parts = urlsplit(endpoint)
        return [f"{parts.scheme}://{parts.netloc}"]
    region = getattr(settings, "AWS_S3_REGION_NAME", None)
    origins = [f"https://{bucket}.s3.amazonaws.com"]
    if region:
        origins.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    return origins


def site_policy() -> dict:
    """The policy's directives for the public site, computed from the settings."""
    media = media_origins()
    return {
        "default-src": [SELF],
        "script-src": [SELF],
        # Charts and Wagtail's rich text carry style attributes; styles cannot run code.
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", *media],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF, *media],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with our two policies: the site's, and the admin's."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.config is None:
            parts.config = site_policy()
        if request.path_info.startswith("/admin/"):
            # Image uploads preview from blob: URLs; see the module docstring for inline scripts.
            parts.update = {**(parts.update or {}), "script-src": [UNSAFE_INLINE], "img-src": ["blob:"]}
        return parts
