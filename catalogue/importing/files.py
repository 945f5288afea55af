"""Turn an untrusted upload into rows of text, refusing anything unsafe before parsing it.

Every refusal is an ``ImportFileError`` with a message in the person's language. The checks
read only the file's first bytes and the zip directory, so a refusal is immediate whatever
the file holds.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from catalogue.importing.columns import unneutralise

ENCODINGS = ("auto", "utf-8", "windows-1256")
XLSX_MAGIC = b"PK\x03\x04"
# Signatures of files that are certainly not CSV text, whatever their name says.
BINARY_MAGICS = (
    XLSX_MAGIC,
    b"%PDF",
    b"\xd0\xcf\x11\xe0",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
    b"MZ",
    b"\x7fELF",
)
# A compression ratio above this is what zip bombs look like; real workbooks stay far below.
MAX_ZIP_RATIO = 200
MAX_ZIP_ENTRIES = 2000


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in the person's language."""


@dataclass
class SheetData:
    """The header and rows of a spreadsheet, every cell as stripped text."""

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (spreadsheet row number, cells)
    format: str = "csv"
    encoding: str = ""


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def file_kind(name: str) -> str:
    lowered = name.lower()
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith(".xlsx"):
        return "xlsx"
    raise ImportFileError(_("Only CSV (.csv) and Excel (.xlsx) files can be imported."))


def check_size(size: int) -> None:
    if size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is %(size)s MB; the largest file that can be imported is %(limit)s MB.")
            % {"size": _mb(size), "limit": _mb(settings.IMPORT_MAX_BYTES)}
        )


def read_limited(stream, *, size: int | None = None) -> bytes:
    """Read an upload without ever holding more than the limit (plus one byte) in memory."""
    if size is not None:
        check_size(size)
    data = stream.read(settings.IMPORT_MAX_BYTES + 1)
    check_size(len(data))
    return data


def decode_csv(data: bytes, *, encoding: str = "auto") -> tuple[str, str]:
    """The text of a CSV file and the encoding used: UTF-8 (BOM or not) or Windows-1256."""
    if encoding not in ENCODINGS:
        raise ImportFileError(_("Unknown encoding %(encoding)s.") % {"encoding": encoding})
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if encoding in ("auto", "utf-8"):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as error:
            if encoding == "utf-8":
                raise ImportFileError(
                    _(
                        "The file is not valid UTF-8 (byte %(position)s). Choose Windows-1256 if it was saved by older Excel."
                    )
                    % {"position": error.start}
                ) from error
    try:
        return data.decode("cp1256"), "windows-1256"
    except UnicodeDecodeError as error:
        raise ImportFileError(_("The file is neither UTF-8 nor Windows-1256 text.")) from error


def _sniff_delimiter(first_line: str) -> str:
    # Excel writes ";" in some locales and tabs for "Unicode text"; the header says which.
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def _cells(values) -> list[str]:
    return [unneutralise(value).strip() for value in values]


def _check_row_count(count: int) -> None:
    if count > settings.IMPORT_MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(limit)s rows; split it into smaller files.")
            % {"limit": settings.IMPORT_MAX_ROWS}
        )


def _is_blank(cells: list[str]) -> bool:
    return not any(cells)


def parse_csv(data: bytes, *, encoding: str = "auto") -> SheetData:
    if data[:8].startswith(BINARY_MAGICS) or b"\x00" in data[:4096]:
        raise ImportFileError(_("The file is named .csv but is not a CSV text file."))
    text, used = decode_csv(data, encoding=encoding)
    delimiter = _sniff_delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            raise ImportFileError(_("The file is empty."))
        sheet = SheetData(header=[h.strip().lstrip("\ufeff") for h in header], format="csv", encoding=used)
        # Row numbers count records as a spreadsheet shows them (header = 1), not text lines.
        for number, cells in enumerate(reader, start=2):
            cells = _cells(cells)
            if _is_blank(cells):
                continue
            sheet.rows.append((number, cells))
            _check_row_count(len(sheet.rows))
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file is malformed near line %(line)s: %(error)s") % {"line": reader.line_num, "error": error}
        ) from error
    return sheet


def check_zip(data: bytes) -> None:
    """Refuse archives that are not workbooks or that would inflate far beyond their size."""
    if not data.startswith(XLSX_MAGIC):
        raise ImportFileError(_("The file is named .xlsx but is not an Excel workbook."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise ImportFileError(_("The Excel file is damaged and cannot be opened.")) from error
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ImportFileError(_("The file is named .xlsx but is not an Excel workbook."))
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ImportFileError(_("The Excel file has too many parts to be a spreadsheet of services."))
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if total > settings.IMPORT_MAX_UNCOMPRESSED_BYTES or (entry.file_size > 1024 * 1024 and ratio > MAX_ZIP_RATIO):
            raise ImportFileError(
                _("The Excel file expands to far more data than it contains (a “zip bomb”); it was refused.")
            )


def _xlsx_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_xlsx(data: bytes) -> SheetData:
    from openpyxl import load_workbook

    check_zip(data)
    try:
        # read_only streams the sheet XML row by row instead of building the whole workbook.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for damaged files
        raise ImportFileError(_("The Excel file is damaged and cannot be opened.")) from error
    try:
        sheet_rows: Iterator = workbook.worksheets[0].iter_rows(values_only=True)
        header_row = next(sheet_rows, None)
        if header_row is None:
            raise ImportFileError(_("The file is empty."))
        header = [_xlsx_text(v).strip() for v in header_row]
        while header and not header[-1]:
            header.pop()
        sheet = SheetData(header=header, format="xlsx")
        for number, values in enumerate(sheet_rows, start=2):
            cells = _cells(_xlsx_text(v) for v in values[: len(header)])
            if _is_blank(cells):
                continue
            sheet.rows.append((number, cells))
            _check_row_count(len(sheet.rows))
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError(_("The Excel file is damaged and cannot be opened.")) from error
    finally:
        workbook.close()
    return sheet


def sheet_read(*, name: str, data: bytes, encoding: str = "auto") -> SheetData:
    """Check and parse an uploaded spreadsheet, whatever it claims to be."""
    kind = file_kind(name)
    check_size(len(data))
    if kind == "xlsx":
        return parse_xlsx(data)
    return parse_csv(data, encoding=encoding)
