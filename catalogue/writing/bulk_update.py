"""Updating many existing services at once (spreadsheet imports of changed rows).

Wagtail's own path for a changed row (``save_revision`` then ``revision.publish``, see
``catalogue.writing.one_by_one``) costs about a hundred queries per service, which held updates
to 10-15 rows per second. This module writes what that path writes, a chunk of 250 rows at a time:

- per changed page a new revision by the importing user, made the page's latest revision;
- a published row: the page row and its channels, fees, documents, steps and audiences as
  ``revision.publish`` saves them (kept child rows keep their ids, as modelcluster keeps them), the
  revision as the live revision, ``last_published_at``, ``has_unpublished_changes`` off, and the
  audit entries ``wagtail.edit``, ``wagtail.rename`` (title changed) and ``wagtail.publish``;
- a draft row: only the new latest revision, ``draft_title`` and ``has_unpublished_changes`` on,
  as ``save_revision`` does (the page's live content is untouched), and ``wagtail.edit``;
- Wagtail's ``page_published`` and ``published`` signals per published page, as
  ``revision.publish`` sends them (their listeners defer their work to the end of the batch);
- the admin search index and the reference index (rows still true are kept) once per chunk;
- the publication pipeline once per chunk, rendered from the pages in memory as bulk creation
  renders new services (a service with a page the chunk does not hold is read back instead).

Rows it cannot take safely are left to the one-by-one path (``UpdateOutcome.deferred``): see
``_unsafe`` and docs/spreadsheets.md.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from modelsearch.backends import get_search_backends
from wagtail.models import (
    COMMENTS_RELATION_NAME,
    Page,
    PageLogEntry,
    PagePermissionTester,
    ReferenceIndex,
    Revision,
    WorkflowState,
)
from wagtail.signals import page_published, published

from catalogue.models import ServiceDocument, ServicePage
from catalogue.representations import service_render_loaded
from catalogue.selectors import ServicePair, audience_ids
from catalogue.signals import SERVICE_RENDERS, _service_pages_reindex, services_publication_refresh
from catalogue.writing.bulk import admin_search_index, reference_row
from catalogue.writing.context import CatalogueContext
from catalogue.writing.rows import ServiceData, UpsertResult, service_apply, service_fingerprint
from common.bulk import rows_update
from publication.batch import batch_current

CHUNK = 250  # rows per round: up to 500 pages, their children and revisions in memory at once
# Foreign keys come from the loaded context and the database checks them (as in bulk creation).
_UNCHECKED_FIELDS = [f.name for f in ServicePage._meta.concrete_fields if f.is_relation]
# What revision.publish() sets on the page besides the content the revision holds.
_PUBLISH_FIELDS = [
    "live",
    "has_unpublished_changes",
    "expired",
    "latest_revision",
    "latest_revision_created_at",
    "live_revision",
    "last_published_at",
    "draft_title",
]
# What save_revision() sets on the page row of a draft.
_DRAFT_FIELDS = ["latest_revision", "latest_revision_created_at", "draft_title", "has_unpublished_changes"]
# The page row as a row of the spreadsheet sets it (page and service tables).
_CONTENT_FIELDS = ["title"] + [
    f.name for f in ServicePage._meta.local_concrete_fields if not f.primary_key and f.name != "page_ptr"
]


@dataclass
class UpdateOutcome:
    """What ``services_update_bulk`` did with the rows it was given."""

    results: dict[str, UpsertResult] = field(default_factory=dict)
    # Rows left to the one-by-one path (see ``_unsafe``).
    deferred: list[ServiceData] = field(default_factory=list)


@dataclass
class _Edit:
    """One page of a changed row, with what it was before the row was applied."""

    page: ServicePage
    publish: bool
    old_title: str
    # relation -> {child id: the values of its columns}, as loaded
    old_children: dict[str, dict[int, tuple]]
    old_audiences: list[int]
    revision: Revision | None = None


def _pages_of(row: ServiceData, pair: ServicePair) -> list[ServicePage]:
    # An empty title_en leaves an existing English page as it is (one_by_one.service_write).
    return [pair.ar] + ([pair.en] if row.en.title and pair.en is not None else [])


def _unsafe(row: ServiceData, pair: ServicePair, context: CatalogueContext, now) -> bool:
    """Whether a row needs Wagtail's own path: a move, a withdrawal, a missing translation, a
    publication of a draft or of a page never published, a locked, aliased or scheduled page."""
    if context.department_codes.get(pair.ar.department_id) != row.department:
        return True  # a move to another department
    if row.status not in ("published", "draft"):
        return True  # a withdrawal publishes then unpublishes
    if row.en.title and pair.en is None:
        return True  # the English translation is created
    for page in _pages_of(row, pair):
        if page.locked or page.alias_of_id or (page.go_live_at and page.go_live_at > now):
            return True
        if row.status == "published" and (not page.live or page.has_unpublished_changes):
            return True  # publishes someone's draft, or a page for the first time
    return False


def _blocked_ids(page_ids: list[int], types: dict) -> set[int]:
    """Pages Wagtail's path would treat specially: in a workflow (publishing cancels it), with
    comments (publishing saves their positions), or having aliases (publishing updates them)."""
    keys = [str(pk) for pk in page_ids]
    blocked = {
        int(pk)
        for pk in WorkflowState.objects.filter(
            Q(status=WorkflowState.STATUS_IN_PROGRESS) | Q(status=WorkflowState.STATUS_NEEDS_CHANGES),
            base_content_type__in=list(types.values()),
            object_id__in=keys,
        ).values_list("object_id", flat=True)
    }
    comments = getattr(ServicePage, COMMENTS_RELATION_NAME).rel.related_model
    blocked.update(comments.objects.filter(page_id__in=page_ids).values_list("page_id", flat=True))
    blocked.update(Page.objects.filter(alias_of_id__in=page_ids).values_list("alias_of_id", flat=True))
    return blocked


def _allowed(row: ServiceData, pages: list[ServicePage], user) -> bool:
    """The rights Wagtail checks for this edit (publishing), and the right to edit, from the user's
    cached page permissions (no query per page). A refusal leaves the row to Wagtail's path,
    which refuses it as an editor's edit would be refused."""
    if user is None:
        return True
    for page in pages:
        tester = PagePermissionTester(user, page)
        if row.status == "published" and not tester.can_publish():
            return False
        if not (
            user.is_active
            and (
                user.is_superuser
                or "change" in tester.permissions
                or ("add" in tester.permissions and page.owner_id == user.pk)
            )
        ):
            return False
    return True


_PREFETCHED = {"channel_links", "fees", "required_documents", "steps", COMMENTS_RELATION_NAME}


def _load_relations(pages: list[ServicePage], context: CatalogueContext) -> None:
    """Every child relation and many-to-many a revision serialises, in memory for the chunk (a
    query per relation instead of one per page and relation)."""
    # Pages built from a revision (a draft waiting) carry all of them already.
    rows = [page for page in pages if not getattr(page, "_cluster_related_objects", None)]
    if not rows:
        return
    ids = [page.pk for page in rows]
    audiences = {a.pk: a for a in context.audiences.values()}
    for page in rows:
        page.audiences = [audiences[pk] for pk in audience_ids(page)]
        setattr(page, COMMENTS_RELATION_NAME, [])  # pages with comments go one by one
    for relation in get_all_child_relations(ServicePage):
        name = relation.get_accessor_name()
        if name in _PREFETCHED:
            continue
        by_page = defaultdict(list)
        for child in relation.related_model.objects.filter(**{f"{relation.field.name}_id__in": ids}):
            by_page[getattr(child, relation.field.attname)].append(child)
        for page in rows:
            setattr(page, name, by_page[page.pk])
    for m2m in get_all_child_m2m_relations(ServicePage):
        if m2m.name == "audiences":
            continue
        through = m2m.remote_field.through
        source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        by_page = defaultdict(list)
        for page_id, target_id in through.objects.filter(**{f"{source}_id__in": ids}).values_list(
            f"{source}_id", f"{target}_id"
        ):
            by_page[page_id].append(target_id)
        targets = {t.pk: t for t in m2m.related_model.objects.filter(pk__in={t for v in by_page.values() for t in v})}
        for page in rows:
            setattr(page, m2m.name, [targets[pk] for pk in by_page[page.pk]])


_CHILDREN = ("channel_links", "fees", "required_documents", "steps")


def _child_fields(model) -> list:
    """The columns of a child row that publishing writes (all but its id and its page)."""
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name != "page"]


_CHILD_FIELDS = {name: _child_fields(getattr(ServicePage, name).rel.related_model) for name in _CHILDREN}


def _child_values(name: str, child) -> tuple:
    return tuple(getattr(child, f.attname) for f in _CHILD_FIELDS[name])


def _children_ids(page: ServicePage) -> dict[str, dict[int, tuple]]:
    return {name: {child.pk: _child_values(name, child) for child in getattr(page, name).all()} for name in _CHILDREN}


def services_update_bulk(
    *,
    rows: list[ServiceData],
    pairs: dict[str, ServicePair],
    context: CatalogueContext,
    user=None,
    progress: Callable[[int], None] | None = None,
) -> UpdateOutcome:
    """Apply ``rows`` (each naming an existing service, in ``pairs``) as Wagtail's edit path would.

    Must run inside a transaction and a batch (``deferred_indexing``): a failure part-way leaves
    nothing behind, and the publication pipeline renders each service once at the batch's end.
    """
    outcome = UpdateOutcome()
    if not rows:
        return outcome
    now = timezone.now()
    types = {
        "page": ContentType.objects.get_for_model(Page),
        "service": ContentType.objects.get_for_model(ServicePage),
    }
    candidates = []
    for row in rows:
        pair = pairs[row.code]
        if _unsafe(row, pair, context, now) or not _allowed(row, _pages_of(row, pair), user):
            outcome.deferred.append(row)
        else:
            candidates.append(row)
    for start in range(0, len(candidates), CHUNK):
        chunk = candidates[start : start + CHUNK]
        blocked = _blocked_ids([p.pk for row in chunk for p in _pages_of(row, pairs[row.code])], types)
        accepted = []
        for row in chunk:
            if any(p.pk in blocked for p in _pages_of(row, pairs[row.code])):
                outcome.deferred.append(row)
            else:
                accepted.append(row)
        _update_chunk(rows=accepted, pairs=pairs, context=context, user=user, types=types, outcome=outcome)
        if progress:
            progress(len(accepted))
    return outcome


def _update_chunk(*, rows, pairs, context: CatalogueContext, user, types, outcome: UpdateOutcome) -> None:
    _load_relations([p for row in rows for p in _pages_of(row, pairs[row.code])], context)
    edits: list[_Edit] = []
    for row in rows:
        result = outcome.results[row.code] = UpsertResult(code=row.code)
        for page in _pages_of(row, pairs[row.code]):
            lang = "en" if page is pairs[row.code].en else "ar"
            before = service_fingerprint(page)
            edit = _Edit(
                page=page,
                publish=row.status == "published",
                old_title=page.title,
                old_children=_children_ids(page),
                old_audiences=list(audience_ids(page)),
            )
            service_apply(page, data=row, texts=row.ar if lang == "ar" else row.en, context=context, lang=lang)
            if service_fingerprint(page) != before:
                edits.append(edit)
                result.changed = True
    if not edits:
        return
    now = timezone.now()
    for edit in edits:
        if edit.publish:
            # revision.publish() saves the page through full_clean(); these checks are its field checks.
            edit.page.clean_fields(exclude=_UNCHECKED_FIELDS)
        edit.revision = Revision(
            content_type=types["service"],
            base_content_type=types["page"],
            object_id=str(edit.page.pk),
            created_at=now,
            user=user,
            object_str=str(edit.page),
            content=edit.page.serializable_data(),
        )
    Revision.objects.bulk_create([edit.revision for edit in edits])

    drafts = [edit for edit in edits if not edit.publish]
    publishes = [edit for edit in edits if edit.publish]
    for edit in edits:
        page = edit.page
        page.latest_revision = edit.revision
        page.latest_revision_created_at = now
        page.draft_title = page.title
        if edit.publish:
            page.live = True
            page.has_unpublished_changes = False
            page.expired = False
            page.live_revision = edit.revision
            page.last_published_at = now
        else:
            page.has_unpublished_changes = True
    if drafts:
        # Only what save_revision() writes: the page's live content stays as it was.
        rows_update(ServicePage, [edit.page for edit in drafts], _DRAFT_FIELDS)
    if publishes:
        pages = [edit.page for edit in publishes]
        rows_update(ServicePage, pages, _CONTENT_FIELDS + _PUBLISH_FIELDS)
        _children_commit(publishes)
        Revision.objects.filter(
            base_content_type=types["page"],
            object_id__in=[str(page.pk) for page in pages],
            approved_go_live_at__isnull=False,
        ).update(approved_go_live_at=None)

    # The audit trail of save_revision(log_action=True) and revision.publish().
    entries = []
    for edit in edits:
        page = edit.page
        common = {
            "content_type": types["service"],
            "label": page.draft_title,
            "timestamp": now,
            "user": user,
            "page_id": page.pk,
            "revision": edit.revision,
        }
        entries.append(PageLogEntry(action="wagtail.edit", content_changed=True, uuid=uuid.uuid4(), **common))
        if edit.publish:
            data = {}
            if edit.old_title != str(page):
                data = {"title": {"old": edit.old_title, "new": str(page)}}
                entries.append(PageLogEntry(action="wagtail.rename", data=data, uuid=uuid.uuid4(), **common))
            entries.append(
                PageLogEntry(action="wagtail.publish", data=data, content_changed=True, uuid=uuid.uuid4(), **common)
            )
    PageLogEntry.objects.bulk_create(entries)

    batch = batch_current()
    if publishes:
        _index([edit.page for edit in publishes], types)
        # In a batch, the pipeline's rendering is done here from the pages in memory (below).
        with batch.handling(SERVICE_RENDERS) if batch is not None else nullcontext():
            for edit in publishes:
                # What revision.publish() announces: the pipeline, the page cache and the forms the
                # service lists listen to it (in a batch they defer their work to its end).
                page_published.send(sender=ServicePage, instance=edit.page, revision=edit.revision)
                published.send(sender=ServicePage, instance=edit.page, revision=edit.revision)
        if batch is not None:
            _publications_refresh([edit.page for edit in publishes], context)
    if drafts:
        # The page rows changed only in their draft fields: indexed from the database at the end
        # of the batch, as the post_save signal of save_revision() would have them.
        ids = [edit.page.pk for edit in drafts]
        if batch is not None:
            batch.defer(key="catalogue.service-pages-index", items=ids, fn=_service_pages_reindex)
        else:
            _service_pages_reindex(ids)


def _children_commit(publishes: list[_Edit]) -> None:
    """The child rows as modelcluster leaves them on publish: kept rows updated in place (those
    whose values changed), new ones inserted, the others deleted; audiences likewise."""
    for name in _CHILDREN:
        relation = getattr(ServicePage, name).rel
        model = relation.related_model
        kept, added, removed = [], [], []
        for edit in publishes:
            children = list(getattr(edit.page, name).all())
            now_ids = {child.pk for child in children if child.pk}
            removed += [pk for pk in edit.old_children[name] if pk not in now_ids]
            for child in children:
                child.page_id = edit.page.pk
                if child.pk:
                    kept.append((edit, child))
                else:
                    added.append(child)
        if removed:
            model.objects.filter(pk__in=removed).delete()
        # A kept row whose values did not change is left as it is: rewriting the same values
        # (as modelcluster's save of every child does) changes nothing anyone could see.
        kept = [child for edit, child in kept if edit.old_children[name].get(child.pk) != _child_values(name, child)]
        if kept:
            rows_update(model, kept, [f.name for f in _CHILD_FIELDS[name]])
        if added:
            model.objects.bulk_create(added)
    through = ServicePage.audiences.through
    stale, fresh = Q(pk__in=[]), []
    for edit in publishes:
        wanted = sorted(a.pk for a in edit.page.audiences.all())
        if wanted == sorted(edit.old_audiences):
            continue
        gone = set(edit.old_audiences) - set(wanted)
        if gone:
            stale |= Q(servicepage_id=edit.page.pk, audience_id__in=gone)
        fresh += [through(servicepage_id=edit.page.pk, audience_id=pk) for pk in wanted if pk not in edit.old_audiences]
        edit.page.audience_ids = wanted
    through.objects.filter(stale).delete()
    through.objects.bulk_create(fresh)


def _index(pages: list[ServicePage], types) -> None:
    """The admin search index and the reference index ("usage") of published pages, whose rows
    now hold what the pages in memory hold."""
    ids = [str(p.pk) for p in pages]
    # The SQLite admin search backend updates an existing entry with one UPDATE per page (its
    # add_items); without entries, it inserts them all at once. Its triggers keep the full-text
    # table in step with the deletion. The PostgreSQL backend upserts in one statement anyway.
    for backend in get_search_backends(with_auto_update=True):
        index = backend.get_index_for_model(ServicePage)
        if _sqlite_index(index):
            index.entries.filter(content_type_id=types["service"].pk, object_id__in=ids)._raw_delete(
                using=index.write_connection.alias
            )
    admin_search_index(pages)
    _references_refresh(pages, types)


def _references_refresh(pages: list[ServicePage], types) -> None:
    """The pages' reference-index rows as ``ReferenceIndex.create_or_update_for_object`` keeps
    them, for the chunk at once: rows still true stay (an edit of texts writes nothing), stale
    ones go, new ones are added."""
    found = {str(page.pk): set(ReferenceIndex._extract_references_from_object(page)) for page in pages}
    known_types = {types["service"].pk, types["page"].pk}
    existing: dict[str, set] = defaultdict(set)
    stale = []
    rows = ReferenceIndex.objects.filter(base_content_type=types["page"], object_id__in=list(found)).values_list(
        "id", "object_id", "content_type_id", "to_content_type_id", "to_object_id", "model_path", "content_path"
    )
    for pk, object_id, type_id, *reference in rows:
        reference = tuple(reference)
        existing[object_id].add(reference)
        # As Wagtail: a row recorded against a more specific type is not this page's to delete.
        if reference not in found[object_id] and type_id in known_types:
            stale.append(pk)
    if stale:
        ReferenceIndex.objects.filter(pk__in=stale).delete()
    ReferenceIndex.objects.bulk_create(
        [
            reference_row(page, reference, types)
            for page in pages
            for reference in found[str(page.pk)] - existing[str(page.pk)]
        ],
        ignore_conflicts=True,
    )


def _publications_refresh(pages: list[ServicePage], context: CatalogueContext) -> None:
    """The pipeline's rendering of the services just published, from the pages in memory (as
    bulk creation renders new services) rather than read back from the database: for each
    service whose every page is here. The others (an English page the row left as it was, in
    the database only) are rendered from the database at the end of the batch."""
    here = {page.pk for page in pages}
    locales = {locale.pk: locale for locale in context.locales.values()}
    elsewhere = {
        code
        for pk, code in ServicePage.objects.filter(code__in={page.code for page in pages}).values_list("pk", "code")
        if pk not in here
    }
    elsewhere |= {page.code for page in pages if page.locale_id not in locales}
    loaded = [page for page in pages if page.code not in elsewhere]
    # What rendering reads beyond the page and the child rows it holds: the locale, each link's
    # channel (from the loaded reference data) and each document's form with its files.
    channels = {channel.pk: channel for channel in context.channels.values()}
    documents = []
    for page in loaded:
        page.locale = locales[page.locale_id]
        for link in page.channel_links.all():
            link.channel = channels[link.channel_id]
        documents += [document for document in page.required_documents.all() if document.form_id is not None]
    forms = ServiceDocument._meta.get_field("form").related_model.objects.select_related("file_ar", "file_en")
    prefetch_related_objects(documents, Prefetch("form", queryset=forms))
    if loaded:
        services_publication_refresh(sorted({page.code for page in loaded}), rendered=service_render_loaded(loaded))
    if elsewhere:
        services_publication_refresh(sorted(elsewhere))


def _sqlite_index(index) -> bool:
    """Whether ``index`` is modelsearch's SQLite index (its module imports SQLite's full-text
    model, which exists only on SQLite: imported there only)."""
    connection = getattr(index, "write_connection", None)
    if connection is None or connection.vendor != "sqlite":
        return False
    from modelsearch.backends.database.sqlite.sqlite import SQLiteIndex

    return isinstance(index, SQLiteIndex)
