"""Workbooks of contribution lists for people to read: Vietnamese headers and labels, codes last.

All XLSX writing of this package is `write_xlsx` (switchable to registry/core/workbook.py)."""

from __future__ import annotations

import io

import xlsxwriter

from registry.contributions.countries import country_name
from registry.contributions.labels import label

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # neutralise formula injection
    return value


def write_xlsx(title: str, headers: list[str], rows: list[list]) -> bytes:
    """One sheet: a bold header row, then the rows; numbers as numbers with Vietnamese grouping."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    money = book.add_format({"num_format": "#,##0"})
    sheet.write_row(0, 0, headers, bold)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, int) and not isinstance(value, bool):
                sheet.write_number(r, c, value, money if value >= 10000 else None)
            else:
                sheet.write(r, c, _cell(value if value is not None else ""))
    sheet.set_column(0, len(headers) - 1, 22)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def _names(members, role_kind: str) -> str:
    return "; ".join(f"{m.person.full_name} ({label(role_kind, m.role)})" for m in members)


def _vndate(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def tasks_workbook(tasks) -> bytes:
    headers = [
        "Mã nhiệm vụ",
        "Tên nhiệm vụ",
        "Cấp",
        "Cơ quan đặt hàng, giao nhiệm vụ",
        "Lĩnh vực",
        "Năm",
        "Bắt đầu",
        "Kết thúc",
        "Tình trạng",
        "Ngày nghiệm thu",
        "Kết quả",
        "Kinh phí (đồng)",
        "Thành viên",
        "Số hiệu hệ thống",
    ]
    rows = [
        [
            t.code,
            t.title,
            label("level", t.level),
            t.ordering_body,
            t.field.name_vi if t.field else "",
            t.year,
            _vndate(t.start_date),
            _vndate(t.end_date),
            label("status", t.status),
            _vndate(t.acceptance_date),
            label("result", t.result),
            sum(f.amount for f in t.funding),
            _names(t.members, "task_role"),
            t.id,
        ]
        for t in tasks
    ]
    return write_xlsx("Nhiệm vụ KH&CN", headers, rows)


def initiatives_workbook(items) -> bytes:
    headers = [
        "Tên sáng kiến, giải pháp",
        "Cấp ảnh hưởng",
        "Cơ quan công nhận",
        "Số quyết định",
        "Ngày quyết định",
        "Lĩnh vực",
        "Năm",
        "Tác giả",
        "Số hiệu hệ thống",
    ]
    rows = [
        [
            i.title,
            label("effect_level", i.effect_level),
            i.recognising_body,
            i.decision_number,
            _vndate(i.decision_date),
            i.field.name_vi if i.field else "",
            i.year,
            "; ".join(a.person.full_name for a in i.authors),
            i.id,
        ]
        for i in items
    ]
    return write_xlsx("Sáng kiến", headers, rows)


def council_workbook(council) -> bytes:
    """The member list of a council's decision."""
    headers = [
        "STT",
        "Họ và tên",
        "Vai trò trong hội đồng",
        "Cơ quan, đơn vị",
        "Chức vụ",
        "Số hồ sơ",
    ]
    rows = [
        [
            n,
            m.person.full_name,
            label("council_role", m.role),
            m.person.organization.name if m.person.organization else "",
            m.person.position or "",
            m.person_id,
        ]
        for n, m in enumerate(council.members, start=1)
    ]
    return write_xlsx("Thành viên hội đồng", headers, rows)


def partners_workbook(partners, personal: bool) -> bytes:
    """`personal`: whether the reader may see contact details (masked for recruiters)."""
    headers = [
        "Họ và tên",
        "Nước cư trú",
        "Quốc tịch",
        "Chuyên môn",
        "Lĩnh vực",
        "Mức sẵn sàng hợp tác",
        "Kênh liên hệ",
        "Số hồ sơ",
    ]
    rows = [
        [
            p.person.full_name,
            country_name(p.residence_country),
            country_name(p.nationality_country),
            p.expertise,
            p.field.name_vi if p.field else "",
            label("willingness", p.willingness),
            p.contact_channel,
            p.person_id,
        ]
        for p in partners
    ]
    return write_xlsx("Trí thức ở nước ngoài", headers, rows)
