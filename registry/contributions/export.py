"""Workbooks of contribution lists for people to read: Vietnamese headers and labels, codes last.

All XLSX writing of this package is `write_xlsx`, through registry/core/workbook.py."""

from __future__ import annotations

import os

from registry.contributions.countries import country_name
from registry.contributions.labels import label
from registry.core.workbook import Col, Sheet, write_workbook


def write_xlsx(title: str, headers: list[str], rows: list[list]) -> bytes:
    """One sheet through the shared workbook module: Vietnamese headers, widths, frozen header,
    text never evaluated and shown as typed; amounts as numbers with grouping."""
    kinds = ["int" if any(isinstance(r[c], int) and not isinstance(r[c], bool) for r in rows)
             else "text" for c in range(len(headers))]  # fmt: skip
    path = write_workbook(
        [Sheet(title, [Col(h, kind=k) for h, k in zip(headers, kinds, strict=True)], rows)]
    )
    try:
        with open(path, "rb") as handle:
            return handle.read()
    finally:
        os.remove(path)


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
