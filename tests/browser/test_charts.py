"""Every chart in Arabic: no label on top of a bar, none outside the chart (issue 13).

The coverage report used to draw its labels with ``text-anchor="end"`` inside a right-to-left page,
so Arabic labels ran over the bars and off the chart's edge; the geometry is measured as drawn.
"""

import pytest

from tests.browser.conftest import ADMIN, login, screenshot

pytestmark = pytest.mark.browser

CAMPAIGN_REPORT = "/admin/news/campaigns/remote-services-2020/report/"

# Boxes of every chart's labels and bars, and of the chart itself, as the browser lays them out.
# Selectors that match any chart (words in the SVG or beside it), so the test judges the drawing,
# not the markup: it fails on the old coverage chart, whose labels are SVG text over the bars.
GEOMETRY = """() => [...document.querySelectorAll('figure:has(svg)')].map(chart => {
    const box = el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: el.textContent.trim()}; };
    return {
        chart: box(chart),
        labels: [...chart.querySelectorAll('.chart-label, .chart-value, svg text')].map(box),
        bars: [...chart.querySelectorAll('svg rect')].map(box).filter(b => b.right > b.left),
    };
})"""


def _overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def _inside(inner: dict, outer: dict) -> bool:
    slack = 0.5  # sub-pixel rounding
    return (
        inner["left"] >= outer["left"] - slack
        and inner["right"] <= outer["right"] + slack
        and inner["top"] >= outer["top"] - slack
        and inner["bottom"] <= outer["bottom"] + slack
    )


def _check_charts(page, *, at_least: int) -> None:
    assert page.evaluate("document.documentElement.dir") == "rtl"
    charts = page.evaluate(GEOMETRY)
    assert len(charts) >= at_least
    for chart in charts:
        assert chart["labels"], "a chart without labels"
        for label in chart["labels"]:
            assert label["right"] > label["left"], f"empty label {label['text']!r}"
            assert _inside(label, chart["chart"]), f"label {label['text']!r} leaves the chart"
            for bar in chart["bars"]:
                assert not _overlap(label, bar), f"label {label['text']!r} lies on a bar"
        # In Arabic the bars grow from the right: they start at the right, next to their labels.
        bars = chart["bars"]
        if len(bars) > 1:
            assert len({round(bar["right"]) for bar in bars}) == 1, "bars do not share their right edge"


def test_admin_charts_in_arabic(page):
    # The admin follows the browser's language for an account that has not chosen one.
    page.set_extra_http_headers({"Accept-Language": "ar"})
    login(page, *ADMIN)
    page.goto("/admin/reports/coverage/")
    _check_charts(page, at_least=2)
    screenshot(page, "chart-coverage-ar")
    page.goto(CAMPAIGN_REPORT)
    _check_charts(page, at_least=2)
    screenshot(page, "chart-campaign-ar")


def test_public_figures_charts_in_arabic(page):
    page.goto("/ar/news/figures/")
    _check_charts(page, at_least=1)
    screenshot(page, "chart-figures-ar")
