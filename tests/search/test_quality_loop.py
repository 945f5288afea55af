"""The editors' quality loop: judgements, the quality report in the admin and manage.py search_quality."""

import pytest

from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.core.management.base import CommandError

from search.models import QueryStat, SearchJudgement
from search.selectors import search_quality, search_quality_cached

pytestmark = pytest.mark.django_db


def test_judgements_are_seeded_in_both_languages():
    seeded = SearchJudgement.objects.all()
    assert seeded.count() >= 40
    assert set(seeded.values_list("lang", flat=True)) == {"ar", "en"}


def test_quality_figures_per_language_and_backend(relevance_catalogue, no_elasticsearch):
    SearchJudgement.objects.create(query="zzqqxx", lang="en", expected="LIC-002", note="never found")
    quality = search_quality()
    rows = {(r["backend"], r["lang"]): r for r in quality["rows"]}
    assert set(rows) == {("database", "ar"), ("database", "en"), ("database", "all")}
    assert rows[("database", "ar")]["mrr"] >= 0.95
    assert rows[("database", "ar")]["recall_at_5"] >= 0.95
    failing = [o["judgement"].query for o in quality["failing"]]
    assert "zzqqxx" in failing


def test_command_prints_the_table_and_fails_below_the_threshold(relevance_catalogue, no_elasticsearch, capsys):
    call_command("search_quality", "--min-mrr", "0.9")
    out = capsys.readouterr().out
    assert "database" in out and "MRR" in out
    SearchJudgement.objects.all().delete()
    SearchJudgement.objects.create(query="zzqqxx", lang="en", expected="LIC-002")
    with pytest.raises(CommandError) as failed:
        call_command("search_quality", "--min-mrr", "0.9", "--backend", "database")
    assert failed.value.returncode == 1


def test_the_report_runs_the_judgements_once_per_change(
    relevance_catalogue, no_elasticsearch, django_assert_max_num_queries
):
    first = search_quality_cached()
    with django_assert_max_num_queries(8):  # what it depends on, and the cache; no search
        again = search_quality_cached()
    assert again["rows"] == first["rows"]
    SearchJudgement.objects.create(query="zzqqxx", lang="en", expected="LIC-002", note="never found")
    changed = search_quality_cached()  # an editor's new judgement shows at the next load
    assert "zzqqxx" in [o["judgement"].query for o in changed["failing"]]


@pytest.fixture
def editor(bootstrapped):
    user = User.objects.create_user("quality-editor", password="pw-editor-123")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_quality_report_needs_its_permission_and_links_each_unanswered_query(client, editor, relevance_catalogue):
    client.force_login(editor)
    refused = client.get("/admin/search/quality/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    codenames = ["view_searchjudgement", "add_searchjudgement", "add_synonym", "add_bestbet"]
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="search", codename__in=codenames))
    client.force_login(User.objects.get(pk=editor.pk))
    QueryStat.objects.create(
        day=__import__("datetime").date.today(), lang="ar", query="رخصه صيد", searches=3, zero_results=3
    )
    response = client.get("/admin/search/quality/", HTTP_ACCEPT_LANGUAGE="ar")
    page = response.content.decode()
    assert response.status_code == 200
    assert "رخصه صيد" in page and "MRR" in page
    assert "/admin/snippets/search/synonym/add/?terms=" in page
    assert "/admin/snippets/search/bestbet/add/?query=" in page
    assert "/admin/snippets/search/searchjudgement/add/?query=" in page
    # The links prefill the forms.
    prefilled = client.get("/admin/snippets/search/searchjudgement/add/?query=%D8%B1%D8%AE%D8%B5%D9%87&lang=ar")
    assert prefilled.status_code == 200 and 'value="رخصه"' in prefilled.content.decode()
