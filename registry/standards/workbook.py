"""The downloads of this feature, written through the shared workbook module
(registry/core/workbook.py): Vietnamese headers, widths, frozen header, text never evaluated."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response

from registry.core.workbook import XLSX_MIME, Col, Sheet, file_chunks, write_workbook


def xlsx_response(sheets: list[tuple[str, list[str], Iterable[list]]], filename: str) -> Response:
    """A download of `sheets` [(sheet name, header, rows)]."""
    path = write_workbook(
        (Sheet(str(name), [Col(str(h)) for h in header], rows) for name, header, rows in sheets),
        big=True,
    )
    response = Response(file_chunks(path), mimetype=XLSX_MIME)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
