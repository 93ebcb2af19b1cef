"""Streamed exports of a search: CSV (UTF-8 with BOM, for Excel) and XLSX (constant memory).

Pure functions: rows in, bytes out. Cells that a spreadsheet would run as a formula are defused."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import xlsxwriter
from flask_babel import lazy_gettext as _l

from registry.auth.privacy import sees_personal_data

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    personal: bool = False


COLUMNS = (
    Column("id", _l("Số hồ sơ")),
    Column("full_name", _l("Họ và tên")),
    Column("sex", _l("Giới tính")),
    Column("birth_date", _l("Ngày sinh"), True),
    Column("birth_year", _l("Năm sinh")),
    Column("ethnicity", _l("Dân tộc"), True),
    Column("national_id", _l("Số CCCD"), True),
    Column("phone", _l("Điện thoại"), True),
    Column("email", _l("Email"), True),
    Column("highest_level", _l("Trình độ cao nhất")),
    Column("majors", _l("Chuyên ngành")),
    Column("academic_title", _l("Học hàm")),
    Column("political_theory", _l("Lý luận chính trị")),
    Column("state_management", _l("Quản lý nhà nước")),
    Column("organization", _l("Cơ quan, đơn vị")),
    Column("position", _l("Chức vụ")),
    Column("commune", _l("Xã, phường")),
    Column("sector", _l("Khu vực")),
    Column("status", _l("Trạng thái")),
    Column("party_member", _l("Đảng viên"), True),
)
DEFAULT_COLUMNS = (
    "id",
    "full_name",
    "sex",
    "birth_year",
    "highest_level",
    "majors",
    "organization",
    "position",
    "commune",
    "status",
)


def allowed_columns(user) -> list[Column]:
    """Columns a role may export: personal ones only for those who may see personal data."""
    personal = sees_personal_data(user) and user.role != "individual"
    return [c for c in COLUMNS if personal or not c.personal]


def safe_cell(value):
    """Neutralise formula injection: text starting like a formula is prefixed with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_chunks(header: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([safe_cell(h) for h in header])
    for count, row in enumerate(rows, 1):
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
        if count % 500 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_file(header: list[str], rows: Iterable[list], sheet: str = "Danh sach") -> str:
    """Write an XLSX in constant memory to a temporary file; returns its path (caller deletes)."""
    return xlsx_sheets([(sheet, header, rows)])


def xlsx_sheets(sheets: list[tuple[str, list[str], Iterable[list]]]) -> str:
    """Several sheets (name, header, rows) in one XLSX written in constant memory; returns its path."""
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    workbook = xlsxwriter.Workbook(
        path, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = workbook.add_format({"bold": True})
    for name, header, rows in sheets:
        worksheet = workbook.add_worksheet(name[:31])
        worksheet.write_row(0, 0, [str(h) for h in header], bold)
        for index, row in enumerate(rows, 1):
            worksheet.write_row(index, 0, ["" if v is None else safe_cell(v) for v in row])
    workbook.close()
    return path


def file_chunks(path: str, size: int = 64 * 1024) -> Iterator[bytes]:
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(size):
                yield chunk
    finally:
        os.unlink(path)
