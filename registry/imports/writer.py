"""The errors file: the rows that could not be imported, as the office's own sheet with a "Lỗi"
column added, to correct and upload again. Written with XlsxWriter in constant memory."""

from __future__ import annotations

from datetime import date, datetime

import xlsxwriter
from flask_babel import gettext as _


def _safe(value):
    """Cells starting with = + - @ would run as formulas in Excel: keep them as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


class RowWriter:
    def __init__(self, path: str):
        self.book = xlsxwriter.Workbook(
            path, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        self.sheet = self.book.add_worksheet(_("Lỗi"))
        self.bold = self.book.add_format({"bold": True, "font_color": "#9c0006"})
        self.date = self.book.add_format({"num_format": "dd/mm/yyyy"})
        self.next_row = 0
        self.width = 0
        self.count = 0

    def _write(self, cells, message: str | None, bold=False) -> None:
        for col, value in enumerate(cells):
            if isinstance(value, datetime | date):
                self.sheet.write_datetime(self.next_row, col, value, self.date)
            elif value is not None and value != "":
                self.sheet.write(self.next_row, col, _safe(value))
        if message:
            self.sheet.write_string(self.next_row, self.width, message, self.bold if bold else None)
        self.next_row += 1

    def head(self, rows: list[list], layout) -> None:
        self.width = max([len(layout.labels), *(len(r) for r in rows)] or [0])
        for index, row in enumerate(rows):
            self._write(row, _("Lỗi") if index == layout.header_row else None, bold=True)

    def row(self, cells: list, message: str) -> None:
        self._write(cells, message)
        self.count += 1

    def close(self) -> None:
        self.book.close()
