"""Editors' search admin (permissions) and the public search page (RTL, facets, keyboard)."""

import pytest

from django.contrib.auth.models import Group, Permission, User

from search.models import QueryStat

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(bootstrapped):
    """An admin user without any search permission."""
    user = User.objects.create_user("editor", password="pw-editor-123")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_query_report_needs_its_permission(client, editor):
    client.force_login(editor)
    refused = client.get("/admin/search/queries/")
    # Wagtail answers PermissionDenied with a redirect to the dashboard and a message.
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    editor.user_permissions.add(Permission.objects.get(codename="view_querystat"))
    editor = User.objects.get(pk=editor.pk)
    client.force_login(editor)
    QueryStat.objects.create(day="2026-11-01", lang="ar", query="رخصه صيد", searches=3, zero_results=3)
    response = client.get("/admin/search/queries/?days=365")
    assert response.status_code == 200
    assert "رخصه صيد" in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client, bootstrapped):
    response = client.get("/admin/search/queries/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_synonyms_and_best_bets_need_model_permissions(client, editor):
    client.force_login(editor)
    assert client.get("/admin/snippets/search/synonym/").status_code in (302, 403)
    assert client.get("/admin/snippets/search/bestbet/").status_code in (302, 403)
    group = Group.objects.create(name="Search editors")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="search", codename__endswith="synonym"))
    editor.groups.add(group)
    client.force_login(User.objects.get(pk=editor.pk))
    assert client.get("/admin/snippets/search/synonym/").status_code == 200
    response = client.post("/admin/snippets/search/synonym/add/", {"terms": "رخصة، ترخيص", "note": ""})
    assert response.status_code == 302
    assert client.get("/admin/snippets/search/bestbet/").status_code in (302, 403)


def test_arabic_search_page_is_right_to_left_with_results_and_facets(client, small_catalogue, no_elasticsearch):
    response = client.get("/ar/search/", {"q": "رخصة"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "تجديد رخصة تجارية" in html
    assert "<mark>رخصة</mark>" in html
    assert 'role="combobox"' in html and 'role="listbox"' in html  # keyboard type-ahead
    assert "إدارة الرخص التجارية" in html  # department facet by name
    assert "?q=%D8%B1%D8%AE%D8%B5%D8%A9&amp;department=buildings" in html


def test_english_search_page_is_left_to_right_and_filters(client, small_catalogue, no_elasticsearch):
    response = client.get("/en/search/", {"q": "licence", "channel": "website"})
    html = response.content.decode()
    assert response.status_code == 200 and 'dir="ltr"' in html
    assert "Renew a trade licence" in html and "Building permit" not in html


def test_search_page_offers_the_suggestion_and_handles_bad_input(client, small_catalogue, no_elasticsearch):
    html = client.get("/en/search/", {"q": "attst"}).content.decode()
    assert "Did you mean" in html and ">attest</a>" in html
    response = client.get("/ar/search/", {"q": "x" * 300})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert client.get("/ar/search/").status_code == 200  # an empty box, no error
