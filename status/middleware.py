"""Ends due statuses and alerts at the start of the requests that show them (feed, status API,
public pages), before the page cache answers: correct even with no task worker running."""

from status.services import status_sweep_throttled

SWEPT_PREFIXES = ("/api/feed/", "/api/status/", "/ar/", "/en/")


class StatusSweepMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(SWEPT_PREFIXES):
            status_sweep_throttled()
        return self.get_response(request)
