"""Plain text out of PDF and DOCX files, for search."""

import io
import logging
import re
import unicodedata

from media.validation import DOCX, PDF

logger = logging.getLogger(__name__)
MAX_CHARS = 200_000
ARABIC = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")


def _logical_line(line: str) -> str:
    """Undo visual ordering of an Arabic PDF line (presentation forms, drawn right to left)."""
    if not re.search(r"[\ufb50-\ufdff\ufe70-\ufeff]", line):
        return line
    return unicodedata.normalize("NFKC", line)[::-1]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts = []
    for page in reader.pages:
        text = page.extract_text() or ""
        parts.append("\n".join(_logical_line(line) for line in text.splitlines()))
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(line for line in lines if line.strip())


def extract_text(*, data: bytes, content_type: str) -> str:
    """The text of a PDF or DOCX file ("" for other types or unreadable files)."""
    try:
        if content_type == PDF:
            text = _pdf_text(data)
        elif content_type == DOCX:
            text = _docx_text(data)
        else:
            return ""
    except Exception:  # a damaged file must not block its upload; it is only less findable
        logger.warning("text extraction failed for a %s file", content_type, exc_info=True)
        return ""
    return re.sub(r"[ \t]+", " ", text).strip()[:MAX_CHARS]
