"""Creating many new services at once (spreadsheet imports of hundreds or thousands of rows).

Creating one service through Wagtail's ``add_child`` / ``save_revision`` / ``revision.publish``
costs about 200 queries for the Arabic page and its translation, which held imports to a few rows
per second. This module writes the very same rows in a few queries per 250 services:

- pages in the page tree (paths, depth, ``numchild`` and URL paths as treebeard and Wagtail set them),
- their channels, fees, documents, steps and audiences,
- one revision per page by the importing user, as the page's latest (and, when published, live)
  revision, and the audit log entries of Wagtail's own path (create, edit, publish),
- the publication pipeline (feed, change log, search, webhooks) and the admin search index and
  reference index, once per batch.

What it does not do is send Wagtail's ``page_published`` signal per page: everything in this project
that listens to it for services is covered above (see docs/spreadsheets.md). Rows that this path
cannot take safely (a slug already used under the department page, a code already carried by some
page) go through ``catalogue.writing.one_by_one.service_write`` instead, which reports the problem as before.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from modelsearch.backends import get_search_backends
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from catalogue.models import ServiceChannel, ServiceDocument, ServiceFee, ServicePage, ServiceStep
from catalogue.representations import service_render_loaded
from catalogue.signals import services_publication_refresh
from catalogue.writing.context import CatalogueContext, CatalogueSetupError
from catalogue.writing.rows import service_apply

CHUNK = 250  # services per round: 500 pages, their children and revisions in memory at once
# Foreign keys come from the loaded context and the database checks them, rather than a query per page.
_UNCHECKED_FIELDS = [f.name for f in ServicePage._meta.concrete_fields if f.is_relation]


@dataclass
class _Parent:
    """A department page receiving new children, with its tree position tracked in memory."""

    page: Page
    last_step: int
    slugs: set[str]
    added: int = 0


@dataclass
class BulkOutcome:
    """What ``services_create_bulk`` did with the rows it was given."""

    created: list = field(default_factory=list)
    # Rows this path left to the one-by-one path (a conflict that path reports properly).
    deferred: list = field(default_factory=list)


def _parents(context: CatalogueContext, departments: set[str], slugs: set[str]) -> dict[tuple[str, str], _Parent]:
    """The department pages the rows go under, locked, with the next free tree step and which of
    ``slugs`` (the rows' own) their children already use: only those are read, not every
    sibling's (10,000 per department in a national catalogue)."""
    parents = {}
    for (department, lang), page in sorted(context.department_pages.items()):
        if department not in departments:
            continue
        # Locking the department page first makes a second import into it wait here, rather than
        # both computing the same next tree paths (one of them would then fail on the unique path).
        fresh = Page.objects.select_for_update().only("path", "depth", "url_path", "numchild").get(pk=page.pk)
        children = Page.objects.filter(path__startswith=page.path, depth=page.depth + 1)
        used = set(children.filter(slug__in=slugs).values_list("slug", flat=True))
        last = children.order_by("-path").values_list("path", flat=True).first()
        last_step = int(last[-Page.steplen :], len(Page.alphabet)) if last else 0
        parents[(department, lang)] = _Parent(page=fresh, last_step=last_step, slugs=used)
    return parents


def _check_permissions(*, rows, parents: dict, user) -> None:
    """The checks ``revision.publish(user=...)`` makes on Wagtail's path, made once per department page
    (Wagtail's checker also refuses an inactive user, superuser or not)."""
    if user is None:
        return
    publishing = {row.department for row in rows if row.status == "published"}
    for (department, _lang), parent in parents.items():
        permissions = parent.page.permissions_for_user(user)
        if not permissions.can_add_subpage() or (department in publishing and not permissions.can_publish_subpage()):
            raise PermissionDenied(
                _("You may not create or publish services in the department %(code)s.") % {"code": department}
            )


def services_create_bulk(
    *,
    rows: list,
    context: CatalogueContext,
    user=None,
    progress: Callable[[int], None] | None = None,
) -> BulkOutcome:
    """Create the services of ``rows`` (none of which exists yet) with their English translations.

    Must run inside a transaction: a failure part-way leaves nothing behind.
    """
    outcome = BulkOutcome()
    if not rows:
        return outcome
    taken = set(ServicePage.objects.filter(code__in=[row.code for row in rows]).values_list("code", flat=True))
    parents = _parents(context, {row.department for row in rows}, {row.code.lower() for row in rows})
    _check_permissions(rows=rows, parents=parents, user=user)
    accepted = []
    for row in rows:
        slug = row.code.lower()
        langs = ("ar", "en") if row.en.title else ("ar",)
        for lang in langs:
            if (row.department, lang) not in parents:
                raise CatalogueSetupError(
                    _("The department page for %(code)s is missing; run bootstrap.") % {"code": row.department}
                )
        if row.code in taken or any(slug in parents[(row.department, lang)].slugs for lang in langs):
            outcome.deferred.append(row)
            continue
        for lang in langs:
            parents[(row.department, lang)].slugs.add(slug)
        accepted.append(row)

    types = {
        "page": ContentType.objects.get_for_model(Page),
        "service": ContentType.objects.get_for_model(ServicePage),
    }
    for start in range(0, len(accepted), CHUNK):
        chunk = accepted[start : start + CHUNK]
        outcome.created += chunk
        _create_chunk(rows=chunk, context=context, parents=parents, user=user, types=types)
        if progress:
            progress(len(chunk))
    for parent in parents.values():
        if parent.added:
            Page.objects.filter(pk=parent.page.pk).update(numchild=F("numchild") + parent.added)
    # The context's department pages are used again by the one-by-one path.
    for page in context.department_pages.values():
        page.refresh_from_db(fields=["numchild"])
    return outcome


def _new_page(*, row, lang: str, parent: _Parent, context, user, now, source=None) -> ServicePage:
    page = ServicePage(slug=row.code.lower(), locale=context.locales[lang], owner=user)
    page.translation_key = source.translation_key if source is not None else uuid.uuid4()
    service_apply(page, data=row, texts=row.ar if lang == "ar" else row.en, context=context, lang=lang)
    parent.last_step += 1
    parent.added += 1
    page.depth = parent.page.depth + 1
    page.path = Page._get_path(parent.page.path, page.depth, parent.last_step)
    if len(page.path) != page.depth * Page.steplen:
        raise ValueError(f"No room for more children under page {parent.page.pk}")
    page.numchild = 0
    page.url_path = f"{parent.page.url_path}{page.slug}/"
    published = row.status == "published"
    page.live = published
    page.has_unpublished_changes = not published
    page.first_published_at = page.last_published_at = now if published else None
    page.latest_revision_created_at = now
    page.draft_title = page.title
    # Field values (lengths, choices, the code's format) checked as full_clean() would, without
    # its per-page queries: foreign keys come from the loaded context, uniqueness was checked above.
    page.clean_fields(exclude=_UNCHECKED_FIELDS)
    # Relations the row leaves empty (related services, comments) are set empty in memory, or
    # serialising the revision would ask the database for each of them, page by page.
    for relation in get_all_child_relations(page):
        if relation.get_accessor_name() not in page._cluster_related_objects:
            setattr(page, relation.get_accessor_name(), [])
    for m2m in get_all_child_m2m_relations(page):
        if m2m.name not in page._cluster_related_objects:
            setattr(page, m2m.name, [])
    return page


def _create_chunk(*, rows, context: CatalogueContext, parents, user, types) -> None:
    now = timezone.now()
    pages: list[ServicePage] = []
    published: set[int] = set()  # positions in ``pages``
    for row in rows:
        ar = _new_page(row=row, lang="ar", parent=parents[(row.department, "ar")], context=context, user=user, now=now)
        pages.append(ar)
        if row.en.title:
            pages.append(
                _new_page(
                    row=row,
                    lang="en",
                    parent=parents[(row.department, "en")],
                    context=context,
                    user=user,
                    now=now,
                    source=ar,
                )
            )
        if row.status == "published":
            published.update(range(len(pages) - (2 if row.en.title else 1), len(pages)))

    # Multi-table inheritance: the wagtailcore_page rows first (their ids come back), then the
    # service rows that share those ids. Django's bulk_create refuses inherited models, so the
    # second insert is the manager's own _insert, as bulk_create itself does for one table.
    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
    local_fields = [f for f in ServicePage._meta.local_concrete_fields]
    ServicePage._base_manager._insert(pages, fields=local_fields, using=connection.alias)
    for page in pages:
        page._state.adding = False
        page._state.db = connection.alias

    children = {ServiceChannel: [], ServiceFee: [], ServiceDocument: [], ServiceStep: []}
    through = ServicePage.audiences.through
    audience_rows = []
    for page in pages:
        for model, relation in (
            (ServiceChannel, "channel_links"),
            (ServiceFee, "fees"),
            (ServiceDocument, "required_documents"),
            (ServiceStep, "steps"),
        ):
            for child in getattr(page, relation).all():
                child.page_id = page.pk
                children[model].append(child)
        audience_rows += [through(servicepage_id=page.pk, audience_id=a.pk) for a in page.audiences.all()]
    for model, objects in children.items():
        model.objects.bulk_create(objects)
    through.objects.bulk_create(audience_rows)

    revisions = [
        Revision(
            content_type=types["service"],
            base_content_type=types["page"],
            object_id=str(page.pk),
            created_at=now,
            user=user,
            object_str=str(page),
            content=page.serializable_data(),
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions)
    for position, (page, revision) in enumerate(zip(pages, revisions, strict=True)):
        page.latest_revision = revision
        page.live_revision = revision if position in published else None
    # Two set-based UPDATEs (each page's only revision) instead of bulk_update's CASE per row.
    ids = [page.pk for page in pages]
    Page.objects.filter(pk__in=ids).update(
        latest_revision_id=Subquery(
            Revision.objects.filter(base_content_type=types["page"], object_id=Cast(OuterRef("pk"), CharField()))
            .order_by("-pk")
            .values("pk")[:1]
        )
    )
    Page.objects.filter(pk__in=[pages[i].pk for i in published]).update(live_revision_id=F("latest_revision_id"))

    # The audit trail Wagtail's path writes: created, edited (the revision), published.
    entries = []
    for position, (page, revision) in enumerate(zip(pages, revisions, strict=True)):
        action_id = uuid.uuid4()
        common = {"content_type": types["service"], "label": page.title, "timestamp": now, "user": user}
        common.update(uuid=action_id, page_id=page.pk)
        entries.append(PageLogEntry(action="wagtail.create", content_changed=True, **common))
        entries.append(PageLogEntry(action="wagtail.edit", revision=revision, content_changed=True, **common))
        if position in published:
            entries.append(PageLogEntry(action="wagtail.publish", revision=revision, content_changed=True, **common))
    PageLogEntry.objects.bulk_create(entries)

    service_pages_index(pages, types)
    # The pipeline renders from the pages in memory rather than reading them all back.
    live = [page for page in pages if page.live]
    if live:
        rendered = service_render_loaded(live, url_for=lambda page: _url(page, context))
        services_publication_refresh(list(rendered), rendered=rendered)


def _url(page: ServicePage, context: CatalogueContext) -> str | None:
    """A new page's URL from its department page's (what Page.get_url gives, without its routing
    work per page; tests/catalogue/test_bulk_create.py compares both)."""
    key = (context.department_codes[page.department_id], page.locale.language_code)
    if key not in context.department_urls:
        context.department_urls[key] = context.department_pages[key].get_url()
    parent_url = context.department_urls[key]
    return f"{parent_url}{page.slug}/" if parent_url else None


def service_pages_index(pages: list[ServicePage], types) -> None:
    """The admin search index (Wagtail's search backends) and the reference index ("usage")."""
    admin_search_index(pages)
    references = []
    for page in pages:
        # New pages have no references yet, so the rows are only added; see
        # ReferenceIndex.create_or_update_for_object, which this mirrors.
        for reference in set(ReferenceIndex._extract_references_from_object(page)):
            references.append(reference_row(page, reference, types))
    ReferenceIndex.objects.bulk_create(references, ignore_conflicts=True)


def admin_search_index(pages: list[ServicePage]) -> None:
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(ServicePage, pages)


def reference_row(page: ServicePage, reference: tuple, types) -> ReferenceIndex:
    """A reference-index row of ``page`` for one of ``ReferenceIndex._extract_references_from_object``'s records."""
    to_type_id, to_object_id, model_path, content_path = reference
    return ReferenceIndex(
        content_type=types["service"],
        base_content_type=types["page"],
        object_id=page.pk,
        to_content_type_id=to_type_id,
        to_object_id=to_object_id,
        model_path=model_path,
        content_path=content_path,
        content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
    )
