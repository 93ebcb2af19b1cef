"""Positions and their standards from a spreadsheet (CSV or XLSX): all rows or none.

Headers are Vietnamese (the English key is accepted too); levels may be written as codes or as
their Vietnamese names ("Trung cấp", "Chuyên viên", "Bậc 3", "B1"). Every bad row is reported
with its line number and nothing is written."""

from __future__ import annotations

import csv
import io

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.services import record
from registry.errors import ValidationError
from registry.standards.models import JobPosition
from registry.standards.positions import save_position
from registry.standards.requirements import LEVEL_MODELS
from registry.text import fold

# (key, Vietnamese header): the template's columns, in order.
COLUMNS = (
    ("name", "Tên vị trí việc làm"),
    ("field_prefixes", "Mã ngành phù hợp"),
    ("min_level_code", "Trình độ chuyên môn tối thiểu"),
    ("min_theory_code", "Lý luận chính trị tối thiểu"),
    ("min_management_code", "Quản lý nhà nước tối thiểu"),
    ("min_language_code", "Ngoại ngữ tối thiểu"),
    ("min_it_code", "Tin học tối thiểu"),
    ("target_year", "Năm phải đạt chuẩn"),
    ("valid_from", "Áp dụng từ ngày"),
    ("source_document", "Văn bản"),
)
HEADERS = {fold(title): key for key, title in COLUMNS} | {key: key for key, _ in COLUMNS}


def read_rows(content: bytes, filename: str) -> list[list[str]]:
    if (filename or "").lower().endswith((".xlsx", ".xls", ".ods")):
        from python_calamine import CalamineWorkbook

        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
            raw = sheet.to_python()
        except Exception as error:  # calamine raises several types for unreadable files
            message = _l("Không đọc được tệp bảng tính: %(error)s", error=str(error)[:100])
            raise ValidationError({"file": str(message)}) from None
        rows = [[_cell(c) for c in row] for row in raw]
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError({"file": str(_l("Tệp CSV phải ở dạng UTF-8."))}) from None
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    return [row for row in rows if any(row)]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def level_lookup(session: Session) -> dict[str, dict[str, str]]:
    """{column: {folded code, name or legacy/CEFR label: code}}."""
    lookup = {}
    for column, model in LEVEL_MODELS.items():
        names = {}
        for row in session.scalars(select(model)):
            for label in (row.code, row.name_vi, getattr(row, "cefr", None)):
                if label:
                    names[fold(label)] = row.code
        lookup[column] = names
    return lookup


def _row_values(row: dict, lookup: dict) -> dict:
    """The row with level names turned into codes (unknown ones left for the service to refuse)."""
    values = dict(row)
    for column, names in lookup.items():
        written = (row.get(column) or "").strip()
        if written:
            values[column] = names.get(fold(written), written)
    return values


def import_positions(session: Session, content: bytes, filename: str, actor) -> list[JobPosition]:
    """Create or update positions (a new standard version each); any bad row refuses the file."""
    rows = read_rows(content, filename)
    if len(rows) < 2:
        raise ValidationError({"file": str(_l("Tệp không có dữ liệu."))})
    keys = [HEADERS.get(fold(h)) for h in rows[0]]
    if "name" not in keys:
        raise ValidationError({"file": str(_l("Thiếu cột: %(columns)s", columns=COLUMNS[0][1]))})
    lookup, errors, saved, seen = level_lookup(session), {}, [], set()
    for number, cells in enumerate(rows[1:], start=2):
        row = {k: v for k, v in zip(keys, cells, strict=False) if k}
        values = _row_values(row, lookup)
        name = values.pop("name", "")
        if fold(name) in seen:
            errors[f"row {number}"] = str(_l("Dòng %(n)d: vị trí bị lặp trong tệp.", n=number))
            continue
        seen.add(fold(name))
        position = session.scalar(select(JobPosition).where(JobPosition.name == name.strip()))
        values.setdefault("target_year", "2030")
        values["target_year"] = values["target_year"] or "2030"
        try:
            saved.append(
                save_position(
                    session,
                    position,
                    name=name,
                    actor=actor,
                    field_prefixes=values.pop("field_prefixes", ""),
                    **values,
                )
            )
        except ValidationError as error:
            problems = "; ".join(error.errors.values())
            errors[f"row {number}"] = str(
                _l("Dòng %(n)d: %(problems)s", n=number, problems=problems)
            )
    if errors:
        raise ValidationError(errors)
    record(
        session,
        actor=actor,
        action="position.import",
        target_type="job_position",
        details={"file": filename, "rows": len(saved)},
    )
    return saved
