"""Bidirectional controls in a spreadsheet (CSV or XLSX) are stripped from every cell before the
catalogue sees them; ZWNJ stays. Re-importing the same file then finds nothing to change."""

import io

import pytest
from openpyxl import Workbook

from catalogue.importing.runner import import_apply, import_preview
from catalogue.models import ServicePage
from tests.catalogue.test_import import isolated_media, rows_csv, sample_rows  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db
RLO, LRE, PDF, FSI, PDI, ZWNJ = "\u202e", "\u202a", "\u202c", "\u2068", "\u2069", "\u200c"


@pytest.fixture
def admin_user(bootstrapped, django_user_model):
    return django_user_model.objects.create_superuser("bidi-importer", "bidi@example.com", "pw-bidi-1")


def bidi_row() -> dict:
    row = {**sample_rows()[0], "code": "LIC-971"}
    row["title_ar"] = f"خدمة{RLO} مستوردة{ZWNJ}"
    row["title_en"] = f"{LRE}Imported{PDF} service"
    row["summary_en"] = f"Pay {FSI}txt.exe{PDI} online."
    row["documents_en"] = f"ID{RLO} copy|Form"
    row["documents_ar"] = "صورة الهوية|النموذج"
    return row


def xlsx(rows: list[dict]) -> bytes:
    workbook = Workbook()
    workbook.active.append(list(rows[0]))
    for row in rows:
        workbook.active.append(list(row.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_imported_row_is_stored_without_bidi_controls(admin_user, kind):
    data = rows_csv([bidi_row()]) if kind == "csv" else xlsx([bidi_row()])
    import_apply(name=f"services.{kind}", data=data, user=admin_user)
    arabic = ServicePage.objects.get(code="LIC-971", locale__language_code="ar")
    english = ServicePage.objects.get(code="LIC-971", locale__language_code="en")
    assert arabic.title == f"خدمة مستوردة{ZWNJ}"
    assert english.title == "Imported service"
    assert english.summary == "Pay txt.exe online."
    assert [d.name for d in english.required_documents.all()] == ["ID copy", "Form"]
    # The same file again: the stripped texts match what is stored, so nothing changes.
    (again,) = import_preview(name=f"services.{kind}", data=data, user=admin_user).rows
    assert again.outcome == "unchanged"
