"""Upload checks on the bytes, not the name: an allow-list of sniffed types and a size limit."""

import io
import os
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JPEG = "image/jpeg"
PNG = "image/png"
GIF = "image/gif"
WEBP = "image/webp"

# Sniffed type -> extensions a file of that type may carry.
DOCUMENT_TYPES = {PDF: {"pdf"}, DOCX: {"docx"}, XLSX: {"xlsx"}}
IMAGE_TYPES = {JPEG: {"jpg", "jpeg"}, PNG: {"png"}, GIF: {"gif"}, WEBP: {"webp"}}
EXTENSION_FOR = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", JPEG: "jpg", PNG: "png", GIF: "gif", WEBP: "webp"}

HEAD_BYTES = 4096
# Markup a browser may execute; refused whatever the name says.
MARKUP_MARKERS = (b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe", b"<head")


@dataclass(frozen=True)
class Sniffed:
    content_type: str  # "" when not recognised
    markup: bool = False
    macros: bool = False


def _read_all(file) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data if isinstance(data, bytes) else data.encode()


def _sniff_zip(data: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return Sniffed("")
    if "[Content_Types].xml" not in names:
        return Sniffed("")
    macros = any(name.lower().endswith("vbaproject.bin") for name in names)
    if "word/document.xml" in names:
        return Sniffed(DOCX, macros=macros)
    if "xl/workbook.xml" in names:
        return Sniffed(XLSX, macros=macros)
    return Sniffed("")


def sniff(data: bytes) -> Sniffed:
    """Recognise a file's type from its first bytes (and, for ZIP containers, its parts)."""
    head = data[:HEAD_BYTES]
    if head.startswith(b"%PDF-"):
        return Sniffed(PDF)
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed(JPEG)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed(PNG)
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed(GIF)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed(WEBP)
    text = head
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # UTF-16 markup would hide the markers from a byte search.
        text = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    if any(marker in text.lower() for marker in MARKUP_MARKERS):
        return Sniffed("", markup=True)
    return Sniffed("")


def _extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lstrip(".").lower()


def _human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def validate_upload(file, *, allowed: dict[str, set[str]], max_bytes: int) -> str:
    """Check an upload; return its sniffed content type or raise ValidationError in the user's language."""
    size = getattr(file, "size", None)
    if size is None:
        size = len(_read_all(file))
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": _human_size(size), "limit": _human_size(max_bytes)},
            code="too_large",
        )
    data = _read_all(file)
    found = sniff(data)
    if found.markup:
        raise ValidationError(_("HTML and SVG files are not accepted: they can carry scripts."), code="markup")
    if found.content_type not in allowed:
        kinds = ", ".join(sorted({ext.upper() for exts in allowed.values() for ext in exts}))
        raise ValidationError(
            _("This file's content is not an accepted type. Accepted types: %(kinds)s.") % {"kinds": kinds},
            code="type",
        )
    if found.macros:
        raise ValidationError(_("Office files with macros are not accepted."), code="macros")
    extension = _extension(getattr(file, "name", ""))
    if extension not in allowed[found.content_type]:
        raise ValidationError(
            _("The file name ends in .%(extension)s but its content is %(kind)s. Rename it or upload the right file.")
            % {"extension": extension or "?", "kind": EXTENSION_FOR[found.content_type].upper()},
            code="mismatch",
        )
    return found.content_type


def validate_document_upload(file) -> str:
    try:
        return validate_upload(file, allowed=DOCUMENT_TYPES, max_bytes=settings.MEDIA_MAX_DOCUMENT_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error}) from error


# Images up to this many pixels (other than PNG and JPEG) are decoded in full to prove them whole.
DECODE_MAX_PIXELS = 25_000_000


def validate_image_decodes(file) -> None:
    """Refuse an image whose header is fine but whose data is truncated or garbage: Pillow would
    fail later, on every thumbnail, instead of now with a message."""
    from PIL import Image

    try:
        file.seek(0)
        with Image.open(file) as image:
            image.verify()  # PNG: every chunk and its checksum, without decoding pixels
        file.seek(0)
        with Image.open(file) as image:
            if image.format == "JPEG":
                # Decoding at an eighth of the size still reads every byte of the data.
                image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
            elif image.format != "PNG" and image.width * image.height <= DECODE_MAX_PIXELS:
                image.load()
    except Exception as error:  # Pillow raises OSError, SyntaxError, ValueError, struct.error…
        raise ValidationError(
            _("The image file is damaged or incomplete and cannot be read. Save it again and upload it anew."),
            code="damaged_image",
        ) from error
    finally:
        file.seek(0)


def validate_image_upload(file) -> str:
    try:
        return validate_upload(file, allowed=IMAGE_TYPES, max_bytes=settings.MEDIA_MAX_IMAGE_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error}) from error
