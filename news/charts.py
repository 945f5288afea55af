"""The charts of facts & figures, drawn by the one chart component (common/charts.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import override

from common.charts import Chart, chart_bar, chart_line, format_number


def indicator_chart(*, indicator, lang: str, heading: str = "") -> Chart:
    """One indicator's values over time: a line through its periods (a bar when it has one)."""
    with override(lang):
        rows = [(v.label_in(lang), v.number) for v in indicator.ordered_values()]
        description = _("%(name)s in %(unit)s, by period: %(values)s.") % {
            "name": indicator.name_in(lang),
            "unit": indicator.unit_in(lang),
            "values": "; ".join(f"{label} {format_number(value)}" for label, value in rows),
        }
        draw = chart_line if len(rows) > 1 else chart_bar
        return draw(
            title=heading or indicator.name_in(lang),
            description=description,
            rows=rows,
            lang=lang,
            columns=(_("Period"), indicator.unit_in(lang)),
        )


def indicators_chart(*, indicators, lang: str, heading: str = "") -> Chart:
    """Several indicators side by side: the latest value of each."""
    with override(lang):
        rows = []
        for indicator in indicators:
            latest = indicator.latest_value()
            if latest is not None:
                rows.append((f"{indicator.name_in(lang)} ({latest.label_in(lang)})", latest.number))
        description = _("Latest value of each figure: %(values)s.") % {
            "values": "; ".join(f"{label} {format_number(value)}" for label, value in rows)
        }
        return chart_bar(
            title=heading or _("Facts and figures"),
            description=description,
            rows=rows,
            lang=lang,
            columns=(_("Figure"), _("Value")),
        )
