"""The one place this feature writes XLSX (to be switched to registry/core/workbook.py when it
lands): sheets of Vietnamese headers and rows, cells neutralised against formula injection."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

import xlsxwriter
from flask import Response

from registry.search.export import safe_cell

MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(sheets: list[tuple[str, list[str], Iterable[list]]], filename: str) -> Response:
    """A download of `sheets` [(sheet name, header, rows)], written in constant memory."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": True,
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for name, header, rows in sheets:
        sheet = workbook.add_worksheet(name[:31])
        sheet.write_row(0, 0, [str(h) for h in header], bold)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, value, day)
                else:
                    sheet.write(r, c, "" if value is None else safe_cell(value))
    workbook.close()
    response = Response(buffer.getvalue(), mimetype=MIMETYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
