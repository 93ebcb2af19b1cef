"""The downloadable XLSX template: Vietnamese headers, a filled example row, drop-downs for the
coded columns (lists on a second sheet, from the reference tables)."""

from __future__ import annotations

import io

import xlsxwriter
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.imports.columns import COLUMNS
from registry.reference import models as m

TEMPLATE_COLUMNS = [c for c in COLUMNS if c.key not in ("birth_date_male", "birth_date_female")]


def _lists(session: Session) -> dict[str, list[str]]:
    def names(model, column="name_vi"):
        return list(session.scalars(select(getattr(model, column)).order_by(model.rank)))

    return {
        "sex": [_("Nam"), _("Nữ")],
        "ethnicity": list(
            session.scalars(select(m.EthnicGroup.name_vi).order_by(m.EthnicGroup.code))
        ),
        "level": names(m.QualificationLevel),
        "political_theory": names(m.PoliticalTheoryLevel),
        "state_management": names(m.StateManagementLevel),
        "it_skill": names(m.ItSkillLevel),
        "language": [f"{_('Tiếng Anh')} {row}" for row in names(m.LanguageLevel)],
    }


def template_workbook(session: Session) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Danh sách"))
    lists_sheet = book.add_worksheet(_("Danh mục"))
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    text = book.add_format({"num_format": "@"})
    lists = _lists(session)
    for col, column in enumerate(TEMPLATE_COLUMNS):
        sheet.write_string(0, col, str(column.label), bold)
        sheet.write_string(1, col, column.example, text)
        sheet.set_column(col, col, max(12, len(str(column.label)) + 2), text)
        if column.key in lists:
            values = lists[column.key]
            list_col = list(lists).index(column.key)
            lists_sheet.write_string(0, list_col, str(column.label), bold)
            for row, value in enumerate(values, start=1):
                lists_sheet.write_string(row, list_col, value)
            letter = xlsxwriter.utility.xl_col_to_name(list_col)
            sheet.data_validation(
                1,
                col,
                10000,
                col,
                {
                    "validate": "list",
                    "source": f"='{_('Danh mục')}'!${letter}$2:${letter}${len(values) + 1}",
                    "error_type": "warning",
                },
            )
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
