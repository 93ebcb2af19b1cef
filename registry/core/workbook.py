"""Files people read: XLSX workbooks and CSV, written one way for every feature.

Vietnamese headers (multi-level, merged), column widths, a frozen header, totals, sheet names with
diacritics, A4 landscape page setup, and formula injection defused: in XLSX every string is written
as a text cell (never evaluated, no visible apostrophe; the hidden quote-prefix flag guards the cell
when someone edits it), in CSV only values a spreadsheet would evaluate get a leading apostrophe.
Imports no feature; callers pass plain rows and labels."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

import xlsxwriter

# What a spreadsheet reads as the start of a formula, after folding fullwidth and small forms
# (＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫ fold to = + - @ under NFKC) and the minus sign U+2212.
FORMULA_START = frozenset("=+-@\t\r\u2212")
PLAIN_NUMBER = re.compile(r"[+\-]?\d[\d.,]*")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_WIDTH = 60
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def looks_like_formula(value: str) -> bool:
    """True when a spreadsheet opening this text would evaluate it (a plain number is not)."""
    if not value:
        return False
    first = unicodedata.normalize("NFKC", value[0])[:1]
    if first not in FORMULA_START:
        return False
    return not PLAIN_NUMBER.fullmatch(unicodedata.normalize("NFKC", value))


def defuse_csv(value):
    """A CSV cell: text that would be evaluated gets a leading apostrophe; everything else as is."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def csv_chunks(header: list, rows: Iterable[list]) -> Iterator[bytes]:
    """UTF-8 CSV with a byte-order mark (Excel reads Vietnamese correctly), streamed in chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([defuse_csv(str(h)) for h in header])
    for count, row in enumerate(rows, 1):
        writer.writerow(["" if v is None else defuse_csv(v) for v in row])
        if count % 500 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def sheet_name(name: str, taken: set[str] | None = None) -> str:
    """A valid, unique sheet name keeping its diacritics (31 characters, no []:*?/\\)."""
    base = SHEET_FORBIDDEN.sub(" ", unicodedata.normalize("NFC", str(name))).strip("' ")[:31]
    base = base or "Sheet"
    candidate, n = base, 2
    while taken is not None and candidate.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    if taken is not None:
        taken.add(candidate)
    return candidate


def vn_number(value, decimals: int = 0) -> str:
    """1263 -> '1.263'; 3.4 -> '3,4' (Vietnamese separators)."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def vn_percent(value, decimals: int = 1) -> str:
    return "" if value is None else vn_number(value, decimals) + "%"


@dataclass(frozen=True)
class Col:
    """One column: its label (the last header row), kind and optional group label above it."""

    label: str
    kind: str = "text"  # text | int | decimal | percent | date
    width: int | None = None
    group: str | None = None
    total: bool = False  # summed in the totals row
    hidden: bool = False  # e.g. a code column kept for machines


@dataclass
class Sheet:
    name: str
    columns: list[Col]
    rows: Iterable[list]
    titles: list[str] = field(default_factory=list)  # title rows above the header (unit, date)
    notes: list[str] = field(default_factory=list)  # lines under the table
    numbered: bool = False  # the "(1) (2) (3)" row under the header
    totals_label: str | None = None  # a totals row with this label in the first column
    totals: list | None = (
        None  # its values (first column excluded); summed from `total` columns when None
    )
    landscape: bool = True


class _Formats:
    def __init__(self, book):
        base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter"}
        cell = {**base, "border": 1}
        self.title = book.add_format({**base, "bold": True, "font_size": 13})
        self.subtitle = book.add_format({**base, "italic": True})
        self.header = book.add_format(
            {**cell, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#E8EEF7"}
        )
        self.number_row = book.add_format({**cell, "italic": True, "align": "center"})
        self.text = book.add_format({**cell, "text_wrap": True})
        self.guarded = book.add_format({**cell, "text_wrap": True, "quote_prefix": True})
        kinds = {"int": "#,##0", "decimal": "#,##0.0", "percent": "0.0", "date": "dd/mm/yyyy"}
        self.kinds = {k: book.add_format({**cell, "num_format": f}) for k, f in kinds.items()}
        self.total_text = book.add_format({**cell, "bold": True})
        self.total_kinds = {
            k: book.add_format({**cell, "bold": True, "num_format": f}) for k, f in kinds.items()
        }
        self.note = book.add_format({**base, "italic": True, "font_size": 10})


def _write_cell(sheet, row: int, col: int, value, kind: str, formats: _Formats, bold=False):
    if value is None or value == "":
        sheet.write_blank(row, col, None, formats.total_text if bold else formats.text)
    elif isinstance(value, bool):
        sheet.write_string(row, col, "x" if value else "", formats.text)
    elif isinstance(value, int | float) and kind != "text":
        fmt = (formats.total_kinds if bold else formats.kinds).get(kind, formats.kinds["int"])
        sheet.write_number(row, col, value, fmt)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, formats.total_text if bold else formats.text)
    elif isinstance(value, datetime | date):
        sheet.write_datetime(row, col, value, formats.kinds["date"])
    else:
        text = str(value)
        fmt = formats.total_text if bold else formats.text
        # Written as a string, never as a formula; the hidden quote prefix keeps it text on edit.
        sheet.write_string(row, col, text, formats.guarded if looks_like_formula(text) else fmt)


def _header(ws, spec: Sheet, top: int, formats: _Formats) -> int:
    """Write the header (one row, or two when columns have groups); returns the next row."""
    grouped = any(c.group for c in spec.columns)
    col = 0
    while col < len(spec.columns):
        column = spec.columns[col]
        if not grouped:
            ws.write_string(top, col, column.label, formats.header)
            col += 1
            continue
        if column.group is None:
            ws.merge_range(top, col, top + 1, col, column.label, formats.header)
            col += 1
            continue
        end = col
        while end + 1 < len(spec.columns) and spec.columns[end + 1].group == column.group:
            end += 1
        if end > col:
            ws.merge_range(top, col, top, end, column.group, formats.header)
        else:
            ws.write_string(top, col, column.group, formats.header)
        for index in range(col, end + 1):
            ws.write_string(top + 1, index, spec.columns[index].label, formats.header)
        col = end + 1
    return top + (2 if grouped else 1)


def _widths(spec: Sheet, sample: list[list]) -> list[int]:
    widths = []
    for index, column in enumerate(spec.columns):
        if column.width:
            widths.append(column.width)
            continue
        longest = max(
            [len(column.label) // 2 + 2, 8]
            + [len(str(row[index])) + 2 for row in sample if index < len(row) and row[index]]
        )
        widths.append(min(longest, MAX_WIDTH))
    return widths


def _write_sheet(book, ws, spec: Sheet, formats: _Formats) -> None:
    rows = iter(spec.rows)
    sample = [row for _, row in zip(range(200), rows, strict=False)]
    for index, width in enumerate(_widths(spec, sample)):
        options = {"hidden": True} if spec.columns[index].hidden else None
        ws.set_column(index, index, width, None, options)
    last_col = len(spec.columns) - 1
    line = 0
    for index, title in enumerate(spec.titles):
        ws.merge_range(
            line,
            0,
            line,
            max(last_col, 0),
            title,
            formats.title if index == 0 else formats.subtitle,
        )
        line += 1
    if spec.titles:
        line += 1
    header_top = line
    line = _header(ws, spec, line, formats)
    if spec.numbered:
        for index in range(len(spec.columns)):
            ws.write_string(line, index, f"({index + 1})", formats.number_row)
        line += 1
    ws.freeze_panes(line, 1 if spec.totals_label else 0)
    ws.repeat_rows(header_top, line - 1)
    sums = [0] * len(spec.columns)
    for row in _chain(sample, rows):
        for index, value in enumerate(row[: len(spec.columns)]):
            _write_cell(ws, line, index, value, spec.columns[index].kind, formats)
            if spec.columns[index].total and isinstance(value, int | float):
                sums[index] += value
        line += 1
    if spec.totals_label:
        ws.write_string(line, 0, spec.totals_label, formats.total_text)
        for index, column in enumerate(spec.columns[1:], 1):
            if spec.totals is not None:
                value = spec.totals[index - 1] if index - 1 < len(spec.totals) else None
            else:
                value = sums[index] if column.total else None
            _write_cell(ws, line, index, value, column.kind, formats, bold=True)
        line += 1
    for note in spec.notes:
        ws.write_string(line, 0, note, formats.note)
        line += 1
    _page_setup(ws, spec, line, last_col)


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def _page_setup(ws, spec: Sheet, last_row: int, last_col: int) -> None:
    ws.set_paper(9)  # A4
    if spec.landscape:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.print_area(0, 0, max(last_row - 1, 0), max(last_col, 0))


def write_workbook(sheets: Iterable[Sheet], path: str | None = None, big: bool = False) -> str:
    """Write the sheets to an XLSX file (a temporary one unless `path`); returns its path.

    `big` writes row by row in constant memory (long lists such as search exports)."""
    if path is None:
        handle, path = tempfile.mkstemp(suffix=".xlsx")
        os.close(handle)
    book = xlsxwriter.Workbook(
        path,
        {
            "constant_memory": big,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    formats, taken = _Formats(book), set()
    for spec in sheets:
        ws = book.add_worksheet(sheet_name(spec.name, taken))
        _write_sheet(book, ws, spec, formats)
    book.close()
    return path


def file_chunks(path: str, size: int = 64 * 1024) -> Iterator[bytes]:
    """Stream a temporary file and delete it afterwards."""
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(size):
                yield chunk
    finally:
        os.unlink(path)
