"""The JSON APIs' shared pieces (feed, status, feedback, open data)."""

from django.http import JsonResponse


def error_response(*, status: int, code: str, message, field: str | None = None, headers=None) -> JsonResponse:
    """The contract's error shape ``{"error": {"code", "message", "field"}}`` (docs/CONTRACTS.md
    §3), in the request's language as given, never cached."""
    response = JsonResponse(
        {"error": {"code": code, "message": str(message), "field": field}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response[name] = value
    return response
