"""Writes to news, social posts, campaigns and figures. Every write goes through Wagtail revisions
so that the audit log, workflows, scheduling and the publication pipeline see it like an edit."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import Locale

from common.spreadsheets import ImportFileError, sheet_read
from news.models import Campaign, Indicator, IndicatorValue, NewsCategory, NewsIndexPage, NewsPage, SocialPost


class NewsSetupError(Exception):
    """The page tree needed for a write is missing (run bootstrap)."""


@dataclass
class NewsTexts:
    title: str
    summary: str
    body: list[dict] = field(default_factory=list)  # raw stream data: [{"type": ..., "value": ...}]
    hero_image_alt: str = ""


@dataclass
class NewsData:
    code: str
    date: dt.date
    ar: NewsTexts
    en: NewsTexts | None = None
    categories: list[str] = field(default_factory=list)
    hero_image: object = None
    go_live_at: dt.datetime | None = None  # publish later (scheduled) instead of now
    publish: bool = True


def _news_index(lang: str) -> NewsIndexPage:
    index = NewsIndexPage.objects.filter(locale__language_code=lang).first()
    if index is None:
        raise NewsSetupError(_("The news index page (%(lang)s) is missing; run bootstrap.") % {"lang": lang})
    return index


def _apply_news(page: NewsPage, data: NewsData, texts: NewsTexts) -> None:
    page.title = texts.title
    page.code = data.code
    page.date = data.date
    page.summary = texts.summary
    page.body = texts.body
    page.hero_image = data.hero_image
    page.hero_image_alt = texts.hero_image_alt
    page.go_live_at = data.go_live_at
    page.categories = list(NewsCategory.objects.filter(code__in=data.categories))


def _save_news(page: NewsPage, *, data: NewsData, user) -> None:
    page.full_clean()
    revision = page.save_revision(user=user, log_action=True)
    if data.publish:
        # With a future go_live_at Wagtail schedules the revision instead of publishing it.
        revision.publish(user=user)


@transaction.atomic
def news_upsert(*, data: NewsData, user=None) -> bool:
    """Create or update a news item (Arabic original and English translation); True if created."""
    ar_locale = Locale.objects.get(language_code="ar")
    ar_page = NewsPage.objects.filter(code=data.code, locale=ar_locale).first()
    created = ar_page is None
    if created:
        ar_page = NewsPage(slug=data.code, locale=ar_locale, live=False)
        _apply_news(ar_page, data, data.ar)
        _news_index("ar").add_child(instance=ar_page)
    else:
        ar_page = ar_page.get_latest_revision_as_object()
        _apply_news(ar_page, data, data.ar)
    _save_news(ar_page, data=data, user=user)
    if data.en is not None:
        en_locale = Locale.objects.get(language_code="en")
        en_page = NewsPage.objects.filter(translation_key=ar_page.translation_key, locale=en_locale).first()
        if en_page is None:
            en_page = NewsPage.objects.get(pk=ar_page.pk).copy_for_translation(en_locale, alias=False)
        else:
            en_page = en_page.get_latest_revision_as_object()
        _apply_news(en_page, data, data.en)
        _save_news(en_page, data=data, user=user)
    return created


@transaction.atomic
def social_post_save(*, post: SocialPost, publish: bool = True, user=None) -> SocialPost:
    """Validate and save a post as a revision, then publish it (or schedule it, if go_live_at is ahead)."""
    post.full_clean()
    if post.pk is None:
        post.live = False
        post.save()
    revision = post.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return post


def campaign_upsert(*, code: str, name_ar: str, name_en: str, starts_on=None, ends_on=None, goal: str = "") -> Campaign:
    campaign, _created = Campaign.objects.update_or_create(
        code=code,
        defaults={"name_ar": name_ar, "name_en": name_en, "starts_on": starts_on, "ends_on": ends_on, "goal": goal},
    )
    return campaign


@dataclass
class IndicatorRow:
    """One value of an indicator as a spreadsheet row gives it."""

    indicator: str
    period_start: dt.date
    period_end: dt.date
    value: Decimal
    label_ar: str = ""
    label_en: str = ""


@transaction.atomic
def indicator_upsert(
    *,
    code: str,
    name_ar: str,
    name_en: str,
    unit_ar: str,
    unit_en: str,
    values: list[IndicatorRow],
    description_ar: str = "",
    description_en: str = "",
    source: str = "",
    sort_order: int = 0,
    publish: bool = True,
    user=None,
) -> Indicator:
    """Create or update an indicator with exactly these values, and publish it."""
    indicator = Indicator.objects.filter(code=code).first()
    indicator = indicator.get_latest_revision_as_object() if indicator else Indicator(code=code, live=False)
    for name, value in {
        "name_ar": name_ar,
        "name_en": name_en,
        "unit_ar": unit_ar,
        "unit_en": unit_en,
        "description_ar": description_ar,
        "description_en": description_en,
        "source": source,
        "sort_order": sort_order,
    }.items():
        setattr(indicator, name, value)
    indicator.values = [
        IndicatorValue(
            period_start=row.period_start,
            period_end=row.period_end,
            value=row.value,
            label_ar=row.label_ar,
            label_en=row.label_en,
        )
        for row in values
    ]
    return _save_indicator(indicator, publish=publish, user=user)


def _save_indicator(indicator: Indicator, *, publish: bool, user) -> Indicator:
    indicator.full_clean(exclude=["values"])
    if indicator.pk is None:
        indicator.save()
    revision = indicator.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return indicator


FIGURE_COLUMNS = ("indicator", "period_start", "period_end", "value", "label_ar", "label_en")


@dataclass
class FigureImportResult:
    rows: int = 0
    changed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    """Header and numbered rows of a CSV or XLSX file, with the catalogue import's checks on
    untrusted files (size, zip bombs, content not matching the name, encodings)."""
    sheet = sheet_read(name=path.name, data=path.read_bytes())
    return sheet.header, [(number, dict(zip(sheet.header, cells, strict=False))) for number, cells in sheet.rows]


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    # Spreadsheet dates arrive as "2020-03-22" or "2020-03-22 00:00:00".
    return dt.date.fromisoformat(str(value).strip()[:10])


@transaction.atomic
def indicator_values_import(*, path: Path, user=None) -> FigureImportResult:
    """Set the values of existing indicators from a spreadsheet (CSV or XLSX).

    A value for a period already present is replaced; other periods are kept. A file with any
    invalid row changes nothing and every invalid row is reported with its row number.
    """
    result = FigureImportResult()
    try:
        header, rows = _read_rows(path)
    except ImportFileError as error:
        result.errors.append(str(error))
        return result
    missing = [c for c in FIGURE_COLUMNS[:4] if c not in header]
    if missing:
        result.errors.append(_("Missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        return result
    indicators = {i.code: i for i in Indicator.objects.all()}
    parsed: dict[str, list[IndicatorRow]] = {}
    for number, row in rows:
        code = str(row.get("indicator") or "").strip()
        try:
            if code not in indicators:
                raise ValidationError(_("unknown indicator %(code)s") % {"code": code})
            start, end = _date(row["period_start"]), _date(row["period_end"])
            if end < start:
                raise ValidationError(_("the period ends before it starts"))
            value = Decimal(str(row["value"]).replace(",", "").strip())
            if not value.is_finite() or value >= Decimal("1e14"):
                raise ValidationError(_("the value is not a number the figures can hold"))
            if value < 0:
                raise ValidationError(_("the value is negative"))
        except (ValueError, InvalidOperation):
            result.errors.append(_("Row %(row)d: a date or the value cannot be read.") % {"row": number})
            continue
        except ValidationError as error:
            result.errors.append(_("Row %(row)d: %(reason)s.") % {"row": number, "reason": error.messages[0]})
            continue
        parsed.setdefault(code, []).append(
            IndicatorRow(
                code, start, end, value, str(row.get("label_ar") or "").strip(), str(row.get("label_en") or "").strip()
            )
        )
    result.rows = len(rows)
    if result.errors:
        return result
    for code, new_rows in parsed.items():
        indicator = indicators[code].get_latest_revision_as_object()
        current = {(v.period_start, v.period_end): v for v in indicator.values.all()}
        changed = False
        for row in new_rows:
            value = current.get((row.period_start, row.period_end))
            if value is None:
                current[(row.period_start, row.period_end)] = IndicatorValue(
                    period_start=row.period_start,
                    period_end=row.period_end,
                    value=row.value,
                    label_ar=row.label_ar,
                    label_en=row.label_en,
                )
                changed = True
            elif (value.value, value.label_ar, value.label_en) != (
                row.value,
                row.label_ar or value.label_ar,
                row.label_en or value.label_en,
            ):
                value.value, value.label_ar, value.label_en = (
                    row.value,
                    row.label_ar or value.label_ar,
                    row.label_en or value.label_en,
                )
                changed = True
        if changed:
            indicator.values = sorted(current.values(), key=lambda v: (v.period_start, v.period_end))
            _save_indicator(indicator, publish=indicators[code].live, user=user)
            result.changed.append(code)
    return result
