"""Exporting services: the same columns, an exact round trip, Excel-friendly CSV and no formulas."""

import csv
import io
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from django.core.management import call_command
from django.utils import translation

from catalogue.importing.columns import SERVICE_COLUMNS
from catalogue.importing.resources import services_export
from catalogue.importing.runner import import_apply, import_preview
from catalogue.models import ServicePage
from common.spreadsheets import FORMULA_TRIGGERS

GOLDEN = Path(__file__).parent / "golden"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def admin_user(bootstrapped, django_user_model):
    return django_user_model.objects.create_superuser("exporter", "exporter@example.com", "pw-exporter-1")


@pytest.fixture
def imported(admin_user):
    import_apply(name="s.csv", data=(GOLDEN / "sample_services.csv").read_bytes(), user=admin_user)
    return admin_user


def xlsx_cells(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [[cell for cell in row] for row in sheet.iter_rows()]


def test_csv_export_matches_the_golden_file(imported):
    body = services_export(file_format="csv")
    assert body.startswith(b"\xef\xbb\xbf")  # byte-order mark: Excel shows the Arabic
    if os.environ.get("UPDATE_GOLDEN") == "1":
        (GOLDEN / "export_sample.csv").write_bytes(body)
    assert body == (GOLDEN / "export_sample.csv").read_bytes()


def test_export_has_exactly_the_contract_columns(imported):
    header = next(csv.reader(io.StringIO(services_export(file_format="csv").decode("utf-8-sig"))))
    assert tuple(header) == SERVICE_COLUMNS
    cells = xlsx_cells(services_export(file_format="xlsx"))
    assert tuple(c.value for c in cells[0]) == SERVICE_COLUMNS
    assert len(cells) == 5


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_is_an_exact_round_trip(imported, file_format):
    first = services_export(file_format=file_format)
    report = import_preview(name=f"export.{file_format}", data=first, user=imported)
    assert report.summary() == "0 new, 0 changed, 4 unchanged, 0 invalid"
    # Into an empty catalogue, the export recreates the same services.
    ServicePage.objects.all().delete()
    import_apply(name=f"export.{file_format}", data=first, user=imported)
    assert services_export(file_format="csv") == (GOLDEN / "export_sample.csv").read_bytes()


def test_formula_payloads_are_kept_as_text_and_neutralised_in_every_format(admin_user):
    payload_file = (GOLDEN / "formula_payloads.csv").read_bytes()
    report = import_apply(name="payloads.csv", data=payload_file, user=admin_user)
    assert report.summary() == "1 new, 0 changed, 0 unchanged, 0 invalid"
    page = ServicePage.objects.get(code="LIC-990", locale__language_code="ar")
    assert page.title.startswith('=HYPERLINK("http://evil.example/')  # stored literally, never evaluated

    text = services_export(file_format="csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    text_columns = [i for i, name in enumerate(rows[0]) if name.endswith(("_ar", "_en"))]
    dangerous = 0
    for row in rows[1:]:
        for value in row:
            assert not value.startswith(FORMULA_TRIGGERS), value
            dangerous += value.startswith("'")
    assert dangerous >= len(text_columns) - 2  # descriptions become <p>…</p>, which no spreadsheet runs

    for row in xlsx_cells(services_export(file_format="xlsx"))[1:]:
        for cell in row:
            assert cell.data_type == "s"
            assert not str(cell.value or "").startswith(FORMULA_TRIGGERS)

    # Neutralising is undone on import: the payloads survive a round trip unchanged.
    for file_format in ("csv", "xlsx"):
        again = import_preview(name=f"x.{file_format}", data=services_export(file_format=file_format), user=admin_user)
        assert again.summary() == "0 new, 0 changed, 1 unchanged, 0 invalid"


def test_export_command_writes_csv_and_xlsx_by_extension(imported, tmp_path):
    out = io.StringIO()
    call_command("export_services", str(tmp_path / "services.csv"), stdout=out)
    assert "4 services" in out.getvalue()
    assert (tmp_path / "services.csv").read_bytes() == (GOLDEN / "export_sample.csv").read_bytes()
    call_command("export_services", str(tmp_path / "services.xlsx"), "--department", "leasing", stdout=io.StringIO())
    cells = xlsx_cells((tmp_path / "services.xlsx").read_bytes())
    assert [row[0].value for row in cells[1:]] == ["LEA-001"]


def test_outlets_export_and_import_round_trip(bootstrapped, tmp_path):
    call_command("export_outlets", str(tmp_path / "outlets.csv"), stdout=io.StringIO())
    rows = list(csv.DictReader(io.StringIO((tmp_path / "outlets.csv").read_text("utf-8-sig"))))
    masafi = next(r for r in rows if r["code"] == "dreesha-masafi")
    assert masafi["channel"] == "dreesha" and masafi["latitude"] == "25.320500"
    assert masafi["phone"] == "'+97192011116"  # neutralised: "+" would start a formula
    out = io.StringIO()
    call_command("import_outlets", str(tmp_path / "outlets.csv"), stdout=out)
    assert "8 skip" in out.getvalue()


@pytest.mark.parametrize("value", ["=1+1", "'=1+1", "''@x", "-3", "+971", "\t=x", "'quoted", "plain", "", "'"])
def test_neutralising_is_undone_exactly_on_import(value):
    from common.spreadsheets import neutralise, unneutralise

    assert not neutralise(value).startswith(FORMULA_TRIGGERS)
    assert unneutralise(neutralise(value)) == value
