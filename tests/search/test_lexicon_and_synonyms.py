"""Issue 14: the Arabic lexicon of broken plurals, the English lexicon and the starter synonyms."""

import pytest

from search import text
from search.models import SearchState, Synonym
from search.state import STARTER_SYNONYMS
from search.synonyms import STARTER_NOTE, starter_synonyms, synonyms_bootstrap


class Report:
    def __init__(self):
        self.created = []

    def add(self, what):
        self.created.append(what)


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("تصاريح", "تصريح"),
        ("المواقف", "موقف"),
        ("اللوحات", "لوحة"),
        ("للوحة", "لوحة"),
        ("الطرق", "طريق"),
        ("خرائط", "خريطة"),
        ("المباني", "مبنى"),
        ("عقود", "عقد"),
        ("تراخيص", "ترخيص"),
        ("أرقام", "رقم"),
        ("ورش", "ورشة"),
    ],
)
def test_broken_plurals_stem_like_their_singular(plural, singular):
    assert text.stems(plural) == text.stems(singular)


def test_light_stemming_still_works_where_the_lexicon_has_nothing():
    assert text.stems("الشهادات") == text.stems("شهادة")
    assert text.stems("للعاملين") == text.stems("عامل")
    assert text.stems("تجديد") != text.stems("جديد")  # no root stemming: renewal is not "new"


def test_english_is_snowball_with_the_spelling_table_and_lexicon():
    assert text.stems("renewing licences") == text.stems("renew license")
    assert text.stems("driver") == text.stems("driving")
    assert text.stems("learner") == text.stems("learning")
    assert text.stems("colour centre") == text.stems("color center")
    assert text.stems("driver's") == text.stems("driver")


def test_starter_set_has_both_languages():
    groups = starter_synonyms()
    assert len(groups) >= 60
    assert any("سيارة" in g and "مركبة" in g for g in groups)
    assert any("car" in g and "vehicle" in g for g in groups)
    assert any("vanity plate" in g and "distinguished plate" in g for g in groups)
    assert any("learner" in g and "learning" in g for g in groups)


@pytest.mark.django_db
def test_synonym_bootstrap_is_idempotent_and_keeps_editors_changes():
    Synonym.objects.all().delete()
    SearchState.objects.filter(key=STARTER_SYNONYMS).delete()  # a database never bootstrapped
    Synonym.objects.create(terms="سياره, عربيه, موتر")  # an editor's group, in citizens' spelling
    report = Report()
    synonyms_bootstrap(report=report)
    loaded = Synonym.objects.filter(note=STARTER_NOTE).count()
    assert loaded == len(starter_synonyms()) - 2  # the car and motorcycle groups share a word
    assert Synonym.objects.get(note="").terms == "سياره, عربيه, موتر"
    edited = Synonym.objects.filter(terms__startswith="car, vehicle").get()
    edited.terms = "car, vehicle"
    edited.save()
    report = Report()
    synonyms_bootstrap(report=report)
    assert report.created == []
    assert Synonym.objects.filter(note=STARTER_NOTE).count() == loaded
    assert Synonym.objects.get(pk=edited.pk).terms == "car, vehicle"


@pytest.mark.django_db
def test_a_starter_group_an_editor_deleted_stays_deleted_after_bootstrap():
    Synonym.objects.all().delete()
    SearchState.objects.filter(key=STARTER_SYNONYMS).delete()
    synonyms_bootstrap(report=Report())
    loaded = Synonym.objects.filter(note=STARTER_NOTE).count()
    assert loaded == len(starter_synonyms())
    Synonym.objects.filter(terms__startswith="car, vehicle").delete()  # the editor's deletion
    report = Report()
    synonyms_bootstrap(report=report)  # e.g. the next deploy's `manage.py bootstrap`
    assert report.created == []
    assert not Synonym.objects.filter(terms__startswith="car, vehicle").exists()
    assert Synonym.objects.filter(note=STARTER_NOTE).count() == loaded - 1


@pytest.mark.django_db
def test_a_database_bootstrapped_before_the_flag_keeps_its_deletions():
    # Loaded by the earlier code (no flag), then an editor deleted a group: it is not re-added.
    Synonym.objects.filter(terms__startswith="car, vehicle").delete()
    SearchState.objects.filter(key=STARTER_SYNONYMS).delete()
    assert Synonym.objects.filter(note=STARTER_NOTE).exists()
    synonyms_bootstrap(report=Report())
    assert not Synonym.objects.filter(terms__startswith="car, vehicle").exists()
    assert SearchState.objects.filter(key=STARTER_SYNONYMS).exists()
