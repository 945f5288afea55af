"""The publication pipeline on its own, with a made-up type: what it writes, logs and announces."""

import pytest

from django.db import transaction

from publication import registry
from publication.models import ChangeLog, Publication
from publication.registry import PublishableType, Rendered, register_type
from publication.selectors import publication_payloads
from publication.services import publication_rebuild, publication_refresh, publication_refresh_many
from publication.signals import publication_committed

pytestmark = pytest.mark.django_db(transaction=True)

# What is "live" for the made-up type: code -> {lang: title}.
LIVE: dict[str, dict[str, str]] = {}


def render(code: str) -> dict[str, Rendered]:
    return {
        lang: Rendered(payload={"code": code, "lang": lang, "title": title}, department="licensing", search_text=title)
        for lang, title in LIVE.get(code, {}).items()
    }


@pytest.fixture(autouse=True)
def notice_type():
    """Register the made-up type "notice" for one test, then restore the registry as it was."""
    saved = dict(registry._types)
    LIVE.clear()
    register_type(
        PublishableType(
            name="notice",
            render=render,
            absence_reason=lambda code, lang: "unpublished",
            live_codes=lambda: list(LIVE),
        )
    )
    saved_enrichers = {name: dict(found) for name, found in registry._enrichers.items()}
    yield
    registry._types.clear()
    registry._types.update(saved)
    registry._enrichers.clear()
    registry._enrichers.update(saved_enrichers)
    ChangeLog.objects.filter(type="notice").delete()
    Publication.objects.filter(type="notice").delete()


@pytest.fixture
def announcements():
    received = []

    def receive(sender, changes, **kwargs):
        received.append((sender, [(c.code, c.lang, c.op) for c in changes]))

    publication_committed.connect(receive, dispatch_uid="test_pipeline_announcements")
    yield received
    publication_committed.disconnect(dispatch_uid="test_pipeline_announcements")


def log() -> list[tuple]:
    return list(ChangeLog.objects.filter(type="notice").values_list("code", "lang", "op", "reason"))


def test_a_live_item_is_stored_and_logged_once_per_language():
    LIVE["n-1"] = {"ar": "إشعار", "en": "Notice"}
    changes = publication_refresh(type_name="notice", code="n-1")
    assert [(c.lang, c.op) for c in changes] == [("ar", "upsert"), ("en", "upsert")]
    stored = Publication.objects.get(type="notice", code="n-1", lang="en")
    assert stored.payload["title"] == "Notice" and stored.payload["updated_at"].endswith("Z")
    assert stored.department == "licensing" and stored.search_text == "Notice"
    assert [p.code for p in publication_payloads(type_name="notice", lang="ar")] == ["n-1"]


def test_rendering_the_same_content_again_logs_nothing():
    LIVE["n-1"] = {"ar": "إشعار", "en": "Notice"}
    publication_refresh(type_name="notice", code="n-1")
    assert publication_refresh(type_name="notice", code="n-1") == []
    assert len(log()) == 2


def test_an_item_that_leaves_the_public_is_removed_with_its_reason():
    LIVE["n-1"] = {"ar": "إشعار", "en": "Notice"}
    publication_refresh(type_name="notice", code="n-1")
    del LIVE["n-1"]["en"]
    publication_refresh(type_name="notice", code="n-1")
    assert not Publication.objects.filter(type="notice", code="n-1", lang="en").exists()
    assert log()[-1] == ("n-1", "en", "delete", "unpublished")
    LIVE.pop("n-1")
    publication_refresh(type_name="notice", code="n-1", reason="deleted")
    assert log()[-1] == ("n-1", "ar", "delete", "deleted")


def test_earlier_upserts_lose_their_content_when_the_item_changes():
    LIVE["n-1"] = {"ar": "قديم", "en": "Old"}
    publication_refresh(type_name="notice", code="n-1")
    LIVE["n-1"] = {"ar": "جديد", "en": "New"}
    publication_refresh(type_name="notice", code="n-1")
    payloads = list(
        ChangeLog.objects.filter(type="notice", lang="en").order_by("seq").values_list("payload", flat=True)
    )
    assert payloads[0] is None
    assert payloads[1]["title"] == "New"


def test_nothing_is_written_or_announced_when_the_edit_rolls_back(announcements):
    LIVE["n-1"] = {"ar": "إشعار", "en": "Notice"}
    with pytest.raises(RuntimeError), transaction.atomic():
        publication_refresh(type_name="notice", code="n-1")
        raise RuntimeError("the editor's save failed")
    assert not Publication.objects.filter(type="notice").exists()
    assert log() == []
    assert announcements == []


def test_one_transaction_is_announced_once_after_commit(announcements):
    LIVE["n-1"] = {"ar": "أ", "en": "A"}
    LIVE["n-2"] = {"ar": "ب", "en": "B"}
    with transaction.atomic():
        publication_refresh(type_name="notice", code="n-1")
        publication_refresh(type_name="notice", code="n-2")
        assert announcements == []  # not before commit
    assert announcements == [
        ("notice", [("n-1", "ar", "upsert"), ("n-1", "en", "upsert"), ("n-2", "ar", "upsert"), ("n-2", "en", "upsert")])
    ]


def test_a_batch_logs_in_code_order_and_rebuild_removes_stale_items():
    LIVE.update({f"n-{i}": {"ar": f"ع{i}", "en": f"E{i}"} for i in (3, 1, 2)})
    changes = publication_refresh_many(type_name="notice", codes=["n-3", "n-1", "n-2"])
    assert [c.code for c in changes] == ["n-1", "n-1", "n-2", "n-2", "n-3", "n-3"]
    LIVE.pop("n-2")
    assert publication_rebuild(type_name="notice") == 2  # n-2 leaves in both languages
    assert sorted(Publication.objects.filter(type="notice").values_list("code", flat=True).distinct()) == [
        "n-1",
        "n-3",
    ]


def test_the_registry_lists_feed_and_search_types_from_registrations():
    names = [t.name for t in registry.feed_types()]
    assert names[:2] == ["service", "department"]
    assert "notice" not in names  # registered without a feed endpoint
    assert {"service", "news", "form"} <= {t.name for t in registry.searchable_types()}


def test_an_enricher_adds_a_later_apps_field_and_a_change_of_it_is_logged():
    # A later app (a live status) adds a field to another app's payloads; when only that field
    # changes, the item is re-published and sync sees it.
    badge = {"n1": "open"}

    def add_badge(rendered_by_code):
        for code, by_lang in rendered_by_code.items():
            for item in by_lang.values():
                item.payload["badge"] = badge.get(code)

    registry.register_enricher("notice", "badge", add_badge)
    LIVE["n1"] = {"ar": "إشعار", "en": "Notice"}
    publication_refresh(type_name="notice", code="n1")
    assert Publication.objects.get(type="notice", code="n1", lang="en").payload["badge"] == "open"

    badge["n1"] = "closed"
    changes = publication_refresh(type_name="notice", code="n1")
    assert [(c.lang, c.payload["badge"]) for c in changes] == [("ar", "closed"), ("en", "closed")]
    # Registering under the same key replaces rather than adds.
    registry.register_enricher("notice", "badge", add_badge)
    assert len(registry.enrichers("notice")) == 1
