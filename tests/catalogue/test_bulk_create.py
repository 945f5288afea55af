"""New services created in bulk (imports) are the pages, revisions, audit log, indexes and
publications that Wagtail's one-by-one path writes, and Wagtail keeps working on them."""

import csv
import io
from collections import Counter

import pytest

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

from catalogue.importing.columns import SERVICE_COLUMNS
from catalogue.importing.resources import services_export
from catalogue.importing.runner import import_preview
from catalogue.importing.validation import INVALID
from catalogue.models import DepartmentPage, ServicePage
from catalogue.services import deferred_indexing, service_import, service_write
from catalogue.writing import bulk
from catalogue.writing.context import catalogue_context_load
from publication import batch
from publication.models import ChangeLog, Publication
from tests.catalogue.factories import service_data

pytestmark = pytest.mark.django_db

# What a row sets on a page, as stored in its revision.
CONTENT_FIELDS = ("summary", "description", "processing_time", "keywords", "e_payment", "uae_pass", "status")
CHILDREN = {
    "channel_links": ("channel", "sort_order", "url", "phone"),
    "fees": ("label", "amount_aed", "exemptions", "sort_order"),
    "required_documents": ("name", "form", "sort_order"),
    "steps": ("text", "sort_order"),
}


@pytest.fixture
def admin_user(bootstrapped, django_user_model):
    return django_user_model.objects.create_superuser("bulk-admin", "bulk@example.com", "pw-bulk-admin-1")


def one_by_one(data, user):
    """The Wagtail path: add_child, save_revision, revision.publish, page_published."""
    with transaction.atomic(), deferred_indexing():
        service_write(data=data, pair=None, context=catalogue_context_load(), user=user)


def pages(code):
    return {p.locale.language_code: p for p in ServicePage.objects.filter(code=code).select_related("locale")}


def portrait(code: str) -> dict:
    """Everything a person or a program could notice about a service, with its code masked."""
    found = pages(code)
    result = {"langs": sorted(found)}
    for lang, page in found.items():
        revisions = list(
            Revision.objects.filter(base_content_type=page.get_base_content_type(), object_id=str(page.pk))
        )
        content = revisions[-1].content
        result[lang] = {
            "flags": (page.live, page.has_unpublished_changes, page.first_published_at is not None, page.numchild),
            "revisions": [(r.user_id, r.pk == page.latest_revision_id) for r in revisions],
            "live_is_latest": page.live_revision_id == page.latest_revision_id,
            "content": {name: content[name] for name in CONTENT_FIELDS},
            "children": {
                relation: [{k: child.get(k) for k in keys} for child in content[relation]]
                for relation, keys in CHILDREN.items()
            },
            "audiences": sorted(content["audiences"]),
            "log": Counter(
                PageLogEntry.objects.filter(page=page).values_list(
                    "action", "user_id", "revision_id", "content_changed"
                )
            ),
            "references": sorted(
                ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list("model_path", "to_object_id")
            ),
            "admin_search": IndexEntry.objects.filter(object_id=str(page.pk)).count(),
            "parent": page.get_parent().specific.department.code,
            "url": page.get_url().replace(code.lower(), "CODE"),
            "same_translation_key": page.translation_key == found["ar"].translation_key,
            "restored_title": revisions[-1].as_object().title.replace(code, "CODE"),
        }
        # Revision ids differ between the two services; whether each entry names its page's revision does not.
        result[lang]["log"] = Counter(
            {
                (action, user, revision == page.latest_revision_id, changed): n
                for (action, user, revision, changed), n in result[lang]["log"].items()
            }
        )
    result["publications"] = {
        p.lang: {k: v for k, v in p.payload.items() if k not in ("code", "title", "url", "translations", "updated_at")}
        for p in Publication.objects.filter(type="service", code=code)
    }
    result["changes"] = sorted(ChangeLog.objects.filter(code=code).values_list("lang", "op"))
    return result


def _csv_rows(rows) -> bytes:
    """Rows of ServiceData as CSV lines without a header, in the contract's columns."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SERVICE_COLUMNS)
    for data in rows:
        writer.writerow(
            {
                **{column: "" for column in SERVICE_COLUMNS},
                "code": data.code,
                "department": data.department,
                "channels": "|".join(data.channels),
                "audiences": "|".join(data.audiences),
                "fee_aed": str(data.fee_aed),
                "e_payment": "yes" if data.e_payment else "no",
                "uae_pass": "yes" if data.uae_pass else "no",
                "status": data.status,
                **{
                    f"{part}_{lang}": "|".join(value) if isinstance(value, list) else value
                    for lang, texts in (("ar", data.ar), ("en", data.en))
                    for part, value in vars(texts).items()
                    if f"{part}_{lang}" in SERVICE_COLUMNS
                },
            }
        )
    return buffer.getvalue().encode()


def differences(actual, expected, path="") -> list[str]:
    """Where two portraits differ, as readable paths."""
    if isinstance(actual, dict) and isinstance(expected, dict):
        found = []
        for key in sorted(set(actual) | set(expected), key=str):
            found += differences(actual.get(key), expected.get(key), f"{path}/{key}")
        return found
    return [] if actual == expected else [f"{path}: {actual!r} != {expected!r}"]


@pytest.mark.parametrize("status", ["published", "draft", "withdrawn"])
def test_bulk_and_one_by_one_write_the_same_service(admin_user, status):
    one_by_one(service_data(code="LIC-951", status=status), admin_user)
    service_import(rows=[service_data(code="LIC-952", status=status)], user=admin_user)

    expected, actual = portrait("LIC-951"), portrait("LIC-952")
    found = differences(actual, expected)
    assert not found, "\n".join(found)
    assert actual["ar"]["flags"][0] is (status == "published")
    assert bool(actual["publications"]) is (status == "published")


def test_bulk_created_pages_keep_a_sound_tree_across_rounds(admin_user, monkeypatch, client):
    monkeypatch.setattr(bulk, "CHUNK", 3)  # three rounds for seven services
    rows = [service_data(code=f"LIC-96{i}") for i in range(4)] + [
        service_data(code=f"LEA-96{i}", department="leasing") for i in range(3)
    ]
    service_import(rows=rows, user=admin_user)

    assert all(not problems for problems in Page.find_problems())
    for department_page in DepartmentPage.objects.all():
        assert department_page.numchild == department_page.get_children().count()
    for row in rows:
        for lang, page in pages(row.code).items():
            response = client.get(page.get_url())
            assert response.status_code == 200
            assert (row.ar if lang == "ar" else row.en).title in response.content.decode()
    assert Publication.objects.filter(type="service", code__startswith="LIC-96").count() == 8


def test_wagtail_edits_publishes_and_moves_a_bulk_created_service(admin_user, client):
    service_import(rows=[service_data(code="LIC-970")], user=admin_user)
    arabic = pages("LIC-970")["ar"]

    client.force_login(admin_user)
    assert client.get(f"/admin/pages/{arabic.pk}/edit/").status_code == 200

    arabic.title = "عنوان معدل"
    arabic.save_revision(user=admin_user).publish(user=admin_user)
    assert Publication.objects.get(type="service", code="LIC-970", lang="ar").payload["title"] == "عنوان معدل"

    leasing = DepartmentPage.objects.get(department__code="leasing", locale__language_code="ar")
    ServicePage.objects.get(pk=arabic.pk).move(leasing, pos="last-child", user=admin_user)
    assert Publication.objects.get(type="service", code="LIC-970", lang="en").payload["department"]["code"] == "leasing"
    assert all(not problems for problems in Page.find_problems())


def test_a_new_service_whose_address_is_taken_is_refused_in_the_preview_and_by_the_write(admin_user):
    # Another service's Arabic page was renamed to the address the new service LIC-982 would take.
    service_import(rows=[service_data(code="LIC-981")], user=admin_user)
    taken = pages("LIC-981")["ar"]
    taken.slug = "lic-982"
    taken.save_revision(user=admin_user).publish(user=admin_user)
    before = (Page.objects.count(), Revision.objects.count(), ChangeLog.objects.count())

    sheet = services_export(file_format="csv")  # LIC-981 as a row, then the two new services
    rows = [service_data(code="LIC-983"), service_data(code="LIC-982")]
    with translation.override("en"):
        report = import_preview(name="s.csv", data=sheet + _csv_rows(rows), user=admin_user)
    (refused,) = [row for row in report.rows if row.outcome == INVALID]
    assert refused.code == "LIC-982"
    assert refused.errors == [
        "Another page under the department licensing already has the address lic-982; rename that page first."
    ]

    # The write path refuses it too (an import confirmed while someone renamed a page): nothing is written.
    with pytest.raises(ValidationError, match="slug"):
        service_import(rows=rows, user=admin_user)
    assert (Page.objects.count(), Revision.objects.count(), ChangeLog.objects.count()) == before
    assert not pages("LIC-983")


def test_bulk_creation_checks_the_users_rights_itself(bootstrapped, django_user_model):
    editor = django_user_model.objects.create_user("bulk-licensing-editor", password="pw-bulk-editor-1")
    editor.groups.add(Group.objects.get(name="Department editors: licensing"))

    with pytest.raises(PermissionDenied):
        service_import(rows=[service_data(code="LEA-990", department="leasing", status="draft")], user=editor)
    # Department editors may draft in their department but not publish without approval.
    with pytest.raises(PermissionDenied):
        service_import(rows=[service_data(code="LIC-990", status="published")], user=editor)
    assert not ServicePage.objects.filter(code__in=["LEA-990", "LIC-990"]).exists()

    service_import(rows=[service_data(code="LIC-991", status="draft")], user=editor)
    assert pages("LIC-991")["ar"].latest_revision.user == editor


def test_queries_do_not_grow_with_the_number_of_new_services(admin_user):
    def queries_for(codes):
        with CaptureQueriesContext(connection) as captured:
            service_import(rows=[service_data(code=code) for code in codes], user=admin_user)
        return len(captured)

    ten = queries_for([f"LIC-{n}" for n in range(1000, 1010)])
    forty = queries_for([f"LIC-{n}" for n in range(2000, 2040)])
    assert forty <= ten + 5, (ten, forty)
    assert ServicePage.objects.filter(code__startswith="LIC-2").count() == 80


def remove_committed_services(codes: list[str]) -> None:
    """Undo what worker threads committed outside the test's transaction: the services and every
    row they left in the feed and search tables, so later tests start from the same state."""
    from search.models import PendingIndexUpdate

    with transaction.atomic():
        for page in ServicePage.objects.filter(code__in=codes):
            page.delete()
        for model in (ChangeLog, Publication, PendingIndexUpdate):
            model.objects.filter(code__in=codes).delete()


@pytest.fixture
def concurrent_imports(postgres_db, bootstrapped, settings):
    """Run imports in two worker threads with connections of their own, started at the same moment.

    The workers commit for real, so they are kept out of the search queue, and every service they
    made is removed afterwards. Returns run(batches) -> errors raised in the workers."""
    import threading

    from django.db import connections

    settings.ELASTICSEARCH_URL = ""
    made: list[str] = []

    def in_own_connection(work, errors):
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 (returned to the test)
            errors.append(exc)
        finally:
            connections.close_all()

    def run(batches: list[list]) -> list[BaseException]:
        errors: list[BaseException] = []
        start = threading.Barrier(len(batches))
        made.extend(row.code for rows in batches for row in rows)

        def importer(rows):
            start.wait()
            service_import(rows=rows)

        threads = [threading.Thread(target=in_own_connection, args=(lambda r=r: importer(r), errors)) for r in batches]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return errors

    yield run
    cleanup_errors: list[BaseException] = []
    cleaner = threading.Thread(target=in_own_connection, args=(lambda: remove_committed_services(made), cleanup_errors))
    cleaner.start()
    cleaner.join()
    assert not cleanup_errors, cleanup_errors


@pytest.mark.postgres
def test_two_imports_into_one_department_at_once_both_land_in_a_sound_tree(concurrent_imports):
    """Two workers confirm imports into the same department page at the same moment: the second
    waits for the first (the department page is locked), and no tree path is given twice."""
    codes = [f"ENV-{n}" for n in range(9100, 9120)] + [f"ENV-{n}" for n in range(9200, 9220)]
    rows = [service_data(code=code, department="environment") for code in codes]

    errors = concurrent_imports([rows[:20], rows[20:]])

    assert not errors, errors
    environment = DepartmentPage.objects.get(department__code="environment", locale__language_code="ar")
    children = environment.get_children()
    assert set(children.values_list("slug", flat=True)) >= {c.lower() for c in codes}
    assert environment.numchild == children.count()
    paths = list(Page.objects.filter(depth=environment.depth + 1).values_list("path", flat=True))
    assert len(paths) == len(set(paths))
    assert all(not problems for problems in Page.find_problems())


@pytest.mark.postgres
def test_two_imports_creating_one_code_in_two_departments_make_one_service(concurrent_imports):
    """Imports take turns: the second finds the service the first created and moves it, instead
    of creating a second service with the same code."""
    errors = concurrent_imports(
        [[service_data(code="ENV-9300", department=d)] for d in ("environment", "public-health")]
    )

    assert not errors, errors
    languages = sorted(ServicePage.objects.filter(code="ENV-9300").values_list("locale__language_code", flat=True))
    assert languages == ["ar", "en"]


def test_rights_are_checked_for_an_inactive_superuser_too(bootstrapped, django_user_model):
    """An import queued by a superuser who is deactivated before the worker runs it writes nothing."""
    former = django_user_model.objects.create_superuser("former-admin", "former@example.com", "pw-former-1")
    former.is_active = False
    former.save()
    with pytest.raises(PermissionDenied):
        service_import(rows=[service_data(code="LIC-995")], user=former)
    assert not ServicePage.objects.filter(code="LIC-995").exists()


def test_a_batch_naming_a_code_twice_is_refused(admin_user):
    with pytest.raises(ValueError, match="LIC-996"):
        service_import(rows=[service_data(code="LIC-996"), service_data(code="LIC-996")], user=admin_user)
    assert not ServicePage.objects.filter(code="LIC-996").exists()


def test_overlapping_batches_leave_the_cycle_collector_as_they_found_it():
    import gc

    before = gc.get_threshold()
    with batch.fewer_collections():
        with batch.fewer_collections():  # e.g. service_upsert inside an import
            assert gc.get_threshold() == (50_000, 20, 100)
        assert gc.get_threshold() == (50_000, 20, 100)  # still the outer batch's
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
