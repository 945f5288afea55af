"""Changed services written in bulk (imports) are the pages, revisions, audit log, indexes and
publications that Wagtail's own edit path (save_revision, revision.publish) writes, and rows that
path cannot take safely still go through Wagtail."""

from collections import Counter
from dataclasses import replace
from decimal import Decimal

import pytest

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail.models import GroupApprovalTask, Page, PageLogEntry, ReferenceIndex, Revision, Workflow, WorkflowTask
from wagtail.search.models import IndexEntry

from catalogue.models import ServiceChannel, ServiceDocument, ServiceFee, ServicePage, ServiceStep
from catalogue.selectors import service_pairs
from catalogue.services import deferred_indexing, service_import, service_write
from catalogue.writing import batch as batch_module
from catalogue.writing.context import catalogue_context_load
from publication.models import ChangeLog, Publication
from tests.catalogue.factories import service_data

pytestmark = pytest.mark.django_db

CHILD_MODELS = {
    "channel_links": (ServiceChannel, ("channel_id", "sort_order", "url", "phone")),
    "fees": (ServiceFee, ("label", "amount_aed", "exemptions", "sort_order")),
    "required_documents": (ServiceDocument, ("name", "form_id", "sort_order")),
    "steps": (ServiceStep, ("text", "sort_order")),
}
# Revision content that differs between two services by nature (ids, times, tree position).
VOLATILE = {
    "pk",
    "id",
    "page_ptr",
    "path",
    "translation_key",
    "latest_revision",
    "live_revision",
    "latest_revision_created_at",
    "last_published_at",
    "first_published_at",
    "page",
}


@pytest.fixture
def admin_user(bootstrapped, django_user_model):
    return django_user_model.objects.create_superuser("bulk-update-admin", "bu@example.com", "pw-bulk-update-1")


def mask(value, code: str):
    """The value with the service's code (and its lower-case address) replaced by CODE."""
    if isinstance(value, str):
        # PostgreSQL's search vectors split the code into words ("lic", "-701").
        return value.replace(code, "CODE").replace(code.lower(), "code").replace(code.split("-")[1], "N")
    if isinstance(value, dict):
        return {k: mask(v, code) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list | tuple):
        return [mask(v, code) for v in value]
    return value


def edited(data, *, status="published", retitle=True):
    """A row changing nearly everything a row controls: texts, channels (one kept, one dropped,
    one added), documents (one kept, one added), steps, fee, audiences and flags."""
    return replace(
        data,
        status=status,
        channels=["website", "kiosk"],
        audiences=["individuals", "elderly"],
        fee_aed=Decimal("275.5"),
        e_payment=False,
        ar=replace(
            data.ar,
            title=data.ar.title + (" معدلة" if retitle else ""),
            summary="ملخص جديد.",
            documents=[*data.ar.documents, "شهادة حسن السيرة"],
            steps=["خطوة واحدة"],
        ),
        en=replace(data.en, summary="A new summary.", documents=[*data.en.documents, "Good conduct certificate"]),
    )


def one_by_one(data, user):
    """Wagtail's edit path: save_revision, revision.publish, page_published."""
    with transaction.atomic(), deferred_indexing():
        pair = dict(service_pairs(codes=[data.code], for_write=True))[data.code]
        return service_write(data=data, pair=pair, context=catalogue_context_load(), user=user)


def pages(code):
    return {p.locale.language_code: p for p in ServicePage.objects.filter(code=code).select_related("locale")}


def child_ids(code) -> dict:
    return {
        (lang, relation): set(model.objects.filter(page=page).values_list("pk", flat=True))
        for lang, page in pages(code).items()
        for relation, (model, _keys) in CHILD_MODELS.items()
    }


def portrait(code: str, before_ids: dict) -> dict:
    """Everything a person or a program could notice about a service, with its code masked."""
    found = pages(code)
    result = {"langs": sorted(found)}
    for lang, page in found.items():
        revisions = list(
            Revision.objects.filter(base_content_type=page.get_base_content_type(), object_id=str(page.pk)).order_by(
                "created_at", "pk"
            )
        )
        result[lang] = {
            "flags": (page.live, page.has_unpublished_changes, page.expired, page.first_published_at is not None),
            "titles": mask((page.title, page.draft_title), code),
            "row": mask(
                {
                    f.name: getattr(page, f.attname)
                    for f in ServicePage._meta.local_concrete_fields
                    if f.name != "page_ptr"
                },
                code,
            ),
            "revisions": [
                (r.user_id, r.pk == page.latest_revision_id, r.pk == page.live_revision_id, r.approved_go_live_at)
                for r in revisions
            ],
            "contents": [mask(r.content, code) for r in revisions],
            "object_str": [mask(r.object_str, code) for r in revisions],
            # The rows in the database, and whether each kept its id (a document keeps its form).
            "children": {
                relation: [
                    (*values[:-1], values[-1] in before_ids.get((lang, relation), set()))
                    for values in model.objects.filter(page=page).order_by("sort_order").values_list(*keys, "pk")
                ]
                for relation, (model, keys) in CHILD_MODELS.items()
            },
            "audiences": sorted(page.audiences.values_list("code", flat=True)),
            "log": Counter(
                (action, user, revision == page.latest_revision_id, changed, mask(repr(data), code), mask(label, code))
                for action, user, revision, changed, data, label in PageLogEntry.objects.filter(page=page).values_list(
                    "action", "user_id", "revision_id", "content_changed", "data", "label"
                )
            ),
            "references": sorted(
                ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list("model_path", "to_object_id")
            ),
            # title_norm is relative to the whole index at the time of indexing.
            "admin_search": [
                mask({k: str(v) for k, v in entry.items() if k not in ("id", "object_id", "title_norm")}, code)
                for entry in IndexEntry.objects.filter(object_id=str(page.pk)).values()
            ],
            "url": mask(page.get_url(), code),
        }
    result["publications"] = {
        p.lang: mask({k: v for k, v in p.payload.items() if k not in ("updated_at", "translations")}, code)
        for p in Publication.objects.filter(type="service", code=code)
    }
    result["changes"] = Counter(ChangeLog.objects.filter(code=code).values_list("lang", "op"))
    return result


def differences(actual, expected, path="") -> list[str]:
    """Where two portraits differ, as readable paths."""
    if isinstance(actual, dict) and isinstance(expected, dict):
        found = []
        for key in sorted(set(actual) | set(expected), key=str):
            found += differences(actual.get(key), expected.get(key), f"{path}/{key}")
        return found
    return [] if actual == expected else [f"{path}: {actual!r} != {expected!r}"]


@pytest.fixture
def wagtail_path_calls(monkeypatch):
    """The codes the import sent through Wagtail's one-by-one path."""
    calls = []
    original = batch_module.service_write

    def counting(*, data, **kwargs):
        calls.append(data.code)
        return original(data=data, **kwargs)

    monkeypatch.setattr(batch_module, "service_write", counting)
    return calls


def twin_services(user, *, status="published", codes=("LIC-701", "LIC-702")):
    for code in codes:
        service_import(rows=[service_data(code=code, status=status)], user=user)
    return [service_data(code=code) for code in codes]


@pytest.mark.parametrize(
    ("start", "edit", "retitle"),
    [
        ("published", "published", True),  # a full edit with a new title (wagtail.rename)
        ("published", "published", False),
        ("published", "draft", True),  # a draft over a live page: the live content stays
        ("draft", "draft", True),  # a second draft of a service never published
    ],
)
def test_bulk_and_one_by_one_update_the_same_service(admin_user, wagtail_path_calls, start, edit, retitle):
    wagtail, fast = twin_services(admin_user, status=start)
    before = child_ids(wagtail.code)
    before_fast = child_ids(fast.code)

    result_wagtail = one_by_one(edited(wagtail, status=edit, retitle=retitle), admin_user)
    (result_fast,) = service_import(rows=[edited(fast, status=edit, retitle=retitle)], user=admin_user)

    assert wagtail_path_calls == []  # the second went the bulk way
    assert (
        (result_fast.created, result_fast.changed)
        == (result_wagtail.created, result_wagtail.changed)
        == (
            False,
            True,
        )
    )
    expected, actual = portrait(wagtail.code, before), portrait(fast.code, before_fast)
    found = differences(actual, expected)
    assert not found, "\n".join(found)
    arabic = pages(fast.code)["ar"]
    assert arabic.has_unpublished_changes is (edit == "draft")
    if edit == "draft" and start == "published":
        # The public still sees the published summary, the editor the draft's.
        assert arabic.summary == service_data(code=fast.code).ar.summary
        assert arabic.get_latest_revision_as_object().summary == "ملخص جديد."
        assert Publication.objects.get(type="service", code=fast.code, lang="ar").payload["summary"] != "ملخص جديد."
    if edit == "published":
        assert Publication.objects.get(type="service", code=fast.code, lang="en").payload["summary"] == "A new summary."
        assert all(not problems for problems in Page.find_problems())


def test_an_unchanged_row_writes_nothing(admin_user, wagtail_path_calls):
    (data,) = twin_services(admin_user, codes=("LIC-703",))
    counts = (Revision.objects.count(), PageLogEntry.objects.count(), ChangeLog.objects.count())
    (result,) = service_import(rows=[data], user=admin_user)
    assert not result.changed
    assert (Revision.objects.count(), PageLogEntry.objects.count(), ChangeLog.objects.count()) == counts
    assert wagtail_path_calls == []


def test_wagtail_keeps_working_on_a_bulk_updated_service(admin_user, client):
    (data,) = twin_services(admin_user, codes=("LIC-704",))
    service_import(rows=[edited(data)], user=admin_user)
    arabic = pages("LIC-704")["ar"]

    client.force_login(admin_user)
    assert client.get(f"/admin/pages/{arabic.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{arabic.pk}/history/").status_code == 200
    response = client.get(arabic.get_url())
    assert response.status_code == 200 and "ملخص جديد." in response.content.decode()

    # Reverting to the first revision through Wagtail brings the old content back.
    first = arabic.revisions.order_by("created_at", "pk").first()
    first.publish(user=admin_user)
    assert Publication.objects.get(type="service", code="LIC-704", lang="ar").payload["summary"] == data.ar.summary


def test_rows_the_bulk_path_cannot_take_go_through_wagtail(admin_user, wagtail_path_calls, django_user_model):
    codes = [f"LIC-71{i}" for i in range(6)]
    rows = twin_services(admin_user, codes=codes)
    # LIC-710: moves to another department; LIC-711: withdrawn; LIC-712: in a workflow;
    # LIC-713: locked; LIC-714: its English page was deleted; LIC-715: an ordinary edit.
    workflow = Workflow.objects.create(name="Bulk update test")
    WorkflowTask.objects.create(workflow=workflow, task=GroupApprovalTask.objects.create(name="Approve"), sort_order=0)
    workflow.start(pages("LIC-712")["ar"], admin_user)
    Page.objects.filter(pk=pages("LIC-713")["ar"].pk).update(locked=True, locked_by=admin_user)
    pages("LIC-714")["en"].delete()

    changes = [
        replace(edited(rows[0]), department="leasing"),
        edited(rows[1], status="withdrawn"),
        edited(rows[2]),
        edited(rows[3]),
        edited(rows[4]),
        edited(rows[5]),
    ]
    results = service_import(rows=changes, user=admin_user)

    assert sorted(wagtail_path_calls) == codes[:5]
    assert all(result.changed for result in results)
    assert pages("LIC-710")["ar"].get_parent().specific.department.code == "leasing"
    assert not pages("LIC-711")["ar"].live and not Publication.objects.filter(code="LIC-711").exists()
    assert pages("LIC-714")["en"].live
    assert pages("LIC-715")["ar"].summary == "ملخص جديد."
    assert all(not problems for problems in Page.find_problems())


def test_a_publication_the_user_may_not_make_is_refused_as_wagtail_refuses_it(bootstrapped, django_user_model):
    from django.contrib.auth.models import Group
    from django.core.exceptions import PermissionDenied

    admin = django_user_model.objects.create_superuser("bu-admin-2", "bu2@example.com", "pw-bulk-update-2")
    (data,) = twin_services(admin, codes=("LIC-720",))
    editor = django_user_model.objects.create_user("bu-licensing-editor", password="pw-bu-editor-1")
    editor.groups.add(Group.objects.get(name="Department editors: licensing"))
    revisions = Revision.objects.count()

    with pytest.raises(PermissionDenied):
        service_import(rows=[edited(data)], user=editor)
    assert Revision.objects.count() == revisions
    assert pages("LIC-720")["ar"].summary == data.ar.summary


def test_queries_do_not_grow_with_the_number_of_changed_services(admin_user):
    """Every query of a bulk update, the listeners of page_published included: media looks up the
    forms of all the batch's services at once, and the database search backend's entries are
    written together."""

    def update_queries(codes):
        service_import(rows=[service_data(code=code) for code in codes], user=admin_user)
        with CaptureQueriesContext(connection) as captured:
            results = service_import(rows=[edited(service_data(code=code)) for code in codes], user=admin_user)
        assert all(result.changed for result in results)
        return len(captured)

    ten = update_queries([f"LIC-{n}" for n in range(3000, 3010)])
    forty = update_queries([f"LIC-{n}" for n in range(4000, 4040)])
    # A few more statements where SQLite splits a bulk write into batches of its own.
    assert forty <= ten + 10, (ten, forty)


def test_the_feed_rendered_from_memory_is_what_the_database_gives(admin_user, settings, tmp_path):
    """The bulk update renders the services it publishes from the pages in memory: rendering them
    again from the database logs no change for any feed reader, with a downloadable form, a
    channel link's own address and phone, and an English page the row left as it was."""
    import datetime as dt

    from catalogue.services import ServiceTexts
    from media.services import document_create, form_template_publish
    from publication.services import publication_refresh_many
    from tests.media.conftest import pdf_bytes

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    form = form_template_publish(
        code="lease-contract",
        title_ar="عقد الإيجار الموحد",
        title_en="Standard lease contract",
        summary_ar="نموذج عقد الإيجار",
        summary_en="The lease form",
        file_ar=document_create(title="عقد", filename="عقد.pdf", data=pdf_bytes(), language="ar"),
        file_en=None,
        version="1.0",
        effective_date=dt.date(2025, 1, 1),
    )
    with_form, without_english = twin_services(admin_user, codes=("LIC-730", "LIC-731"))
    ServiceDocument.objects.filter(page__code="LIC-730", sort_order=0).update(form=form)
    ServiceChannel.objects.filter(page__code="LIC-730", channel__code="website").update(
        url="https://example.ae/apply", phone="800 123"
    )
    publication_refresh_many(type_name="service", codes=["LIC-730"])

    service_import(rows=[edited(with_form), replace(edited(without_english), en=ServiceTexts())], user=admin_user)

    arabic = Publication.objects.get(type="service", code="LIC-730", lang="ar").payload
    assert arabic["summary"] == "ملخص جديد." and [f["code"] for f in arabic["forms"]] == ["lease-contract"]
    assert [c["url"] for c in arabic["channels"]] == ["https://example.ae/apply", None]
    assert Publication.objects.get(type="service", code="LIC-731", lang="ar").payload["summary"] == "ملخص جديد."
    assert publication_refresh_many(type_name="service", codes=["LIC-730", "LIC-731"]) == []
