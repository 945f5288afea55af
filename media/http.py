"""Safe headers for files sent to browsers."""

import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

# Nothing in a served file may run, load or frame anything.
DOCUMENT_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def attachment_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the real (e.g. Arabic) name per RFC 5987/6266."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = "".join(c if c.isalnum() or c in "._-" else "_" for c in ascii_name).strip("._") or "download"
    if "." in filename and "." not in ascii_name:
        ascii_name += "." + filename.rsplit(".", 1)[1].encode("ascii", "ignore").decode()
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def harden_file_response(response: HttpResponse, *, filename: str, content_type: str) -> HttpResponse:
    response["Content-Type"] = content_type
    response["Content-Disposition"] = attachment_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOCUMENT_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
