"""One chart component for every report and the public figures: bar and line, drawn on the server.

A chart is an SVG (with a title and a description for screen readers) and the same figures as a
data table. No scripts. Words are never drawn inside the SVG: the SVG is stretched to the width it
is given, and text placed in it by guessed widths ends up on top of the bars or cut off in Arabic.
Labels and values are laid out by the browser in their own columns next to the bars (bar chart)
or below the points (line chart), so they follow the page's direction and take the room they need.
In Arabic the bars grow from the right and the first period of a line sits on the right.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

# The SVG's own units: 100 across, one per bar row, so the template needs no arithmetic.
SCALE = 100
BAR_THICKNESS = 0.64
LINE_HEIGHT = 40
LINE_PAD = 4


def format_number(value: int | float | Decimal) -> str:
    """Western digits with thousands separators, as the municipality's reports print them."""
    if isinstance(value, Decimal):
        value = int(value) if value == int(value) else float(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: str  # formatted
    x: float  # in SVG units; for bars, where the bar starts
    y: float
    length: float = 0.0  # bar length in SVG units
    thickness: float = BAR_THICKNESS


@dataclass
class Chart:
    """What the templates common/charts/bar.html and line.html draw."""

    kind: str  # "bar" or "line"
    title: str
    description: str
    columns: tuple[str, str]  # headings of the data table: label, value
    points: list[ChartPoint]
    rtl: bool
    uid: str
    line: str = ""  # the polyline's points, line charts only

    @property
    def rows(self) -> list[tuple[str, str]]:
        """(label, formatted value) in display order, for the data table."""
        return [(p.label, p.value) for p in self.points]

    @property
    def height(self) -> float:
        return max(len(self.points), 1) if self.kind == "bar" else LINE_HEIGHT

    def render(self) -> SafeString:
        return render_to_string(f"common/charts/{self.kind}.html", {"chart": self})

    # ``{{ chart }}`` in a template draws it: Django turns a value into text with str().
    __str__ = __html__ = render


def _values(rows) -> list[float]:
    return [float(value) for _, value in rows]


def chart_bar(
    *, title: str, description: str, rows: list[tuple[str, float]], lang: str, columns: tuple[str, str]
) -> Chart:
    """Horizontal bars of labelled values; in right-to-left languages they grow from the right."""
    rtl = lang == "ar"
    top = max(_values(rows), default=0.0) or 1.0
    points = []
    for index, (label, value) in enumerate(rows):
        length = round(SCALE * float(value) / top, 2)
        points.append(
            ChartPoint(
                label=label,
                value=format_number(value),
                x=SCALE - length if rtl else 0,
                y=round(index + (1 - BAR_THICKNESS) / 2, 2),
                length=length,
            )
        )
    return Chart(
        kind="bar",
        title=title,
        description=description,
        columns=columns,
        points=points,
        rtl=rtl,
        uid=uuid.uuid4().hex[:8],
    )


def chart_line(
    *, title: str, description: str, rows: list[tuple[str, float]], lang: str, columns: tuple[str, str]
) -> Chart:
    """Values over periods joined by a line; in right-to-left languages time runs from the right.

    Each point sits at the middle of its period's column, where the period's label is written.
    """
    rtl = lang == "ar"
    values = _values(rows)
    top = max(values, default=0.0) or 1.0
    count = max(len(rows), 1)
    points = []
    for index, (label, value) in enumerate(rows):
        slot = count - 1 - index if rtl else index
        points.append(
            ChartPoint(
                label=label,
                value=format_number(value),
                x=round(SCALE * (slot + 0.5) / count, 2),
                y=round(LINE_HEIGHT - LINE_PAD - (LINE_HEIGHT - 2 * LINE_PAD) * float(value) / top, 2),
            )
        )
    return Chart(
        kind="line",
        title=title,
        description=description,
        columns=columns,
        points=points,
        rtl=rtl,
        uid=uuid.uuid4().hex[:8],
        line=" ".join(f"{p.x},{p.y}" for p in points),
    )
