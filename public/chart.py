"""The monthly trend as an inline SVG: bars for reports received, a line for the on-time share.

Drawn on the server as plain markup, so the page needs no JavaScript and no image request,
scales to any width (``viewBox``), and stays readable by screen readers (``role="img"`` with a
title and description; the page also gives the same figures as a table). Colours keep a
contrast of at least 4.5:1 against white. Every number in the markup is computed here; no
text from a report ever reaches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 56, 16, 40
BAR_COLOUR = "#1f5fa8"  # 6.6:1 on white
LINE_COLOUR = "#a4251d"  # 7.4:1 on white
AXIS_COLOUR = "#4a4a4a"
FONT = 17  # in viewBox units: about 9 px on a 360-pixel phone, where the chart is 330 px wide
LABEL_EVERY = 2  # months between two labels on the axis (every month is in the table below)


@dataclass(frozen=True, slots=True)
class Point:
    month: date
    received: int
    on_time_pct: float | None


def _nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ at or above ``value`` (at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if factor * step >= value:
                return factor * step
        step *= 10


def trend_svg(points: list[Point], *, title: str, description: str) -> str:
    """The chart's markup; ``title`` and ``description`` are plain text (escaped here)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top_count = _nice_ceiling(max((p.received for p in points), default=0))
    slot = plot_w / max(len(points), 1)
    parts = [
        f'<svg class="trend" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="trend-title trend-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="trend-title">{escape(title)}</title>',
        f'<desc id="trend-desc">{escape(description)}</desc>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" font-size="{FONT}" '
        f'fill="{AXIS_COLOUR}">{top_count}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" font-size="{FONT}" '
        f'fill="{AXIS_COLOUR}">0</text>',
        f'<text x="{LEFT + plot_w + 6}" y="{TOP + 4}" font-size="{FONT}" '
        f'fill="{LINE_COLOUR}">100%</text>',
        f'<text x="{LEFT + plot_w + 6}" y="{TOP + plot_h}" font-size="{FONT}" '
        f'fill="{LINE_COLOUR}">0%</text>',
    ]
    line: list[str] = []
    for i, point in enumerate(points):
        x = LEFT + i * slot
        bar_h = plot_h * point.received / top_count
        parts.append(
            f'<rect x="{x + slot * 0.2:.1f}" y="{TOP + plot_h - bar_h:.1f}" '
            f'width="{slot * 0.6:.1f}" height="{bar_h:.1f}" fill="{BAR_COLOUR}"/>'
        )
        if (len(points) - 1 - i) % LABEL_EVERY == 0:  # the latest month always labelled
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{HEIGHT - BOTTOM + 20}" text-anchor="middle" '
                f'font-size="{FONT}" fill="{AXIS_COLOUR}">{point.month:%m/%y}</text>'
            )
        if point.on_time_pct is not None:
            y = TOP + plot_h * (1 - point.on_time_pct / 100)
            line.append(f"{x + slot / 2:.1f},{y:.1f}")
    if len(line) > 1:
        parts.append(
            f'<polyline points="{" ".join(line)}" fill="none" stroke="{LINE_COLOUR}" '
            'stroke-width="2.5"/>'
        )
    for xy in line:
        cx, cy = xy.split(",")
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="3.5" fill="{LINE_COLOUR}"/>')
    parts.append("</svg>")
    return "".join(parts)
