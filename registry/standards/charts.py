"""The milestone chart: target, actual and projected rate (0-100%) by year, as server-side SVG."""

from __future__ import annotations

from markupsafe import Markup, escape

STYLES = {
    "target": ("#c0392b", ' stroke-dasharray="2 3"'),
    "actual": ("#3b7dd8", ""),
    "projected": ("#27ae60", ' stroke-dasharray="6 3"'),
}


def rate_chart(rows: list[dict], labels: dict[str, str], width: int = 640, height: int = 240):
    """rows: [{"year", "target", "actual", "projected"}]; a missing value leaves a gap."""
    if not rows:
        return Markup("")
    left, right, top, bottom = 40, 150, 12, 28
    step = (width - left - right) / max(len(rows) - 1, 1)

    def x(i: int) -> float:
        return left + i * step

    def y(rate: float) -> float:
        return top + (100 - rate) / 100 * (height - top - bottom)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="chart" aria-label="{escape(labels["title"])}">'
    ]
    for rate in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(rate):.1f}" y2="{y(rate):.1f}" '
            f'stroke="#ddd"/><text x="{left - 4}" y="{y(rate) + 4:.1f}" font-size="10" '
            f'text-anchor="end">{rate}%</text>'
        )
    for i, row in enumerate(rows):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - 8}" font-size="10" text-anchor="middle">'
            f"{row['year']}</text>"
        )
    for index, (key, (colour, dash)) in enumerate(STYLES.items()):
        points = [(x(i), y(r[key]), r[key]) for i, r in enumerate(rows) if r.get(key) is not None]
        if len(points) > 1:
            line = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
            parts.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{line}"/>'
            )
        for px, py, value in points:
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}" data-series="{key}">'
                f"<title>{escape(labels[key])}: {value}%</title></circle>"
            )
        legend_y = top + 14 + index * 16
        parts.append(
            f'<line x1="{width - right + 10}" x2="{width - right + 30}" y1="{legend_y - 4}" '
            f'y2="{legend_y - 4}" stroke="{colour}" stroke-width="2"{dash}/>'
            f'<text x="{width - right + 34}" y="{legend_y}" font-size="11">{escape(labels[key])}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
