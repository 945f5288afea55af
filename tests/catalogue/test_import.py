"""Importing services: preview without side effects, every invalid reason, all-or-nothing writes
through Wagtail revisions, idempotence, and the feed and search following the import."""

import csv
import io
from pathlib import Path

import pytest

from django.apps import apps
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import translation

from wagtail.models import PageLogEntry, ReferenceIndex, Revision

from catalogue.importing.runner import import_apply, import_preview
from catalogue.models import Channel, PendingImport, ServicePage
from common.spreadsheets import ImportFileError
from publication.models import ChangeLog, Publication

GOLDEN = Path(__file__).parent / "golden"
pytestmark = pytest.mark.django_db


def golden(name: str) -> bytes:
    return (GOLDEN / name).read_bytes()


def rows_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def sample_rows() -> list[dict]:
    return list(csv.DictReader(io.StringIO(golden("sample_services.csv").decode())))


def _storage_files(path=""):
    try:
        directories, files = default_storage.listdir(path)
    except FileNotFoundError:
        return set()
    found = {f"{path}{name}" for name in files}
    for directory in directories:
        found |= _storage_files(f"{path}{directory}/")
    return found


def world_state() -> dict:
    """Everything an import could touch: pages, revisions, audit log, feed, search index, files, e-mail."""
    from wagtail.search.models import IndexEntry

    return {
        "pages": sorted(ServicePage.objects.values_list("pk", "code", "title", "live", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "log": PageLogEntry.objects.count(),
        "publications": sorted(Publication.objects.values_list("code", "lang", "etag")),
        "changelog": ChangeLog.objects.count(),
        "search_index": IndexEntry.objects.count(),
        "references": ReferenceIndex.objects.count(),
        "pending": PendingImport.objects.count(),
        "search_app": {m._meta.label: m._default_manager.count() for m in apps.get_app_config("search").get_models()},
        "files": _storage_files(),
        "mail": len(mail.outbox),
    }


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    """A media folder of this test's own, so that other processes' files never blur the comparison.

    Messages are compared in English, the source language, whatever translations exist.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def admin_user(bootstrapped, django_user_model):
    return django_user_model.objects.create_superuser("importer", "importer@example.com", "pw-importer-1")


@pytest.mark.parametrize(
    "name", ["sample_services.csv", "sample_services_bom.csv", "sample_services_cp1256.csv", "sample_services.xlsx"]
)
def test_import_writes_arabic_page_and_english_translation(admin_user, name):
    report = import_apply(name=name, data=golden(name), user=admin_user)
    assert report.summary() == "4 new, 0 changed, 0 unchanged, 0 invalid"
    arabic = ServicePage.objects.get(code="LIC-001", locale__language_code="ar")
    english = ServicePage.objects.get(code="LIC-001", locale__language_code="en")
    assert arabic.title == "إصدار رخصة تجارية جديدة"
    assert english.title == "Issue a new trade licence"
    assert english.translation_key == arabic.translation_key
    assert arabic.live and english.live
    assert arabic.get_parent().specific.department.code == "licensing"
    assert [link.channel.code for link in arabic.channel_links.all()] == [
        "counter",
        "mall-centre",
        "website",
        "app-rukhsati",
    ]
    assert [d.name for d in english.required_documents.all()] == [
        "Emirates ID copy",
        "Attested lease contract",
        "Trade name reservation certificate",
    ]
    assert arabic.total_fee == 1500
    # As revisions in the importing user's name, in the audit log.
    assert arabic.latest_revision.user == admin_user
    actions = set(PageLogEntry.objects.filter(page=arabic).values_list("action", "user"))
    assert {
        ("wagtail.create", admin_user.pk),
        ("wagtail.edit", admin_user.pk),
        ("wagtail.publish", admin_user.pk),
    } <= actions


def test_feed_and_search_follow_the_import(admin_user):
    from wagtail.search.models import IndexEntry

    import_apply(name="s.csv", data=golden("sample_services.csv"), user=admin_user)
    published = Publication.objects.get(type="service", code="LEA-001", lang="en")
    assert published.payload["title"] == "Attest a lease contract"
    assert "lease" in published.search_text
    assert set(ChangeLog.objects.filter(code="LEA-001").values_list("op", "lang")) == {
        ("upsert", "ar"),
        ("upsert", "en"),
    }
    # Wagtail's own search index holds each page once the batch has finished.
    page_ids = {str(pk) for pk in ServicePage.objects.values_list("pk", flat=True)}
    assert page_ids <= set(IndexEntry.objects.values_list("object_id", flat=True))
    assert ServicePage.objects.search("Attest").count() >= 1


def test_preview_leaves_database_index_storage_and_mail_exactly_as_they_were(admin_user):
    import_apply(name="s.csv", data=golden("sample_services.csv"), user=admin_user)
    rows = sample_rows()
    rows[0]["summary_en"] = "A different summary."
    rows.append({**rows[1], "code": "LIC-777"})
    before = world_state()
    report = import_preview(name="s.csv", data=rows_csv(rows), user=admin_user)
    call_command("import_services", str(GOLDEN / "sample_services_bom.csv"), "--dry-run", stdout=io.StringIO())
    assert report.summary() == "1 new, 1 changed, 3 unchanged, 0 invalid"
    assert world_state() == before


def test_every_invalid_reason_is_reported_and_nothing_is_written(admin_user):
    before = world_state()
    report = import_preview(name="invalid.csv", data=golden("invalid_rows.csv"), user=admin_user)
    by_code = {}
    for row in report.rows:
        by_code.setdefault(row.code, []).append(row)
    expected = {
        "LIC-901": "Unknown department code nowhere",
        "LIC-902": "Unknown channel code teleport",
        "LIC-903": "Unknown audience code aliens",
        "LIC-904": "Arabic title (title_ar) is missing",
        "LIC-905": "The fee -5 is not an amount",
        "LIC-906": "The fee free is not an amount",
        "LIC-907": "documents_ar has 3 items but documents_en has 2",
        "LIC-908": "steps_ar has 1 items but steps_en has 3",
        "LIC-909": "The status maybe is not one of published, draft or withdrawn",
        "lic 910": "is not a service code",
        "LIC-912": "e_payment must be yes or no",
        "LIC-913": "English title (title_en) is missing",
    }
    for code, reason in expected.items():
        (row,) = by_code[code]
        assert row.outcome == "invalid"
        assert any(reason in error for error in row.errors), (code, row.errors)
    first, duplicate = by_code["LIC-911"]
    assert first.outcome == "new"
    assert duplicate.outcome == "invalid"
    assert duplicate.errors == ["The code LIC-911 is already used on row 12 of this file."]
    assert [row.number for row in report.rows] == list(range(2, 16))
    with pytest.raises(ImportFileError, match="nothing was imported"):
        import_apply(name="invalid.csv", data=golden("invalid_rows.csv"), user=admin_user)
    assert world_state() == before


def test_a_row_may_carry_several_reasons(admin_user):
    row = {**sample_rows()[0], "department": "nowhere", "fee_aed": "abc", "status": "later"}
    (report_row,) = import_preview(name="s.csv", data=rows_csv([row]), user=admin_user).rows
    assert len(report_row.errors) == 3


def test_wrong_header_is_refused_with_the_missing_and_unknown_columns(admin_user):
    rows = [{("titel_ar" if k == "title_ar" else k): v for k, v in r.items()} for r in sample_rows()]
    with pytest.raises(ImportFileError, match="missing columns: title_ar; unknown columns: titel_ar"):
        import_preview(name="s.csv", data=rows_csv(rows), user=admin_user)


def test_reimporting_the_same_file_changes_nothing_and_says_so(admin_user):
    import_apply(name="s.csv", data=golden("sample_services.csv"), user=admin_user)
    before = world_state()
    out = io.StringIO()
    call_command("import_services", str(GOLDEN / "sample_services.xlsx"), stdout=out)
    assert "0 new, 0 changed, 4 unchanged, 0 invalid; nothing to change" in out.getvalue()
    report = import_apply(name="s.csv", data=golden("sample_services.csv"), user=admin_user)
    assert report.summary() == "0 new, 0 changed, 4 unchanged, 0 invalid"
    assert world_state() == before


def test_changed_row_lists_its_changed_columns_and_writes_one_revision(admin_user):
    import_apply(name="s.csv", data=golden("sample_services.csv"), user=admin_user)
    rows = sample_rows()
    rows[2]["summary_en"] = "Attest any lease contract."
    rows[2]["fee_aed"] = "25.50"
    rows[2]["channels"] = "website|counter"
    revisions = Revision.objects.count()
    report = import_apply(name="s.csv", data=rows_csv(rows), user=admin_user)
    changed = [r for r in report.rows if r.outcome == "changed"]
    assert [(r.code, r.changed) for r in changed] == [("LEA-001", ["summary_en", "channels", "fee_aed"])]
    assert Revision.objects.count() == revisions + 2  # the Arabic page and its translation
    english = Publication.objects.get(type="service", code="LEA-001", lang="en").payload
    assert english["summary"] == "Attest any lease contract."
    assert english["fee_aed"] == "25.50"
    assert [c["code"] for c in english["channels"]] == ["website", "counter"]
    # Each language changed once in the feed, and the admin's search and "usage" follow the edit.
    assert ChangeLog.objects.filter(code="LEA-001").count() == 4  # created, then changed, per language
    assert "LEA-001" in {page.code for page in ServicePage.objects.search("Attest any lease")}
    arabic = ServicePage.objects.get(code="LEA-001", locale__language_code="ar")
    channel_refs = ReferenceIndex.objects.filter(object_id=str(arabic.pk), model_path="channel_links.item.channel")
    assert {Channel.objects.get(pk=ref.to_object_id).code for ref in channel_refs} == {"website", "counter"}


def test_status_draft_and_withdrawn(admin_user):
    rows = sample_rows()
    rows[0]["status"] = "draft"
    import_apply(name="s.csv", data=rows_csv(rows), user=admin_user)
    draft = ServicePage.objects.get(code="LIC-001", locale__language_code="ar")
    assert not draft.live and draft.latest_revision is not None
    assert not Publication.objects.filter(code="LIC-001").exists()

    rows[0]["status"] = "published"
    rows[1]["status"] = "withdrawn"
    report = import_apply(name="s.csv", data=rows_csv(rows), user=admin_user)
    assert [(r.code, r.changed) for r in report.rows if r.outcome == "changed"] == [
        ("LIC-001", ["status"]),
        ("LIC-002", ["status"]),
    ]
    assert ServicePage.objects.get(code="LIC-001", locale__language_code="ar").live
    assert not ServicePage.objects.filter(code="LIC-002", live=True).exists()
    removal = ChangeLog.objects.filter(code="LIC-002", op="delete").values_list("lang", "reason")
    assert set(removal) == {("ar", "withdrawn"), ("en", "withdrawn")}


def test_moving_a_service_to_another_department(admin_user):
    import_apply(name="s.csv", data=golden("sample_services.csv"), user=admin_user)
    rows = sample_rows()
    rows[2]["department"] = "customer-happiness"
    import_apply(name="s.csv", data=rows_csv(rows), user=admin_user)
    for page in ServicePage.objects.filter(code="LEA-001"):
        assert page.get_parent().specific.department.code == "customer-happiness"
        assert page.department.code == "customer-happiness"
    assert Publication.objects.get(code="LEA-001", lang="ar").department == "customer-happiness"


def test_one_invalid_row_blocks_the_whole_file(admin_user):
    rows = sample_rows()
    rows[3]["audiences"] = "nobody"
    with pytest.raises(ImportFileError):
        import_apply(name="s.csv", data=rows_csv(rows), user=admin_user)
    assert not ServicePage.objects.exists()


def test_command_reports_rows_and_exits_non_zero_on_an_invalid_file(bootstrapped):
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_services", str(GOLDEN / "invalid_rows.csv"), stdout=out)
    assert "row     11  LIC-910" not in out.getvalue()
    assert "Unknown channel code teleport" in out.getvalue()
    with pytest.raises(CommandError, match="zip bomb"):
        call_command("import_services", str(GOLDEN / "zip_bomb.xlsx"), stdout=io.StringIO())
    assert not ServicePage.objects.exists()


def test_command_imports_with_the_named_user(admin_user):
    out = io.StringIO()
    call_command("import_services", str(GOLDEN / "sample_services_cp1256.csv"), "--user", "importer", stdout=out)
    assert out.getvalue().strip().endswith("4 new, 0 changed, 0 unchanged, 0 invalid")
    assert ServicePage.objects.get(code="CP-001", locale__language_code="ar").latest_revision.user == admin_user


@pytest.mark.elasticsearch
def test_elasticsearch_follows_the_import_but_never_the_preview(
    client, admin_user, elasticsearch_url, unique_prefix, settings, django_capture_on_commit_callbacks
):
    import json
    import urllib.request

    settings.SEARCH_INDEX_PREFIX = unique_prefix

    def es(path: str, method: str = "GET") -> dict:
        request = urllib.request.Request(f"{elasticsearch_url}/{path}", method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"{}")

    def documents() -> int:
        es(f"{unique_prefix}*/_refresh", method="POST")
        return es(f"{unique_prefix}*/_count")["count"]

    def search(q: str) -> list[str]:
        documents()  # refreshes the indices
        body = client.get("/api/search/v1/", {"q": q, "lang": "en"}).json()
        assert body["backend"] == "elasticsearch"
        return [r["code"] for r in body["results"]]

    with django_capture_on_commit_callbacks(execute=True):
        import_apply(name="s.csv", data=golden("sample_services.csv"), user=admin_user)
    assert "LEA-001" in search("lease contract")
    indexed = documents()
    assert indexed >= 8  # four services in two languages

    rows = sample_rows()
    rows.append({**rows[0], "code": "LIC-555", "title_en": "Zeppelin mooring permit"})
    with django_capture_on_commit_callbacks(execute=True):
        report = import_preview(name="s.csv", data=rows_csv(rows), user=admin_user)
    assert report.count("new") == 1
    assert documents() == indexed
    assert search("zeppelin") == []
