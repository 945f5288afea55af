"""bootstrap creates locales, the bilingual page tree and the reference data, once."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import Locale, Page, Site

from catalogue.models import Audience, Channel, Department, DepartmentPage, Outlet
from home.models import HomePage

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def run_bootstrap() -> str:
    out = io.StringIO()
    call_command("bootstrap", stdout=out)
    return out.getvalue()


def test_bootstrap_builds_the_site_in_both_languages(bootstrapped):
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"ar", "en"}
    home_ar = HomePage.objects.get(locale__language_code="ar")
    home_en = HomePage.objects.get(locale__language_code="en")
    assert home_en.translation_key == home_ar.translation_key
    assert Site.objects.get(is_default_site=True).root_page_id == home_ar.pk
    for home in (home_ar, home_en):
        slugs = set(home.get_children().values_list("slug", flat=True))
        assert slugs == {"services", "news", "forms"}


def test_bootstrap_creates_the_reference_codes_of_the_contract(bootstrapped):
    assert Channel.objects.count() == 11
    assert Channel.objects.get(code="dreesha").name_ar == "نافذة الخدمة السريعة «دريشة»"
    assert Channel.objects.get(code="app-rukhsati").type == "smart-app"
    assert set(Department.objects.values_list("code", flat=True)) == {
        "licensing",
        "leasing",
        "consumer-protection",
        "public-health",
        "buildings",
        "environment",
        "customer-happiness",
    }
    assert set(Audience.objects.values_list("code", flat=True)) == {
        "individuals",
        "businesses",
        "elderly",
        "people-of-determination",
    }
    # Main building, three branches, the mall centre, two Dreesha windows and the kiosks.
    assert Outlet.objects.filter(channel__code="counter").count() == 4
    assert Outlet.objects.filter(channel__code="dreesha").count() == 2
    assert Outlet.objects.get(code="fujairah-mall").opening_hours.count() == 7
    assert DepartmentPage.objects.count() == 14  # 7 departments in 2 languages
    assert Group.objects.filter(name__startswith="Department editors: ").count() == 7


def test_running_bootstrap_again_changes_nothing(bootstrapped):
    counts = (Page.objects.count(), Channel.objects.count(), Outlet.objects.count(), Group.objects.count())
    assert "nothing to do" in run_bootstrap()
    assert (Page.objects.count(), Channel.objects.count(), Outlet.objects.count(), Group.objects.count()) == counts


def test_bootstrap_on_a_fresh_database_then_again(tmp_path):
    """The real command, twice, on a brand-new embedded database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "AWS_", "ELASTICSEARCH"))}
    env["BALADIYA_VAR_DIR"] = str(tmp_path)

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
        )

    assert manage("migrate", "--no-input", "-v0").returncode == 0
    first, second = manage("bootstrap"), manage("bootstrap")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert "+ locale en" in first.stdout and "+ home page (ar)" in first.stdout and "+ channel dreesha" in first.stdout
    assert "nothing to do" in second.stdout


def test_bootstrap_repairs_missing_reference_publications(bootstrapped):
    from publication.models import Publication

    Publication.objects.filter(type__in=["department", "channel"]).delete()
    assert "publications" in run_bootstrap()
    assert Publication.objects.filter(type="department").count() == 14  # 7 departments × 2 languages
    assert Publication.objects.filter(type="channel").count() == 22


def test_editors_and_moderators_may_use_spreadsheets(bootstrapped, django_user_model):
    editor = django_user_model.objects.create_user("leasing-editor", password="pw-leasing-1")
    editor.groups.add(Group.objects.get(name="Department editors: leasing"))
    assert editor.has_perm("catalogue.import_services") and editor.has_perm("catalogue.export_services")
    moderator = django_user_model.objects.create_user("mod", password="pw-mod-1")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    assert moderator.has_perm("catalogue.import_services")


def test_bootstrap_builds_a_tree_where_the_database_has_no_root(db):
    """A flushed database (no Wagtail root page, as after a transactional test) bootstraps too."""
    Site.objects.all().delete()
    Page.objects.filter(depth=1).delete()  # the root, with everything below it
    assert Page.get_first_root_node() is None
    call_command("bootstrap", verbosity=0, stdout=io.StringIO())
    assert Page.get_first_root_node() is not None
    assert HomePage.objects.filter(locale__language_code="ar").exists()
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
