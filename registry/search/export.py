"""Exports of a search: the columns each role may take, written through registry/core/workbook.py
(CSV UTF-8 with BOM, XLSX in constant memory; formula injection defused there)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from registry.auth.privacy import sees_personal_data
from registry.core.workbook import Col, Sheet, csv_chunks, file_chunks, write_workbook

__all__ = [
    "COLUMNS",
    "DEFAULT_COLUMNS",
    "allowed_columns",
    "csv_chunks",
    "file_chunks",
    "xlsx_file",
]


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


def xlsx_file(header: list[str], rows: Iterable[list], sheet: str = "Danh sách trí thức") -> str:
    """The search export as a workbook written row by row (constant memory); returns its path."""
    # Identifiers and years stay plain numbers (no thousands separator).
    columns = [Col(str(h)) for h in header]
    return write_workbook([Sheet(sheet, columns, rows, landscape=True)], big=True)
