"""Untrusted files: encodings, formats, limits and disguises are handled before any row is read."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from django.utils import translation

from common.spreadsheets import ImportFileError, sheet_read

GOLDEN = Path(__file__).parent / "golden"
TITLES = ["إصدار رخصة تجارية جديدة", "تجديد رخصة تجارية", "تصديق عقد إيجار", "تقديم شكوى حماية المستهلك"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def golden(name: str) -> bytes:
    return (GOLDEN / name).read_bytes()


@pytest.mark.parametrize(
    "name, encoding",
    [
        ("sample_services.csv", "utf-8"),
        ("sample_services_bom.csv", "utf-8-sig"),
        ("sample_services_cp1256.csv", "windows-1256"),
        ("sample_services.xlsx", ""),
    ],
)
def test_arabic_files_read_identically_in_every_encoding_and_format(name, encoding):
    sheet = sheet_read(name=name, data=golden(name))
    assert sheet.header[0] == "code"  # a BOM never sticks to the first column name
    titles = [dict(zip(sheet.header, cells, strict=False))["title_ar"] for _number, cells in sheet.rows]
    assert titles == TITLES
    assert sheet.encoding == encoding
    assert [number for number, _cells in sheet.rows] == [2, 3, 4, 5]


def test_windows_1256_can_be_chosen_explicitly():
    sheet = sheet_read(name="s.csv", data=golden("sample_services_cp1256.csv"), encoding="windows-1256")
    assert sheet.rows[0][1][2] == TITLES[0]


def test_windows_1256_file_read_as_utf8_is_refused_with_advice():
    with pytest.raises(ImportFileError, match="Windows-1256"):
        sheet_read(name="s.csv", data=golden("sample_services_cp1256.csv"), encoding="utf-8")


def test_oversized_file_is_refused_with_its_size():
    data = golden("sample_services.csv") + b"x" * (10 * 1024 * 1024)
    with pytest.raises(ImportFileError, match="largest file that can be imported is 10 MB"):
        sheet_read(name="big.csv", data=data)


def test_zip_bomb_is_refused():
    assert len(golden("zip_bomb.xlsx")) < 100_000  # expands to 50 MB
    with pytest.raises(ImportFileError, match="zip bomb"):
        sheet_read(name="zip_bomb.xlsx", data=golden("zip_bomb.xlsx"))


@pytest.mark.parametrize(
    "name, data_file, message",
    [
        ("report.csv", "not_a_spreadsheet.csv", "not a CSV text file"),
        ("services.csv", "sample_services.xlsx", "not a CSV text file"),
        ("services.xlsx", "text_named.xlsx", "not an Excel workbook"),
        ("services.pdf", "sample_services.csv", "Only CSV"),
        ("services.xls", "sample_services.csv", "Only CSV"),
    ],
)
def test_file_that_is_not_what_its_name_says_is_refused(name, data_file, message):
    with pytest.raises(ImportFileError, match=message):
        sheet_read(name=name, data=golden(data_file))


def test_too_many_rows_are_refused(settings):
    settings.IMPORT_MAX_ROWS = 3
    with pytest.raises(ImportFileError, match="more than 3 rows"):
        sheet_read(name="s.csv", data=golden("sample_services.csv"))


def test_xlsx_row_limit_applies_while_streaming(settings):
    settings.IMPORT_MAX_ROWS = 3
    with pytest.raises(ImportFileError, match="more than 3 rows"):
        sheet_read(name="s.xlsx", data=golden("sample_services.xlsx"))


def test_damaged_workbook_is_refused():
    data = bytearray(golden("sample_services.xlsx"))
    data[200:400] = b"\0" * 200
    with pytest.raises(ImportFileError):
        sheet_read(name="s.xlsx", data=bytes(data))


def test_xlsx_numbers_and_booleans_become_contract_text():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "fee_aed", "e_payment"])
    sheet.append(["LIC-001", 1500, True])
    sheet.append(["LIC-002", 12.5, False])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = sheet_read(name="s.xlsx", data=buffer.getvalue())
    assert [cells for _n, cells in parsed.rows] == [["LIC-001", "1500", "yes"], ["LIC-002", "12.5", "no"]]


def test_semicolon_separated_csv_from_excel_is_understood():
    data = b"code;department\nLIC-001;licensing\n"
    assert sheet_read(name="s.csv", data=data).rows == [(2, ["LIC-001", "licensing"])]
