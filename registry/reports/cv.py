"""The printable curriculum vitae ("sơ yếu lý lịch"): one set of sections for the print page and
the DOCX, laid out like the form offices file; personal data masked as on the profile page."""

from __future__ import annotations

import os
import tempfile

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from registry.contributions.people_queries import contribution_list
from registry.people.forms import LANGUAGE_LABELS, label
from registry.people.models import Person
from registry.people.profile import profile_view


def _name(item) -> str:
    return (getattr(item, "name_vi", None) or getattr(item, "name", None) or "") if item else ""


def _day(value) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    return value.strftime("%d/%m/%Y")


def cv_data(session: Session, person: Person, viewer) -> dict:
    """Sections of the CV as plain rows and tables."""
    view = profile_view(session, person, viewer)
    p = person
    commune = p.commune.name if p.commune else (p.legacy_commune.name if p.legacy_commune else "")
    general = [
        (_("Họ và tên"), p.full_name),
        (_("Giới tính"), label("sex", p.sex)),
        (_("Ngày sinh") if view["personal"] else _("Nhóm tuổi"),
         _day(view["birth_date"]) if view["personal"] else view["age_band"] or ""),
        (_("Dân tộc"), view["ethnicity"] or ""),
        (_("Quê quán"), view["hometown"] or ""),
        (_("Nơi ở hiện nay"), view["address"] or commune),
        (_("Số CCCD"), view["national_id"] or ""),
        (_("Điện thoại"), view["phone"] or ""),
        (_("Email"), view["email"] or ""),
        (_("Đảng viên"), view["party"] or ""),
        (_("Cơ quan, đơn vị"), p.organization.name if p.organization else ""),
        (_("Chức vụ, vị trí việc làm"), p.position or ""),
    ]  # fmt: skip
    levels = [
        (_("Trình độ chuyên môn cao nhất"), _name(p.highest_level)),
        (_("Học hàm"), _name(p.academic_title) + (f" ({p.academic_title_year})" if p.academic_title_year else "")),
        (_("Lý luận chính trị"), _name(p.political_theory)),
        (_("Quản lý nhà nước"), _name(p.state_management)),
        (_("Tin học"), _name(p.it_skill)),
        (_("Ngoại ngữ"), "; ".join(f"{LANGUAGE_LABELS.get(x.language, x.language)} {_name(x.level)}" for x in p.languages)),
    ]  # fmt: skip
    training = [
        [_name(q.level), q.major_name or "", q.field_code or "", q.institution or "", q.year or ""]
        for q in p.qualifications
    ]
    work = [
        [_day(w.start_date), _day(w.end_date) or _("nay"),
         w.organization.name if w.organization else (w.organization_name or ""), w.position or ""]
        for w in p.work_history
    ]  # fmt: skip
    achievements = [list(row) for row in contribution_list(session, p.id)]
    return {
        "person": p,
        "personal": view["personal"],
        "general": general,
        "levels": levels,
        "tables": [
            (_("III. Quá trình đào tạo"),
             [_("Trình độ"), _("Chuyên ngành"), _("Mã ngành"), _("Cơ sở đào tạo"), _("Năm tốt nghiệp")], training),
            (_("IV. Quá trình công tác"), [_("Từ ngày"), _("Đến ngày"), _("Cơ quan, đơn vị"), _("Chức vụ")], work),
            (_("V. Đề tài, sáng kiến, công trình, giải thưởng"), [_("Loại"), _("Tên"), _("Cấp"), _("Năm")], achievements),
        ],
    }  # fmt: skip


def cv_docx(data: dict) -> str:
    """The same CV as an editable Word document (A4 portrait); returns a temporary file path."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(12)
    title = document.add_heading(_("SƠ YẾU LÝ LỊCH"), level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for heading, rows in ((_("I. Thông tin chung"), data["general"]),
                          (_("II. Trình độ"), data["levels"])):  # fmt: skip
        document.add_heading(heading, level=2)
        grid = document.add_table(rows=0, cols=2)
        grid.style = "Table Grid"
        for name, value in rows:
            cells = grid.add_row().cells
            cells[0].text, cells[1].text = str(name), str(value or "")
    for heading, header, rows in data["tables"]:
        document.add_heading(heading, level=2)
        grid = document.add_table(rows=1, cols=len(header))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, header, strict=True):
            cell.text = str(text)
        for row in rows or [[_("Không có")] + [""] * (len(header) - 1)]:
            for cell, value in zip(grid.add_row().cells, row, strict=True):
                cell.text = str(value)
    document.add_paragraph()
    signatures = document.add_table(rows=2, cols=2)
    signatures.cell(0, 0).text = _("XÁC NHẬN CỦA CƠ QUAN, ĐƠN VỊ")
    signatures.cell(0, 1).text = _("……, ngày …… tháng …… năm ……\nNGƯỜI KHAI")
    signatures.cell(1, 0).text = _("(Ký tên, đóng dấu)")
    signatures.cell(1, 1).text = _("(Ký, ghi rõ họ tên)")
    handle, path = tempfile.mkstemp(suffix=".docx")
    os.close(handle)
    document.save(path)
    return path
