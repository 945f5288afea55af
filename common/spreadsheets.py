"""Spreadsheets in and out: turn an untrusted upload into rows of text, refusing anything unsafe
before parsing it, and neutralise cells that a spreadsheet would run as formulas.

Every refusal is an ``ImportFileError`` with a message in the person's language. The checks
read only the file's first bytes and the zip directory, so a refusal is immediate whatever
the file holds. Reading a workbook is bounded too: no part inflates beyond its limit whatever
the zip directory claims, and the whole parse stops at a deadline.
"""

import codecs
import csv
import io
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from common.text import text_bidi_strip

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
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
# No spreadsheet of this project has more columns; wider rows would only cost time.
MAX_COLUMNS = 200
# Blank rows are skipped, not counted, so they get a bound of their own.
MAX_BLANK_ROWS = 100_000
SHARED_STRINGS_TYPE = "sharedStrings+xml"
_OVERRIDE_RE = re.compile(rb"<(?:\w+:)?Override\b[^>]*>")
_PART_NAME_RE = re.compile(rb'PartName\s*=\s*["\']/?([^"\']+)["\']')
_CONTENT_TYPE_RE = re.compile(rb'ContentType\s*=\s*["\']([^"\']+)["\']')


def neutralise(value: str) -> str:
    """Prefix a quote so that no spreadsheet treats the cell as a formula.

    Values that already start with quotes before a trigger get one more, so that
    ``unneutralise`` is its exact inverse and export → import is lossless.
    """
    if value.lstrip("'")[:1] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    if value.startswith("'") and value.lstrip("'")[:1] in FORMULA_TRIGGERS:
        return value[1:]
    return value


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in the person's language.

    ``code`` names the kind of refusal for programs (``part_too_large``, ``too_slow``, …).
    """

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.code = code


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
    # Bidirectional controls never reach the catalogue, whichever way the text comes in.
    return [text_bidi_strip(value=unneutralise(value)).strip() for value in values]


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
        header = [text_bidi_strip(value=h).strip().lstrip("\ufeff") for h in header]
        sheet = SheetData(header=header, format="csv", encoding=used)
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
    shared_strings = _shared_strings_parts(archive)
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if total > settings.IMPORT_MAX_UNCOMPRESSED_BYTES or (entry.file_size > 1024 * 1024 and ratio > MAX_ZIP_RATIO):
            raise ImportFileError(
                _("The Excel file expands to far more data than it contains (a “zip bomb”); it was refused."),
                code="zip_bomb",
            )
        # A part can stay under the ratio and still take a minute to parse: each has a cap.
        limit = (
            settings.IMPORT_MAX_SHARED_STRINGS_BYTES
            if entry.filename in shared_strings
            else settings.IMPORT_MAX_PART_BYTES
        )
        if entry.file_size > limit:
            raise _part_too_large(entry.filename, limit)


def _part_too_large(name: str, limit: int) -> ImportFileError:
    return ImportFileError(
        _(
            "The part %(part)s of the Excel file expands to more than %(limit)s MB; it was refused. "
            "Split the file or save it as CSV."
        )
        % {"part": text_bidi_strip(value=name[-80:]), "limit": _mb(limit)},
        code="part_too_large",
    )


def _too_slow() -> ImportFileError:
    return ImportFileError(
        _(
            "Reading the Excel file took more than %(seconds)s seconds and was stopped. "
            "Split it into smaller files or save it as CSV."
        )
        % {"seconds": settings.IMPORT_MAX_PARSE_SECONDS},
        code="too_slow",
    )


def _shared_strings_parts(archive: zipfile.ZipFile) -> set[str]:
    """The shared-strings part under its usual name and any name [Content_Types].xml gives it."""
    names = {name for name in archive.namelist() if name.lower().endswith("sharedstrings.xml")}
    try:
        # The manifest is small; a huge one is refused here rather than read.
        if archive.getinfo("[Content_Types].xml").file_size > 1024 * 1024:
            raise _part_too_large("[Content_Types].xml", 1024 * 1024)
        manifest = archive.read("[Content_Types].xml")
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise ImportFileError(_("The Excel file is damaged and cannot be opened.")) from error
    for tag in _OVERRIDE_RE.findall(manifest):
        part, kind = _PART_NAME_RE.search(tag), _CONTENT_TYPE_RE.search(tag)
        if part and kind and kind.group(1).endswith(SHARED_STRINGS_TYPE.encode()):
            names.add(part.group(1).decode("utf-8", "replace"))
    return names


class _BoundedPart:
    """A part of the workbook as openpyxl reads it: never more than ``limit`` bytes come out
    (a zip directory can understate a part's size) and every read checks the deadline."""

    def __init__(self, stream, *, name: str, limit: int, deadline: float):
        self._stream, self._name, self._limit, self._deadline = stream, name, limit, deadline
        self._count = 0

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            chunks = []
            while chunk := self.read(64 * 1024):
                chunks.append(chunk)
            return b"".join(chunks)
        if time.monotonic() > self._deadline:
            raise _too_slow()
        data = self._stream.read(size)
        self._count += len(data)
        if self._count > self._limit:
            raise _part_too_large(self._name, self._limit)
        return data

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __getattr__(self, name):
        return getattr(self._stream, name)


class _BoundedZip(zipfile.ZipFile):
    """The archive openpyxl reads from: every part it opens comes out bounded."""

    def __init__(self, file, *, deadline: float):
        super().__init__(file)
        self.deadline = deadline
        self.shared_strings: set[str] = set()
        self.reading_strings = False

    def open(self, name, mode="r", pwd=None, **kwargs):
        stream = super().open(name, mode, pwd, **kwargs)
        if mode != "r":
            return stream
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        tight = self.reading_strings or info.filename in self.shared_strings
        cap = settings.IMPORT_MAX_SHARED_STRINGS_BYTES if tight else settings.IMPORT_MAX_PART_BYTES
        return _BoundedPart(stream, name=info.filename, limit=cap, deadline=self.deadline)


def _workbook_open(data: bytes, *, deadline: float):
    """openpyxl's streaming reader over the bounded archive."""
    from openpyxl.reader.excel import ExcelReader

    class BoundedReader(ExcelReader):
        def read_strings(self):
            # openpyxl holds every shared string in memory: the tighter cap applies to the part
            # it reads here, whatever the part is called.
            self.archive.reading_strings = True
            try:
                super().read_strings()
            finally:
                self.archive.reading_strings = False

    archive = _BoundedZip(io.BytesIO(data), deadline=deadline)
    archive.shared_strings = _shared_strings_parts(archive)
    reader = BoundedReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.archive.close()  # openpyxl's own, unbounded handle: replaced before anything is read
    reader.archive = archive
    reader.read()
    return reader.wb


def _xlsx_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_xlsx(data: bytes) -> SheetData:
    check_zip(data)
    deadline = time.monotonic() + settings.IMPORT_MAX_PARSE_SECONDS
    try:
        # read_only streams the sheet XML row by row instead of building the whole workbook.
        workbook = _workbook_open(data, deadline=deadline)
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many types for damaged files
        raise ImportFileError(_("The Excel file is damaged and cannot be opened.")) from error
    try:
        worksheet = workbook.worksheets[0]
        header_row = next(worksheet.iter_rows(max_row=1, values_only=True), None)
        if header_row is None:
            raise ImportFileError(_("The file is empty."))
        header = [text_bidi_strip(value=_xlsx_text(v)).strip() for v in header_row]
        while header and not header[-1]:
            header.pop()
        if len(header) > MAX_COLUMNS:
            raise ImportFileError(
                _("The header row has more than %(limit)s columns; this is not a spreadsheet that can be imported.")
                % {"limit": MAX_COLUMNS}
            )
        sheet = SheetData(header=header, format="xlsx")
        # Only the header's columns are read: cells further right cost nothing.
        sheet_rows: Iterator = worksheet.iter_rows(min_row=2, max_col=max(len(header), 1), values_only=True)
        blank = 0
        for number, values in enumerate(sheet_rows, start=2):
            if number % 256 == 0 and time.monotonic() > deadline:
                raise _too_slow()
            cells = _cells(_xlsx_text(v) for v in values[: len(header)])
            if _is_blank(cells):
                blank += 1
                if blank > MAX_BLANK_ROWS:
                    _check_row_count(settings.IMPORT_MAX_ROWS + 1)
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
