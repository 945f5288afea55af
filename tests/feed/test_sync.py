"""Delta sync: a client that follows the cursors and applies the changes ends with the live content."""

import json
import random
import threading

import pytest

from django.db import connection, transaction

from wagtail.models import Page, PageViewRestriction

from catalogue.models import Department, DepartmentPage, ServicePage
from catalogue.services import service_upsert
from publication.models import ChangeLog
from publication.registry import registered_types
from publication.services import items_render, publication_refresh
from tests.feed.conftest import service_data

FEED = "/api/feed/v1"
REASONS = {"unpublished", "withdrawn", "deleted", "expired"}


class SyncClient:
    """What an app does: follow /sync from its cursor and apply each change in order."""

    def __init__(self, client):
        self.client = client
        self.cursor = None
        self.state: dict[tuple[str, str, str], dict] = {}
        self.reasons: list[str] = []

    def pull(self, limit: int = 7) -> None:
        while True:
            query = f"?limit={limit}" + (f"&cursor={self.cursor}" if self.cursor else "")
            response = self.client.get(f"{FEED}/sync{query}")
            assert response.status_code == 200, response.content
            body = response.json()
            for change in body["changes"]:
                key = (change["type"], change["code"], change["lang"])
                if change["op"] == "upsert":
                    self.state[key] = change["item"]
                else:
                    assert change["reason"] in REASONS
                    self.reasons.append(change["reason"])
                    self.state.pop(key, None)
            self.cursor = body["next_cursor"]
            if not body["has_more"]:
                return


def live_content() -> dict[tuple[str, str, str], dict]:
    """Rendered afresh from the models, bypassing the pipeline's stored rows."""
    live = {}
    for name, publishable in registered_types().items():
        codes = set(publishable.live_codes()) | set(
            ServicePage.objects.values_list("code", flat=True) if name == "service" else []
        )
        for code, by_lang in items_render(type_name=name, codes=sorted(codes)).items():
            for lang, rendered in by_lang.items():
                live[(name, code, lang)] = rendered.payload
    return live


def without_time(state: dict) -> dict:
    return {key: {k: v for k, v in item.items() if k != "updated_at"} for key, item in state.items()}


def replayed_upserts_are_public_now(client) -> int:
    """A new app syncing from the start is only ever handed the current public version of an item:
    no earlier, restricted or unpublished text. Returns the number of upserts it received."""
    expected = without_time(live_content())
    fresh = SyncClient(client)
    upserts = 0
    while True:
        query = "?limit=50" + (f"&cursor={fresh.cursor}" if fresh.cursor else "")
        body = client.get(f"{FEED}/sync{query}").json()
        for change in body["changes"]:
            if change["op"] == "upsert":
                key = (change["type"], change["code"], change["lang"])
                assert key in expected, f"{key} is not public now but sync still hands out its content"
                assert without_time({key: change["item"]})[key] == expected[key], f"stale content of {key}"
                upserts += 1
        fresh.cursor = body["next_cursor"]
        if not body["has_more"]:
            return upserts


def _page(code: str, lang: str = "ar") -> ServicePage | None:
    return ServicePage.objects.filter(code=code, locale__language_code=lang).first()


@pytest.mark.parametrize("seed", [7, 2026])
def test_following_sync_reproduces_the_live_content(client, bootstrapped, seed, django_capture_on_commit_callbacks):
    rng = random.Random(seed)
    app = SyncClient(client)
    departments = ["licensing", "leasing", "public-health"]
    prefixes = {"licensing": "LIC", "leasing": "LEA", "public-health": "PH"}
    known: dict[str, str] = {}  # code -> department, for services that exist
    counter = 0

    def new_code(department):
        nonlocal counter
        counter += 1
        return f"{prefixes[department]}-9{counter:02d}"

    done = []
    for step in range(36):
        # Each step is one editor's action: its after-commit work (coverage figures) runs at its end.
        with django_capture_on_commit_callbacks(execute=True):
            op = _step(rng, step, known, departments, new_code)
        done.append(op)
        if rng.random() < 0.4:
            app.pull(limit=rng.randint(1, 9))
        if step == 18:
            assert replayed_upserts_are_public_now(client)
    # A department page moved in the tree changes the URLs of everything beneath it.
    parent = DepartmentPage.objects.filter(locale__language_code="en", department__code="leasing").first()
    with django_capture_on_commit_callbacks(execute=True):
        parent.move(Page.objects.get(pk=parent.get_parent().pk), pos="first-child")
    app.pull()

    expected = without_time(live_content())
    assert without_time(app.state) == expected
    assert {"publish", "edit", "move", "unpublish", "delete", "import", "restrict"} <= set(done)
    # Replaying the whole history hands out exactly the live items, nothing older or hidden since.
    assert replayed_upserts_are_public_now(client) == len(expected)
    # The feed's lists agree with sync.
    services = {
        (i["code"], i["lang"])
        for lang in ("ar", "en")
        for i in client.get(f"{FEED}/services?lang={lang}&limit=500").json()["items"]
    }
    assert services == {(code, lang) for (type_name, code, lang) in expected if type_name == "service"}


def _step(rng, step, known, departments, new_code) -> str:
    """One random editor action; returns its name."""
    op = rng.choice(
        ["publish", "publish", "edit", "move", "unpublish", "delete", "import", "expire", "rename", "restrict"]
    )
    live_codes = [c for c in known if (p := _page(c)) is not None and p.live]
    if op == "publish" or not known:
        department = rng.choice(departments)
        code = new_code(department)
        service_upsert(data=service_data(code, department=department))
        known[code] = department
    elif op == "edit":
        code = rng.choice(list(known))
        service_upsert(data=service_data(code, department=known[code], title_en=f"Edited {step}", fee_aed=str(step)))
    elif op == "move":
        code = rng.choice(list(known))
        department = rng.choice([d for d in departments if d != known[code]])
        service_upsert(data=service_data(code, department=department))
        known[code] = department
    elif op == "unpublish" and live_codes:
        lang = rng.choice(["ar", "en"])
        page = _page(rng.choice(live_codes), lang)
        if page is not None and page.live:
            page.unpublish()
    elif op == "expire" and live_codes:
        _page(rng.choice(live_codes)).unpublish(set_expired=True)
    elif op == "delete":
        code = rng.choice(list(known))
        for lang in ("en", "ar"):
            if (page := _page(code, lang)) is not None:
                page.delete()
        known.pop(code)
    elif op == "import":
        rows = []
        for _ in range(rng.randint(2, 4)):
            if known and rng.random() < 0.5:
                code = rng.choice(list(known))
                status = rng.choice(["published", "withdrawn", "published"])
                rows.append(service_data(code, department=known[code], status=status, title_ar=f"استيراد {step}"))
            else:
                department = rng.choice(departments)
                code = new_code(department)
                known[code] = department
                rows.append(service_data(code, department=department))
        with transaction.atomic():
            for row in rows:
                service_upsert(data=row)
    elif op == "restrict" and live_codes:
        # A page put behind a sign-in leaves the public; lifting the restriction brings it back.
        page = _page(rng.choice(live_codes), rng.choice(["ar", "en"]))
        if page is not None:
            restriction = PageViewRestriction.objects.filter(page=page).first()
            if restriction is None:
                PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
            else:
                restriction.delete()
    elif op == "rename":
        department = Department.objects.get(code=rng.choice(departments))
        department.name_en = f"{department.name_en.split(' #')[0]} #{step}"
        department.save()
    return op


def test_reasons_for_leaving_the_feed(client, bootstrapped):
    app = SyncClient(client)
    for code in ("LIC-801", "LIC-802", "LIC-803", "LIC-804"):
        service_upsert(data=service_data(code))
    app.pull()
    _page("LIC-801").unpublish()
    service_upsert(data=service_data("LIC-802", status="withdrawn"))
    _page("LIC-803", "en").delete()
    _page("LIC-804").unpublish(set_expired=True)
    start = len(app.reasons)
    app.pull()
    changes = ChangeLog.objects.filter(op="delete").values_list("code", "lang", "reason")
    assert ("LIC-801", "ar", "unpublished") in changes
    assert ("LIC-802", "ar", "withdrawn") in changes
    assert ("LIC-803", "en", "deleted") in changes
    assert ("LIC-804", "ar", "expired") in changes
    assert {"unpublished", "withdrawn", "deleted", "expired"} <= set(app.reasons[start:])


def test_sync_history_keeps_no_text_that_left_the_public(client, bootstrapped, django_capture_on_commit_callbacks):
    app = SyncClient(client)
    secret = "مسودة سرية للمراجعة"
    for code in ("LIC-811", "LIC-812"):
        with django_capture_on_commit_callbacks(execute=True):
            service_upsert(data=service_data(code, title_ar=f"{secret} {code}", title_en=f"Confidential draft {code}"))
    app.pull()
    cursor_before = app.cursor
    with django_capture_on_commit_callbacks(execute=True):
        # LIC-811 is restricted to signed-in people; LIC-812 gets its public title, then loses English.
        PageViewRestriction.objects.create(page=_page("LIC-811"), restriction_type=PageViewRestriction.LOGIN)
    with django_capture_on_commit_callbacks(execute=True):
        service_upsert(data=service_data("LIC-812"))
    with django_capture_on_commit_callbacks(execute=True):
        _page("LIC-812", "en").unpublish()

    changes, cursor = [], None
    while True:
        body = client.get(f"{FEED}/sync?limit=20" + (f"&cursor={cursor}" if cursor else "")).json()
        changes += body["changes"]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            break
    history = json.dumps(changes, ensure_ascii=False)
    assert secret not in history and "Confidential draft" not in history
    assert "خدمة LIC-812" in history  # its current public title is still served
    # An app that synced before keeps a valid cursor and learns what left.
    app.cursor = cursor_before
    app.pull(limit=3)
    assert ("service", "LIC-811", "ar") not in app.state and ("service", "LIC-812", "en") not in app.state
    assert app.state[("service", "LIC-812", "ar")]["title"] == "خدمة LIC-812"


def test_a_webhook_never_carries_content_superseded_in_the_same_transaction(
    client, bootstrapped, settings, django_capture_on_commit_callbacks
):
    from feed.models import WebhookDelivery, WebhookSubscription

    # A closed local port: the one delivery attempt fails at once; the recorded body is what counts.
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    WebhookSubscription.objects.create(name="partner", url="http://127.0.0.1:9/hook", secret="s" * 32)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        # An import that fixes a row it wrote a moment before: the first title never went public.
        service_upsert(data=service_data("LIC-821", title_en="Confidential draft LIC-821"))
        service_upsert(data=service_data("LIC-821", title_en="Public title LIC-821"))
    bodies = " ".join(WebhookDelivery.objects.values_list("body", flat=True))
    assert "Public title LIC-821" in bodies
    assert "Confidential draft" not in bodies
    assert '"item":null' not in bodies  # nor an empty upsert in its place


def test_a_sync_cursor_is_stable_and_validated(client, bootstrapped):
    first = client.get(f"{FEED}/sync?limit=5").json()
    assert first["has_more"] is True and len(first["changes"]) == 5
    again = client.get(f"{FEED}/sync?limit=5").json()
    assert again == first
    assert client.get(f"{FEED}/sync?limit=1001").status_code == 400
    assert client.get(f"{FEED}/sync?cursor=bA").json()["error"]["field"] == "cursor"
    end = SyncClient(client)
    end.pull(limit=1000)
    assert client.get(f"{FEED}/sync?cursor={end.cursor}").json() == {
        "changes": [],
        "next_cursor": end.cursor,
        "has_more": False,
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_publishers_never_make_a_reader_skip(postgres_db, client, bootstrapped):
    """Two writers commit changes at the same moment while a reader polls: it sees every change."""
    from django.db import connections

    stop = threading.Event()
    seen: list[int] = []
    errors: list[BaseException] = []

    def writer(prefix: str):
        try:
            for n in range(25):
                with transaction.atomic():
                    publication_refresh(type_name="department", code="licensing")
                    ChangeLog.objects.create(
                        type="probe", code=f"{prefix}-{n}", lang="ar", op="delete", reason="deleted"
                    )
                    # Hold the transaction open a moment so the two writers overlap.
                    connection.cursor().execute("SELECT pg_sleep(0.003)")
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    def reader():
        after = 0
        try:
            while True:
                finished = stop.is_set()
                rows = list(ChangeLog.objects.filter(seq__gt=after).order_by("seq").values_list("seq", flat=True))
                seen.extend(rows)
                after = rows[-1] if rows else after
                if finished:
                    break
        finally:
            connections.close_all()

    start = ChangeLog.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    threads = [threading.Thread(target=writer, args=(p,)) for p in ("A", "B")]
    poll = threading.Thread(target=reader)
    poll.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    poll.join()
    assert not errors
    committed = list(ChangeLog.objects.filter(seq__gt=start).order_by("seq").values_list("seq", flat=True))
    assert [s for s in seen if s > start] == committed
    assert len(committed) == 50
