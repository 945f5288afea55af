"""bootstrap creates locales, the bilingual page tree and the reference data, once."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Locale, Page, Site

from catalogue.models import Audience, Channel, Department, DepartmentPage, Outlet
from cms.models import HomePage

pytestmark = pytest.mark.django_db


def run_bootstrap() -> str:
    out = io.StringIO()
    call_command("bootstrap", stdout=out)
    return out.getvalue()


def test_bootstrap_builds_the_site_in_both_languages():
    run_bootstrap()
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"ar", "en"}
    home_ar = HomePage.objects.get(locale__language_code="ar")
    home_en = HomePage.objects.get(locale__language_code="en")
    assert home_en.translation_key == home_ar.translation_key
    assert Site.objects.get(is_default_site=True).root_page_id == home_ar.pk
    for home in (home_ar, home_en):
        slugs = set(home.get_children().values_list("slug", flat=True))
        assert slugs == {"services", "news", "forms"}


def test_bootstrap_creates_the_reference_codes_of_the_contract():
    run_bootstrap()
    assert Channel.objects.count() == 11
    assert Channel.objects.get(code="dreesha").name_ar == "نافذة الخدمة السريعة «دريشة»"
    assert Channel.objects.get(code="app-rukhsati").type == "smart-app"
    assert set(Department.objects.values_list("code", flat=True)) == {
        "licensing", "leasing", "consumer-protection", "public-health", "buildings", "environment", "customer-happiness",
    }
    assert set(Audience.objects.values_list("code", flat=True)) == {
        "individuals", "businesses", "elderly", "people-of-determination",
    }
    # Main building, three branches, the mall centre, two Dreesha windows and the kiosks.
    assert Outlet.objects.filter(channel__code="counter").count() == 4
    assert Outlet.objects.filter(channel__code="dreesha").count() == 2
    assert Outlet.objects.get(code="fujairah-mall").opening_hours.count() == 7
    assert DepartmentPage.objects.count() == 14  # 7 departments in 2 languages
    assert Group.objects.filter(name__startswith="Department editors: ").count() == 7


def test_running_bootstrap_twice_changes_nothing_the_second_time():
    first = run_bootstrap()
    counts = (Page.objects.count(), Channel.objects.count(), Outlet.objects.count(), Group.objects.count())
    second = run_bootstrap()
    assert "created" in first
    assert "nothing to do" in second
    assert (Page.objects.count(), Channel.objects.count(), Outlet.objects.count(), Group.objects.count()) == counts
