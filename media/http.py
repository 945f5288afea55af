"""Safe headers for files sent to browsers."""

import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

# Nothing in a served file may run, load or frame anything.
DOCUMENT_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def attachment_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the real (e.g. Arabic) name per RFC 5987/6266."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""

    def ascii_part(text: str) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return "".join(c if c.isalnum() or c in "_-" else "_" for c in text).strip("_-")

    ascii_name = ascii_part(stem) or "download"
    if ascii_part(extension):
        ascii_name += "." + ascii_part(extension)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def harden_file_response(response: HttpResponse, *, filename: str, content_type: str) -> HttpResponse:
    response["Content-Type"] = content_type
    response["Content-Disposition"] = attachment_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOCUMENT_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
