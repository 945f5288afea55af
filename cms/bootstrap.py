"""Idempotent set-up of a fresh database: locales, the site and its page tree in both languages.

Each step looks for what it would create first, so a second run changes nothing. Content apps
add their own reference data with ``common.steps.register_bootstrap_step`` in their
AppConfig.ready(); they run after the page tree, in their order.
"""

from dataclasses import dataclass, field

from django.db import transaction

from wagtail.models import Locale, Page, Site

from catalogue.models import CatalogueIndexPage
from common.steps import bootstrap_steps
from home.models import HomePage
from media.models import FormsIndexPage
from news.models import NewsIndexPage

HOME_TITLES = {"ar": "بلدية الفجيرة", "en": "Fujairah Municipality"}
HOME_INTROS = {
    "ar": "جميع خدمات البلدية متاحة إلكترونياً وفي مراكز الخدمة.",
    "en": "All municipal services, online and at our service centres.",
}
SECTIONS = [
    # (page class, slug, Arabic title, English title)
    (CatalogueIndexPage, "services", "دليل الخدمات", "Services"),
    (NewsIndexPage, "news", "الأخبار", "News"),
    (FormsIndexPage, "forms", "النماذج", "Forms"),
]


@dataclass
class BootstrapReport:
    """What one run of bootstrap created; empty on a second run."""

    created: list[str] = field(default_factory=list)

    def add(self, what: str) -> None:
        self.created.append(what)


def _locale(code: str, report: BootstrapReport) -> Locale:
    locale, created = Locale.objects.get_or_create(language_code=code)
    if created:
        report.add(f"locale {code}")
    return locale


def _home_pages(report: BootstrapReport) -> dict[str, HomePage]:
    ar, en = Locale.objects.get(language_code="ar"), Locale.objects.get(language_code="en")
    # Wagtail's initial migration creates the tree's root; a database emptied since (a flush, as
    # transactional tests do) has none, and bootstrapping it must not fail.
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=ar))
    home_ar = HomePage.objects.filter(locale=ar).first()
    if home_ar is None:
        # Wagtail's initial migration creates a placeholder "Welcome" page; replace it.
        for placeholder in root.get_children().filter(content_type__model="page", depth=2):
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
        home_ar = HomePage(title=HOME_TITLES["ar"], slug="home", intro=HOME_INTROS["ar"], locale=ar)
        root.add_child(instance=home_ar)
        home_ar.save_revision().publish()
        report.add("home page (ar)")
    home_en = HomePage.objects.filter(locale=en).first()
    if home_en is None:
        home_en = home_ar.copy_for_translation(en)
        home_en.title, home_en.intro, home_en.slug = HOME_TITLES["en"], HOME_INTROS["en"], "home-en"
        home_en.save_revision().publish()
        report.add("home page (en)")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home_ar, is_default_site=True, site_name="بلدية الفجيرة"
        )
        report.add("site")
    elif site.root_page_id != home_ar.pk:
        site.root_page = home_ar
        site.save()
        report.add("site root")
    return {"ar": home_ar, "en": home_en}


def _sections(homes: dict[str, HomePage], report: BootstrapReport) -> None:
    for page_class, slug, title_ar, title_en in SECTIONS:
        ar_page = page_class.objects.child_of(homes["ar"]).first()
        if ar_page is None:
            ar_page = page_class(title=title_ar, slug=slug)
            homes["ar"].add_child(instance=ar_page)
            ar_page.save_revision().publish()
            report.add(f"{slug} (ar)")
        if not page_class.objects.child_of(homes["en"]).exists():
            en_page = ar_page.copy_for_translation(homes["en"].locale)
            en_page.title, en_page.slug = title_en, slug
            en_page.save_revision().publish()
            report.add(f"{slug} (en)")


def bootstrap_site() -> BootstrapReport:
    """Create what is missing of locales, pages and reference data, in one transaction."""
    report = BootstrapReport()
    with transaction.atomic():
        _locale("ar", report)
        _locale("en", report)
        homes = _home_pages(report)
        _sections(homes, report)
        for step in bootstrap_steps():
            step.run(report=report)
    return report
