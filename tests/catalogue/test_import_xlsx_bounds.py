"""A workbook whose parts inflate to tens of megabytes while staying under the zip-bomb ratio is
refused from the zip directory before anything is parsed, with a message in the person's
language; reading any workbook is bounded by a per-part cap and a deadline. The news figures
import reads through the same reader and gets the same refusal."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from catalogue.importing.runner import import_preview
from catalogue.models import PendingImport
from common.spreadsheets import ImportFileError, sheet_read
from tests.catalogue.test_import import golden, isolated_media, world_state  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def crafted_xlsx(*, strings_mb: int = 30, part: str = "xl/sharedStrings.xml", declared: str = "") -> bytes:
    """A two-row workbook plus a shared-strings part of ``strings_mb`` MB of numbered strings: it
    compresses about five times, far under the zip-bomb ratio, as in the outside probe."""
    workbook = Workbook()
    workbook.active.append(["code", "department"])
    workbook.active.append(["LIC-001", "licensing"])
    base = io.BytesIO()
    workbook.save(base)
    count = strings_mb * 1024 * 1024 // 39
    strings = "".join(f"<si><t>{i:09d} {i * 7919 % 1000003:07d} ab</t></si>" for i in range(count))
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{count}" uniqueCount="{count}">{strings}</sst>'
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                override = f'<Override PartName="/{declared or part}" ContentType="{SHARED_STRINGS_TYPE}"/></Types>'
                data = data.replace(b"</Types>", override.encode())
            target.writestr(item.filename, data)
        target.writestr(part, xml)
    return out.getvalue()


@pytest.fixture
def admin_user(bootstrapped, django_user_model):
    return django_user_model.objects.create_superuser("bounds-importer", "bounds@example.com", "pw-bounds-1")


@pytest.fixture
def parser_never_runs(monkeypatch):
    """Fail loudly if openpyxl starts reading: the refusal must come from the zip directory."""
    from openpyxl.reader.excel import ExcelReader

    def refuse(self):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(ExcelReader, "read", refuse)


@pytest.fixture
def parser_runs_counted(monkeypatch):
    from openpyxl.reader.excel import ExcelReader

    runs = []
    read = ExcelReader.read

    def counted(self):
        runs.append(1)
        return read(self)

    monkeypatch.setattr(ExcelReader, "read", counted)
    return runs


@pytest.fixture(scope="module")
def crafted() -> bytes:
    data = crafted_xlsx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("xl/sharedStrings.xml")
    assert len(data) < 10 * 1024 * 1024 and info.file_size > 25 * 1024 * 1024  # under the upload limit, over the cap
    assert info.file_size / info.compress_size < 200  # and under the zip-bomb ratio
    return data


def test_the_crafted_workbook_is_refused_before_parsing(crafted, parser_never_runs):
    with pytest.raises(ImportFileError) as caught:
        sheet_read(name="services.xlsx", data=crafted)
    assert caught.value.code == "part_too_large"
    assert str(caught.value) == (
        "The part xl/sharedStrings.xml of the Excel file expands to more than 24 MB; it was refused. "
        "Split the file or save it as CSV."
    )


def test_a_renamed_shared_strings_part_gets_the_same_cap(parser_never_runs):
    with pytest.raises(ImportFileError) as caught:
        sheet_read(name="services.xlsx", data=crafted_xlsx(part="xl/strings-elsewhere.xml"))
    assert caught.value.code == "part_too_large"
    assert "xl/strings-elsewhere.xml" in str(caught.value)


def test_the_admin_preview_refuses_it_in_both_languages_and_keeps_nothing(
    client, admin_user, crafted, parser_never_runs
):
    before = world_state()
    client.force_login(admin_user)
    messages = {}
    for language in ("en", "ar"):
        with translation.override(language):
            response = client.post(
                "/admin/catalogue/import/",
                {"file": SimpleUploadedFile("services.xlsx", crafted), "encoding": "auto"},
                HTTP_ACCEPT_LANGUAGE=language,
            )
        assert response.status_code == 400
        messages[language] = response.content.decode()
    assert "expands to more than 24 MB; it was refused" in messages["en"]
    assert "من ملف إكسل يتمدد إلى أكثر من 24 ميغابايت؛ لذا رُفض" in messages["ar"]
    assert not PendingImport.objects.exists()
    assert world_state() == before


def test_a_part_the_directory_check_misses_is_still_stopped_while_read(parser_runs_counted, settings):
    # The manifest names the part with an XML character reference, which the quick check from
    # the zip directory does not decode; openpyxl does, and the bytes coming out of the part
    # are counted against the shared-strings cap as they are read.
    settings.IMPORT_MAX_SHARED_STRINGS_BYTES = 1024 * 1024  # a small file keeps the test quick
    data = crafted_xlsx(strings_mb=2, part="xl/strings.xml", declared="xl/&#115;trings.xml")
    with pytest.raises(ImportFileError) as caught:
        sheet_read(name="services.xlsx", data=data)
    assert caught.value.code == "part_too_large"
    assert "xl/strings.xml" in str(caught.value)
    assert parser_runs_counted == [1]  # refused by the reader, not by the directory check


def test_reading_stops_at_the_deadline_with_a_message(settings):
    settings.IMPORT_MAX_PARSE_SECONDS = 0
    with pytest.raises(ImportFileError) as caught:
        sheet_read(name="services.xlsx", data=golden("sample_services.xlsx"))
    assert caught.value.code == "too_slow"
    assert str(caught.value) == (
        "Reading the Excel file took more than 0 seconds and was stopped. "
        "Split it into smaller files or save it as CSV."
    )


def test_the_confirmation_reads_within_the_same_bounds(admin_user, settings):
    # Confirming reads the stored file again: through the same reader, so the same limits hold.
    settings.IMPORT_MAX_PARSE_SECONDS = 0
    with pytest.raises(ImportFileError, match="was stopped"):
        import_preview(name="services.xlsx", data=golden("sample_services.xlsx"), user=admin_user)


def test_the_news_figures_import_gets_the_same_refusal(crafted, parser_never_runs, tmp_path, bootstrapped):
    from news.services import indicator_values_import

    path = tmp_path / "figures.xlsx"
    path.write_bytes(crafted)
    result = indicator_values_import(path=path)
    assert result.changed == []
    assert result.errors == [
        "The part xl/sharedStrings.xml of the Excel file expands to more than 24 MB; it was refused. "
        "Split the file or save it as CSV."
    ]


def test_a_normal_workbook_still_reads():
    sheet = sheet_read(name="services.xlsx", data=golden("sample_services.xlsx"))
    assert sheet.header[0] == "code" and len(sheet.rows) == 4
