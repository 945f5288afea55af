"""Plain text out of PDF and DOCX files, for search."""

import io
import logging
import re

from media.arabic_pdf import normalise_extracted
from media.validation import DOCX, PDF

logger = logging.getLogger(__name__)
MAX_CHARS = 200_000


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts = []
    for page in reader.pages:
        text = page.extract_text() or ""
        parts.append(normalise_extracted(text))
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
    text = text.replace("\x00", "")
    return re.sub(r"[ \t]+", " ", text).strip()[:MAX_CHARS]
