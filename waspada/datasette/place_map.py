"""A small offline map of an article's place: its province's outline, the kabupaten/kota as a dot.

Drawn as inline SVG from the project's own map data (reports/data/map.json.gz: province outlines and
kabupaten/kota centres), so it needs no tile server and no internet.
"""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

from reports import maps

NUMBER_PAIR = re.compile(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")
Box = tuple[float, float, float, float]


def bounds(path: str) -> Box | None:
    """(x0, y0, x1, y1) of an SVG path made of M/L/Z commands with x,y pairs."""
    points = [(float(x), float(y)) for x, y in NUMBER_PAIR.findall(path or "")]
    if not points:
        return None
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _frame(box: Box) -> Box:
    """The box padded by a fifth (at least 4 px of the national map) and made at least 4:3 wide."""
    x0, y0, x1, y1 = box
    pad = max(4.0, 0.2 * max(x1 - x0, y1 - y0))
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    width, height = x1 - x0, y1 - y0
    if width < height * 4 / 3:
        grow = (height * 4 / 3 - width) / 2
        x0, x1 = x0 - grow, x1 + grow
    return x0, y0, x1, y1


def _overlaps(one: Box | None, two: Box) -> bool:
    return one is not None and one[0] < two[2] and two[0] < one[2] and one[1] < two[3] and two[1] < one[3]


def svg(province_code: str | None, regency_code: str | None, title: str) -> Markup | None:
    """The map of the place (None when the province has no outline in the map data)."""
    provinces = maps.data()["provinces"]
    province = provinces.get(province_code or "")
    box = bounds(province["path"]) if province and province.get("path") else None
    if box is None:
        return None
    x0, y0, x1, y1 = view = _frame(box)
    parts = [
        f'<svg class="wa-map" id="place-map" viewBox="{x0:.1f} {y0:.1f} {x1 - x0:.1f} {y1 - y0:.1f}" '
        f'role="img" xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>",
        f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" fill="#eaf2f8"/>',
    ]
    for code, other in sorted(provinces.items()):
        if code != province_code and _overlaps(bounds(other.get("path", "")), view):
            parts.append(_outline(other, "#f7f4ec", "#b5afa2"))
    parts.append(_outline(province, "#fbe9c6", "#8a6d1f"))
    regency = maps.region(regency_code) if regency_code else None
    if regency:
        x, y = maps.project(regency["lng"], regency["lat"])
        parts.append(
            f'<circle cx="{x:.2f}" cy="{y:.2f}" r="{0.035 * (x1 - x0):.2f}" fill="#c0392b" stroke="#fff" '
            f'stroke-width="1.5" vector-effect="non-scaling-stroke" id="place-dot">'
            f"<title>{escape(regency['name'])}</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _outline(province: dict, fill: str, stroke: str) -> str:
    return (
        f'<path d="{province["path"]}" fill="{fill}" stroke="{stroke}" stroke-width="1" '
        f'vector-effect="non-scaling-stroke"><title>{escape(province["name"])}</title></path>'
    )
