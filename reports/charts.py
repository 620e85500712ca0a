"""Inline SVG charts: a signal's daily counts over the baseline and the window (no JavaScript)."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from reports import clock

# A narrow drawing with large type: shown 358 px wide on a 390 px phone, labels stay ≥ 12 px.
WIDTH, HEIGHT, PAD, FONT = 400, 150, 26, 14
MOST = {"id": "maks", "en": "max"}
NO_DATA = {"id": "tanpa data", "en": "no data"}


def short_day(day: date, lang: str) -> str:
    """'24 Okt' / '24 Oct'."""
    return f"{day.day} {clock.MONTHS[lang][day.month - 1][:3]}"


def daily_bars(
    series: list[int | None], last_day: date, window_days: int, title: str, lang: str = "id"
) -> str:
    """Bars per day; the window's days in red, the baseline grey, the baseline mean as a dashed line; days
    before the database's history (None) are a pale band marked "tanpa data", never bars of zero."""
    n = len(series)
    if n == 0:
        return ""
    top = max(max((v for v in series if v is not None), default=0), 1)
    step = (WIDTH - 2 * PAD) / n
    baseline = [v for v in series[: n - window_days] if v is not None]
    mean = sum(baseline) / len(baseline) if baseline else 0.0
    first = last_day - timedelta(days=n - 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" xmlns="http://www.w3.org/2000/svg" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        *no_data_band(series, step, lang),
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#888"/>',
    ]
    for i, value in enumerate(series):
        if value is None:
            continue
        height = (HEIGHT - 2 * PAD) * value / top
        colour = "#c0392b" if i >= n - window_days else "#95a5a6"
        day = first + timedelta(days=i)
        parts.append(
            f'<rect x="{PAD + i * step + 1:.1f}" y="{HEIGHT - PAD - height:.1f}" '
            f'width="{max(step - 2, 1):.1f}" '
            f'height="{height:.1f}" fill="{colour}"><title>{day.isoformat()}: {value}</title></rect>'
        )
    mean_y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * mean / top
    parts += [
        f'<line x1="{PAD}" y1="{mean_y:.1f}" x2="{WIDTH - PAD}" y2="{mean_y:.1f}" stroke="#34495e" '
        'stroke-dasharray="4 3"/>',
        f'<text x="{PAD}" y="{HEIGHT - 5}" font-size="{FONT}" fill="#444">{short_day(first, lang)}</text>',
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 5}" font-size="{FONT}" fill="#444" text-anchor="end">'
        f"{short_day(last_day, lang)}</text>",
        f'<text x="{PAD}" y="{PAD - 8}" font-size="{FONT}" fill="#444">{MOST[lang]} {top}</text>',
        "</svg>",
    ]
    return "".join(parts)


def no_data_band(series: list[int | None], step: float, lang: str) -> list[str]:
    """A pale band over the leading days without data, labelled when it is wide enough to read."""
    missing = next((i for i, value in enumerate(series) if value is not None), len(series))
    if not missing:
        return []
    width = missing * step
    band = f'<rect x="{PAD}" y="{PAD}" width="{width:.1f}" height="{HEIGHT - 2 * PAD}" fill="#ecf0f1"/>'
    if width < 6 * FONT:
        return [band]
    label = (
        f'<text x="{PAD + width / 2:.1f}" y="{HEIGHT / 2:.1f}" font-size="{FONT}" fill="#7f8c8d" '
        f'text-anchor="middle">{NO_DATA[lang]}</text>'
    )
    return [band, label]
