"""The report rendered for people: an XLSX workbook ("Biểu 01 ... Biểu 14") and a DOCX document.

Both take the computed Report; nothing is counted here."""

from __future__ import annotations

import os
import tempfile

from flask_babel import gettext as _

from registry.core.workbook import DOCX_MIME, Col, Sheet, vn_number, write_workbook
from registry.reports.report import Report

__all__ = ["DOCX_MIME", "report_docx", "report_xlsx"]


def heading_lines(report: Report) -> list[str]:
    lines = [
        _("Đơn vị: %(name)s", name=report.area_name),
        _("Số liệu đến ngày %(day)s", day=report.as_of.strftime("%d/%m/%Y"))
        + (f" — {report.snapshot}" if report.snapshot else " — " + _("số liệu hiện tại")),
    ]
    if report.compare:
        lines.append(
            _(
                "So sánh với: %(name)s (%(day)s)",
                name=report.compare,
                day=report.compare_as_of.strftime("%d/%m/%Y"),
            )  # fmt: skip
        )
    return lines


def change_label() -> str:
    return _("Tăng/giảm so với kỳ trước")


def table_header(table) -> list[tuple[str | None, str]]:
    """(group, label) of every value column, the change column included when there is one."""
    return [(c.group, c.label) for c in table.columns]


def _sheet(table, report: Report) -> Sheet:
    compared = report.compare is not None
    kinds = {"int": "int", "percent": "percent"}
    columns = [Col(table.row_label, width=42)]
    columns += [Col(c.label, kinds.get(c.kind, "int"), group=c.group) for c in table.columns]
    change_kind = "decimal" if table.columns[table.change_index].kind == "percent" else "int"
    if compared:
        columns.append(Col(change_label(), change_kind, width=14))
    columns.append(Col(_("Mã"), width=8))
    rows = [
        [row.label, *row.values, *([row.change] if compared else []), row.code]
        for row in table.rows
    ]
    totals = None
    if table.total is not None:
        totals = [*table.total, *([table.total_change] if compared else []), None]
    notes = [table.sentence] + ([table.note] if table.note else [])
    if not table.rows:
        notes.insert(0, _("Không có số liệu trong địa bàn này."))
    return Sheet(
        _("Biểu %(n)s", n=table.key),
        columns,
        rows,
        titles=[_("Biểu %(n)s. %(title)s", n=table.key, title=table.title), *heading_lines(report)],
        notes=notes,
        numbered=True,
        totals_label=_("Tổng cộng") if totals is not None else None,
        totals=totals,
    )


def report_xlsx(report: Report, path: str | None = None) -> str:
    return write_workbook([_sheet(t, report) for t in report.tables], path)


def _cell_text(value, kind="int") -> str:
    if value is None:
        return ""
    if isinstance(value, float) or kind == "percent":
        return vn_number(value, 1)
    return vn_number(value)


def _signed(value, kind="int") -> str:
    if value is None:
        return ""
    text = _cell_text(abs(value), kind)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def report_docx(report: Report, path: str | None = None) -> str:
    """The "báo cáo số liệu": title, heading lines, then per table a paragraph and the table."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(12)
    document.add_heading(_("BÁO CÁO SỐ LIỆU ĐỘI NGŨ TRÍ THỨC"), level=0)
    for line in heading_lines(report):
        document.add_paragraph(line)
    if report.empty:
        document.add_paragraph(_("Địa bàn này chưa có trí thức nào đang công tác trong số liệu."))
    for table in report.tables:
        document.add_heading(_("Biểu %(n)s. %(title)s", n=table.key, title=table.title), level=2)
        document.add_paragraph(table.sentence)
        _docx_table(document, table, report, Pt)
        if table.note:
            document.add_paragraph(table.note).runs[0].italic = True
    if path is None:
        handle, path = tempfile.mkstemp(suffix=".docx")
        os.close(handle)
    document.save(path)
    return path


def _docx_table(document, table, report: Report, Pt) -> None:
    compared = report.compare is not None
    headers = [table.row_label, *[c.label for c in table.columns]]
    groups = [None, *[c.group for c in table.columns]]
    if compared:
        headers.append(change_label())
        groups.append(None)
    kinds = ["text", *[c.kind for c in table.columns]]
    change_kind = table.columns[table.change_index].kind
    grid = document.add_table(rows=2, cols=len(headers))
    grid.style = "Table Grid"
    for index, (group, label) in enumerate(zip(groups, headers, strict=True)):
        grid.rows[0].cells[index].text = group or label
        grid.rows[1].cells[index].text = label if group else ""
    _merge_header(grid, groups)
    body = [[r.label, *r.values, *([r.change] if compared else [])] for r in table.rows]
    if table.total is not None:
        body.append([_("Tổng cộng"), *table.total, *([table.total_change] if compared else [])])
    for values in body:
        cells = grid.add_row().cells
        for index, value in enumerate(values):
            if index == 0:
                cells[index].text = str(value)
            elif compared and index == len(values) - 1:
                cells[index].text = _signed(value, change_kind)
            else:
                cells[index].text = _cell_text(value, kinds[index])
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)


def _merge_header(grid, groups) -> None:
    """Merge a group label across its columns and an ungrouped label down both header rows."""
    index = 0
    while index < len(groups):
        if groups[index] is None:
            grid.cell(0, index).merge(grid.cell(1, index)).text = grid.cell(0, index).text.split(
                "\n"
            )[0]
            index += 1
            continue
        end = index
        while end + 1 < len(groups) and groups[end + 1] == groups[index]:
            end += 1
        if end > index:
            label = groups[index]
            grid.cell(0, index).merge(grid.cell(0, end)).text = label
        index = end + 1
