"""The chart ``/stats`` sends beside its table: on-time share by department and the trend.

Drawn with Pillow (a PNG every chat shows as a photo). The picture holds only department
codes, numbers and month numbers — all ASCII, so any font draws them — while the words go in
the caption, in the reader's language. Bars are drawn only for departments with at least
``MIN_REPORTS_TO_RANK`` reports, as ``/stats`` ranks only those; the others are listed
greyed with their count. Pure: figures in, bytes out.
"""

from __future__ import annotations

import io
from datetime import date

from PIL import Image, ImageDraw, ImageFont

from complaints.stats import MIN_REPORTS_TO_RANK, DepartmentStats, Stats

WIDTH = 900
ROW = 26
BAR = (31, 95, 168)
LINE = (164, 37, 29)
GREY = (110, 110, 110)
INK = (26, 26, 26)
RULE = (208, 215, 226)
MAX_ROWS = 20  # the largest departments; a chat photo cannot show a hundred rows legibly


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def stats_chart(stats: Stats, trend: list[tuple[date, Stats]]) -> bytes:
    rows = sorted(stats.departments, key=lambda r: -r.received)[:MAX_ROWS]
    bars_h = 40 + ROW * max(len(rows), 1)
    trend_h = 220
    image = Image.new("RGB", (WIDTH, bars_h + trend_h + 30), "white")
    draw = ImageDraw.Draw(image)
    _bars(draw, rows, top=10)
    _trend(draw, trend, top=bars_h + 20, height=trend_h)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _bars(draw: ImageDraw.ImageDraw, rows: list[DepartmentStats], top: int) -> None:
    font = _font(15)
    left, right = 130, WIDTH - 150
    draw.text((left, top), "0%", fill=GREY, font=font)
    draw.text((right - 30, top), "100%", fill=GREY, font=font)
    for i, row in enumerate(rows):
        y = top + 30 + i * ROW
        draw.text((10, y), row.department[:12], fill=INK, font=font)
        draw.rectangle((left, y + 2, right, y + ROW - 6), outline=RULE)
        label = f"n={row.received}"
        if row.received >= MIN_REPORTS_TO_RANK and row.on_time_pct is not None:
            end = left + (right - left) * row.on_time_pct / 100
            draw.rectangle((left, y + 2, end, y + ROW - 6), fill=BAR)
            label = f"{row.on_time_pct:g}%  {label}"
            draw.text((right + 10, y), label, fill=INK, font=font)
        else:
            draw.text((right + 10, y), label, fill=GREY, font=font)


def _trend(
    draw: ImageDraw.ImageDraw, trend: list[tuple[date, Stats]], top: int, height: int
) -> None:
    font = _font(14)
    left, right = 60, WIDTH - 30
    bottom = top + height - 30
    draw.line((left, bottom, right, bottom), fill=GREY)
    draw.text((10, top - 8), "100%", fill=LINE, font=font)
    draw.text((25, bottom - 8), "0%", fill=LINE, font=font)
    slot = (right - left) / max(len(trend), 1)
    points = []
    for i, (month, stats) in enumerate(trend):
        x = left + slot * (i + 0.5)
        draw.text((x - 16, bottom + 6), f"{month:%m/%y}", fill=GREY, font=font)
        if stats.total.on_time_pct is not None:
            points.append((x, bottom - (bottom - top) * stats.total.on_time_pct / 100))
    if len(points) > 1:
        draw.line(points, fill=LINE, width=3)
    for x, y in points:
        draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill=LINE)
