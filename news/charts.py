"""Server-side charts: inline SVG with a title, a description and the data as a table.

No scripts: the SVG is plain markup, readable by screen readers through <title>/<desc>, and the
same figures are always given as a table. In Arabic the bars grow from right to left.
"""

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override

WIDTH = 640
ROW = 34
BAR = 22
LABEL_WIDTH = 220
VALUE_ROOM = 90
PAD = 8


def format_number(value: int | float | Decimal) -> str:
    """Western digits with thousands separators, as the municipality's reports print them."""
    if isinstance(value, Decimal):
        value = int(value) if value == int(value) else float(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


@dataclass
class Chart:
    title: str
    description: str
    rows: list[tuple[str, str]]  # (label, formatted value) in display order
    svg: SafeString
    columns: tuple[str, str] = ("", "")
    extra: dict = field(default_factory=dict)


def bar_chart(
    *, title: str, description: str, rows: list[tuple[str, float]], lang: str, columns: tuple[str, str]
) -> Chart:
    """A horizontal bar chart of labelled values, mirrored for right-to-left languages."""
    uid = uuid.uuid4().hex[:8]
    rtl = lang == "ar"
    top = max((float(v) for _, v in rows), default=0.0) or 1.0
    bar_room = WIDTH - LABEL_WIDTH - VALUE_ROOM - 2 * PAD
    height = max(ROW * len(rows) + 2 * PAD, ROW)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" direction="ltr" aria-labelledby="chart-{uid}-title chart-{uid}-desc">',
        f'<title id="chart-{uid}-title">{escape(title)}</title>',
        f'<desc id="chart-{uid}-desc">{escape(description)}</desc>',
    ]
    for index, (label, value) in enumerate(rows):
        y = PAD + index * ROW
        width = round(bar_room * float(value) / top, 1)
        text_y = y + BAR / 2 + 5
        if rtl:
            origin = WIDTH - LABEL_WIDTH
            parts.append(
                f'<rect class="bar" x="{origin - width}" y="{y}" width="{width}" height="{BAR}" fill="#1f6f5c"/>'
            )
            parts.append(f'<text x="{origin + PAD}" y="{text_y}" text-anchor="start">{escape(label)}</text>')
            parts.append(f'<text x="{origin - width - 6}" y="{text_y}" text-anchor="end">{format_number(value)}</text>')
        else:
            origin = LABEL_WIDTH
            parts.append(f'<rect class="bar" x="{origin}" y="{y}" width="{width}" height="{BAR}" fill="#1f6f5c"/>')
            parts.append(f'<text x="{origin - PAD}" y="{text_y}" text-anchor="end">{escape(label)}</text>')
            parts.append(
                f'<text x="{origin + width + 6}" y="{text_y}" text-anchor="start">{format_number(value)}</text>'
            )
    parts.append("</svg>")
    return Chart(
        title=title,
        description=description,
        rows=[(label, format_number(value)) for label, value in rows],
        svg=mark_safe("".join(parts)),  # noqa: S308 - every text above is escaped
        columns=columns,
    )


def indicator_chart(*, indicator, lang: str, heading: str = "") -> Chart:
    """One indicator's values, one bar per period."""
    with override(lang):
        values = indicator.ordered_values()
        rows = [(v.label_in(lang), v.number) for v in values]
        title = heading or indicator.name_in(lang)
        description = _("%(name)s in %(unit)s, by period: %(values)s.") % {
            "name": indicator.name_in(lang),
            "unit": indicator.unit_in(lang),
            "values": "; ".join(f"{label} {format_number(value)}" for label, value in rows),
        }
        return bar_chart(
            title=title, description=description, rows=rows, lang=lang, columns=(_("Period"), indicator.unit_in(lang))
        )


def indicators_chart(*, indicators, lang: str, heading: str = "") -> Chart:
    """Several indicators side by side: the latest value of each."""
    with override(lang):
        rows = []
        for indicator in indicators:
            latest = indicator.latest_value()
            if latest is not None:
                rows.append((f"{indicator.name_in(lang)} ({latest.label_in(lang)})", latest.number))
        title = heading or _("Facts and figures")
        description = _("Latest value of each figure: %(values)s.") % {
            "values": "; ".join(f"{label} {format_number(value)}" for label, value in rows)
        }
        return bar_chart(title=title, description=description, rows=rows, lang=lang, columns=(_("Figure"), _("Value")))
