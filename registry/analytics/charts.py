"""Server-rendered SVG charts: no script, print well, readable without colour."""

from __future__ import annotations

from markupsafe import Markup, escape


def _summary(title: str, lines_: list[str]) -> str:
    """The chart's text alternative: its title and every value, for screen readers."""
    return str(escape(f"{title}. " + "; ".join(lines_)))


def bars(
    rows: list[tuple[str, int, int]],
    supply_label: str,
    target_label: str,
    width: int = 640,
    title: str = "",
) -> Markup:
    """Horizontal bars of supply against target per row (label, supply, target)."""
    if not rows:
        return Markup("")
    top = max(max(s, t) for _, s, t in rows) or 1
    row_height, label_width = 26, 250
    scale = (width - label_width - 60) / top
    height = row_height * len(rows) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="chart" aria-label="'
        + _summary(
            title or f"{supply_label} / {target_label}",
            [f"{label}: {supply_label} {s}, {target_label} {t}" for label, s, t in rows],
        )
        + '">'
    ]
    for index, (label, supply, target) in enumerate(rows):
        y = index * row_height + 4
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(short)}'
            f"<title>{escape(label)}</title></text>"
        )
        parts.append(
            f'<rect x="{label_width}" y="{y + 2}" width="{max(supply * scale, 1):.1f}" height="16" fill="#3b7dd8">'
            f"<title>{escape(supply_label)}: {supply}</title></rect>"
        )
        x = label_width + target * scale
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y}" y2="{y + 20}" stroke="#c0392b" stroke-width="3">'
            f"<title>{escape(target_label)}: {target}</title></line>"
        )
        parts.append(
            f'<text x="{label_width + max(supply, target) * scale + 6:.1f}" y="{y + 15}" font-size="11">'
            f"{supply} / {target}</text>"
        )
    legend_y = height - 8
    parts.append(
        f'<rect x="{label_width}" y="{legend_y - 9}" width="12" height="10" fill="#3b7dd8"/>'
        f'<text x="{label_width + 16}" y="{legend_y}" font-size="11">{escape(supply_label)}</text>'
        f'<line x1="{label_width + 160}" x2="{label_width + 160}" y1="{legend_y - 10}" y2="{legend_y + 1}" '
        f'stroke="#c0392b" stroke-width="3"/><text x="{label_width + 166}" y="{legend_y}" font-size="11">'
        f"{escape(target_label)}</text>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def lines(
    series: dict[str, dict[int, int]], width: int = 760, height: int = 240, title: str = ""
) -> Markup:
    """One polyline per series over years (series: name -> {year: value})."""
    series = {name: values for name, values in series.items() if any(values.values())}
    if not series:
        return Markup("")
    years = sorted(next(iter(series.values())))
    top = max(max(values.values()) for values in series.values()) or 1
    left, bottom, right = 50, 30, 260
    step = (width - left - right) / max(len(years) - 1, 1)
    palette = (
        "#3b7dd8",
        "#c0392b",
        "#27ae60",
        "#8e44ad",
        "#d35400",
        "#16a085",
        "#2c3e50",
        "#7f8c8d",
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="chart" aria-label="'
        + _summary(
            title,
            [
                f"{name}: " + ", ".join(f"{year} {values[year]}" for year in years)
                for name, values in series.items()
            ],
        )
        + '">'
    ]
    for i, year in enumerate(years):
        parts.append(
            f'<text x="{left + i * step:.1f}" y="{height - 10}" font-size="10" text-anchor="middle">{year}</text>'
        )
    parts.append(
        f'<text x="4" y="14" font-size="10">{top}</text><text x="4" y="{height - bottom}" font-size="10">0</text>'
    )
    for index, (name, values) in enumerate(series.items()):
        colour = palette[index % len(palette)]
        dash = "" if index < len(palette) else ' stroke-dasharray="4 2"'
        points = " ".join(
            f"{left + i * step:.1f},{(height - bottom) - values[y] / top * (height - bottom - 20):.1f}"
            for i, y in enumerate(years)
        )
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{points}">'
            f"<title>{escape(name)}</title></polyline>"
        )
        short = name if len(name) <= 40 else name[:39] + "…"
        parts.append(
            f'<text x="{width - right + 8}" y="{20 + index * 14}" font-size="11" fill="{colour}">{escape(short)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
