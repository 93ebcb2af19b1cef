"""Find the table in a sheet: the header row(s) under the title block, and what each column is.

Offices put a title block above the table, merge two header rows ("Trình độ" over "Chuyên môn",
"LLCT", ...; "Ngày sinh" over "Nam" and "Nữ"), and number the columns "(1) (2) (3)" under them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from registry.imports.columns import is_alias, match_label
from registry.text import fold, nfc

SCAN_ROWS = 40
_COLUMN_NUMBER = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")
_DATE_TEXT = re.compile(r"^(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d+)$")


@dataclass
class Layout:
    """Where the data starts and which column holds what (column index -> key)."""

    header_row: int  # zero-based index of the (first) header row
    data_start: int  # zero-based index of the first data row
    labels: list[str]  # the header label of each column as the file words it
    mapping: dict[int, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "header_row": self.header_row,
            "data_start": self.data_start,
            "labels": self.labels,
            "mapping": {str(k): v for k, v in self.mapping.items()},
        }


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value)) or ""


def data_like(value) -> bool:
    if isinstance(value, int | float | date | datetime) and not isinstance(value, bool):
        return True
    return bool(_DATE_TEXT.match(text_of(value)))


def _score(row: list) -> int:
    return sum(1 for cell in row if match_label(text_of(cell)))


def _is_subheader(row: list, header: list) -> bool:
    cells = [(i, cell) for i, cell in enumerate(row) if text_of(cell)]
    if not cells:
        return False
    for index, cell in cells:
        if data_like(cell):
            return False
        text = fold(text_of(cell))
        above = text_of(header[index]) if index < len(header) else ""
        if not (text in ("nam", "nu") or is_alias(text_of(cell)) or not above):
            return False
    return True


def is_column_numbers(row: list) -> bool:
    cells = [text_of(cell) for cell in row if text_of(cell)]
    return len(cells) >= 3 and all(_COLUMN_NUMBER.match(cell) for cell in cells)


def _combined_labels(header: list, sub: list) -> list[str]:
    width = max(len(header), len(sub))
    labels, parent = [], ""
    for index in range(width):
        top = text_of(header[index]) if index < len(header) else ""
        below = text_of(sub[index]) if index < len(sub) else ""
        parent = top or (parent if below else "")
        if below and not (match_label(below) and fold(below) not in ("nam", "nu")):
            labels.append(f"{parent} {below}".strip())
        else:
            labels.append(below or top)
    return labels


def auto_mapping(labels: list[str]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for index, label in enumerate(labels):
        key = match_label(label)
        if key and key not in mapping.values():
            mapping[index] = key
    return mapping


def detect_layout(rows: list[list]) -> Layout | None:
    """The header row(s) among the first rows of a sheet and the column mapping; None when no
    row names at least two known columns."""
    head = rows[:SCAN_ROWS]
    scores = [_score(row) for row in head]
    if not scores or max(scores) < 2:
        return None
    header_index = scores.index(max(scores))
    header = head[header_index]
    labels = [text_of(cell) for cell in header]
    start = header_index + 1
    if start < len(rows) and _is_subheader(rows[start], header):
        labels = _combined_labels(header, rows[start])
        start += 1
    if start < len(rows) and is_column_numbers(rows[start]):
        start += 1
    return Layout(header_index, start, labels, auto_mapping(labels))


def layout_from(rows: list[list], header_row: int, header_rows: int = 1) -> Layout:
    """The layout when the officer says where the header is (the mapping form)."""
    header = rows[header_row] if header_row < len(rows) else []
    labels = [text_of(cell) for cell in header]
    start = header_row + 1
    if header_rows == 2 and start < len(rows):
        labels = _combined_labels(header, rows[start])
        start += 1
    if start < len(rows) and is_column_numbers(rows[start]):
        start += 1
    return Layout(header_row, start, labels, auto_mapping(labels))
