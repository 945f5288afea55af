"""The admin import and export: permissions on the URLs themselves, department scope, preview then
confirm (from another process), and a preview that leaves everything as it was."""

import csv
import io
from pathlib import Path

import pytest

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from catalogue.importing.runner import import_apply
from catalogue.models import PendingImport, ServicePage
from tests.catalogue.test_import import isolated_media, world_state  # noqa: F401 (autouse fixture)

GOLDEN = Path(__file__).parent / "golden"
pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/catalogue/import/"
EXPORT_URL = "/admin/catalogue/export/"


def upload(name="sample_services.csv", *, as_name=None, encoding="auto"):
    return {
        "file": SimpleUploadedFile(as_name or name, (GOLDEN / name).read_bytes()),
        "encoding": encoding,
    }


def grant(user_or_group, *codenames):
    user_or_group.permissions.add(
        *Permission.objects.filter(content_type__app_label="catalogue", codename__in=codenames)
    )


@pytest.fixture
def admin_user(bootstrapped, django_user_model):
    return django_user_model.objects.create_superuser("admin-importer", "a@example.com", "pw-admin-1")


@pytest.fixture
def viewer(bootstrapped, django_user_model):
    """May use the admin, but not import or export."""
    user = django_user_model.objects.create_user("viewer", password="pw-viewer-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def licensing_editor(bootstrapped, django_user_model):
    group = Group.objects.get(name="Department editors: licensing")
    grant(group, "import_services", "export_services")
    user = django_user_model.objects.create_user("licensing-importer", password="pw-licensing-1")
    user.groups.add(group)
    return user


def test_anonymous_is_sent_to_login_and_nothing_happens(client, bootstrapped):
    before = world_state()
    for response in (
        client.get(IMPORT_URL),
        client.post(IMPORT_URL, upload()),
        client.get(EXPORT_URL + "?format=csv"),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert world_state() == before


def test_view_only_user_gets_403_on_every_url(client, viewer, admin_user):
    client.force_login(admin_user)
    client.post(IMPORT_URL, upload())
    pending = PendingImport.objects.get()
    client.force_login(viewer)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, upload()).status_code == 403
    assert client.post(f"{IMPORT_URL}{pending.pk}/confirm/").status_code == 403
    assert client.get(f"{IMPORT_URL}{pending.pk}/").status_code == 403
    assert client.get(EXPORT_URL + "?format=csv").status_code == 403
    assert client.get(EXPORT_URL + "?format=xlsx").status_code == 403


def test_buttons_appear_only_with_the_permission(client, viewer, licensing_editor):
    client.force_login(licensing_editor)
    page = client.get("/admin/services/").content.decode()
    assert IMPORT_URL in page and EXPORT_URL in page
    client.force_login(viewer)
    assert IMPORT_URL not in client.get("/admin/").content.decode()


def test_preview_then_confirm_from_another_session(admin_user):
    first, second = Client(), Client()
    first.force_login(admin_user)
    before = world_state()
    response = first.post(IMPORT_URL, upload("sample_services_bom.csv"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "4 new, 0 changed, 0 unchanged, 0 invalid" in content
    assert content.count('data-outcome="new"') == 4
    pending = PendingImport.objects.get()
    # The preview's only write is the pending file itself.
    assert world_state() == {**before, "pending": before["pending"] + 1}
    assert not ServicePage.objects.exists()

    # Another client (as another process would) confirms; nothing lives in the first one's memory.
    second.force_login(admin_user)
    response = second.post(f"{IMPORT_URL}{pending.pk}/confirm/")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == PendingImport.Status.APPLIED
    assert pending.summary == "4 new, 0 changed, 0 unchanged, 0 invalid"
    assert pending.content in (b"", memoryview(b""))
    assert ServicePage.objects.filter(locale__language_code="ar").count() == 4
    result = second.get(response["Location"])
    assert 'data-import-status="applied"' in result.content.decode()
    # Confirming twice does not import twice.
    revisions = world_state()["revisions"]
    second.post(f"{IMPORT_URL}{pending.pk}/confirm/")
    assert world_state()["revisions"] == revisions


def test_invalid_file_preview_shows_every_reason_and_offers_no_confirmation(client, admin_user):
    client.force_login(admin_user)
    before = world_state()
    response = client.post(IMPORT_URL, upload("invalid_rows.csv"))
    content = response.content.decode()
    assert "Unknown channel code teleport" in content
    assert "The code LIC-911 is already used on row 12 of this file." in content
    assert "confirm" not in content.split("data-import-refused")[0].split("data-import-report")[1]
    assert world_state() == before


@pytest.mark.parametrize(
    "name, as_name, message",
    [
        ("zip_bomb.xlsx", None, "zip bomb"),
        ("not_a_spreadsheet.csv", None, "not a CSV text file"),
        ("sample_services.csv", "services.exe", "Only CSV"),
    ],
)
def test_dangerous_files_are_refused_with_a_clear_message(client, admin_user, name, as_name, message):
    client.force_login(admin_user)
    before = world_state()
    response = client.post(IMPORT_URL, upload(name, as_name=as_name))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert world_state() == before


def test_oversized_upload_is_refused(client, admin_user, settings):
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(admin_user)
    response = client.post(IMPORT_URL, upload())
    assert response.status_code == 400
    assert "largest file that can be imported" in response.content.decode()


def test_arabic_admin_shows_the_refusal_right_to_left(client, admin_user, settings):
    settings.LANGUAGE_CODE = "ar"
    client.force_login(admin_user)
    response = client.post(IMPORT_URL, upload("zip_bomb.xlsx"))
    assert response.status_code == 400
    content = response.content.decode()
    assert 'dir="rtl"' in content and 'lang="ar"' in content
    assert "data-import-error" in content


def test_department_editor_exports_only_their_department(client, licensing_editor, admin_user):
    import_apply(name="s.csv", data=(GOLDEN / "sample_services.csv").read_bytes(), user=admin_user)
    client.force_login(licensing_editor)
    response = client.get(EXPORT_URL + "?format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    codes = [row["code"] for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))]
    assert codes == ["LIC-001", "LIC-002"]
    assert client.get(EXPORT_URL + "?format=csv&department=leasing").status_code == 403
    assert client.get(EXPORT_URL + "?format=csv&department=licensing").status_code == 200


def test_department_editor_cannot_import_other_departments_or_publish(client, licensing_editor):
    client.force_login(licensing_editor)
    before = world_state()
    content = client.post(IMPORT_URL, upload()).content.decode()
    assert "You may not change services of the department leasing." in content
    assert "You may not change services of the department consumer-protection." in content
    # Their own rows are refused too while they ask to publish: editors' changes go through approval.
    assert "set the status to draft" in content
    assert world_state() == before


def test_department_editor_imports_drafts_for_approval(client, licensing_editor):
    rows = list(csv.DictReader(io.StringIO((GOLDEN / "sample_services.csv").read_text("utf-8"))))
    own = [{**row, "status": "draft"} for row in rows if row["department"] == "licensing"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(own[0]))
    writer.writeheader()
    writer.writerows(own)
    client.force_login(licensing_editor)
    response = client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("mine.csv", buffer.getvalue().encode()), "encoding": "auto"}
    )
    assert "2 new, 0 changed, 0 unchanged, 0 invalid" in response.content.decode()
    pending = PendingImport.objects.get()
    client.post(f"{IMPORT_URL}{pending.pk}/confirm/")
    pages = ServicePage.objects.filter(code__in=["LIC-001", "LIC-002"])
    assert pages.count() == 4
    assert not pages.filter(live=True).exists()
    assert {p.latest_revision.user for p in pages} == {licensing_editor}


def test_nobody_confirms_someone_elses_import(client, admin_user, django_user_model):
    client.force_login(admin_user)
    client.post(IMPORT_URL, upload())
    pending = PendingImport.objects.get()
    other = django_user_model.objects.create_superuser("other-admin", "o@example.com", "pw-other-1")
    client.force_login(other)
    # Not found (LocaleMiddleware first retries the path under /ar/, where it does not exist either).
    assert client.post(f"{IMPORT_URL}{pending.pk}/confirm/", follow=True).status_code == 404
    assert client.get(f"{IMPORT_URL}{pending.pk}/", follow=True).status_code == 404
    assert not ServicePage.objects.exists()


def test_confirm_needs_post(client, admin_user):
    client.force_login(admin_user)
    client.post(IMPORT_URL, upload())
    pending = PendingImport.objects.get()
    assert client.get(f"{IMPORT_URL}{pending.pk}/confirm/").status_code == 405
    assert not ServicePage.objects.exists()


def test_windows_1256_chosen_by_the_user(client, admin_user):
    client.force_login(admin_user)
    response = client.post(IMPORT_URL, upload("sample_services_cp1256.csv", encoding="windows-1256"))
    assert "4 new" in response.content.decode()


@pytest.mark.s3
def test_preview_and_confirm_leave_the_s3_bucket_untouched(client, admin_user, s3_bucket, settings):
    def keys():
        listing = s3_bucket.list_objects_v2(Bucket=settings.AWS_STORAGE_BUCKET_NAME)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    before = keys()
    client.force_login(admin_user)
    client.post(IMPORT_URL, upload("sample_services.xlsx"))
    assert keys() == before  # the pending file lives in the database, not in storage or /tmp


@pytest.mark.postgres
def test_confirm_applies_in_one_postgres_transaction(client, admin_user, postgres_db):
    client.force_login(admin_user)
    client.post(IMPORT_URL, upload())
    pending = PendingImport.objects.get()
    client.post(f"{IMPORT_URL}{pending.pk}/confirm/")
    assert ServicePage.objects.filter(live=True).count() == 8


def test_import_page_offers_file_and_encoding(client, admin_user):
    client.force_login(admin_user)
    content = client.get(IMPORT_URL).content.decode()
    assert 'type="file"' in content and 'accept=".csv,.xlsx"' in content
    assert 'value="windows-1256"' in content


def test_unconfirmed_previews_are_dropped_after_a_day(client, admin_user):
    import datetime

    from django.utils import timezone

    client.force_login(admin_user)
    client.post(IMPORT_URL, upload())
    stale = PendingImport.objects.get()
    PendingImport.objects.filter(pk=stale.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    client.post(IMPORT_URL, upload("sample_services.xlsx"))
    assert list(PendingImport.objects.values_list("file_name", flat=True)) == ["sample_services.xlsx"]
