"""Targets: entered in a form or imported from a small spreadsheet. Flush, never commit."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.analytics.models import Target
from registry.audit.services import record
from registry.core.params import parse_id
from registry.errors import ValidationError
from registry.people.models import Organization
from registry.people.policy import GROUPS
from registry.reference.models import (
    Commune,
    LegacyCommune,
    LegacyDistrict,
    PriorityField,
    Province,
    QualificationLevel,
)
from registry.text import fold, nfc

IMPORT_COLUMNS = (
    "field",
    "area",
    "min_level",
    "required",
    "year",
    "source",
    "quota_group",
    "quota_percent",
)


# Vietnamese headers (as the template writes them, and as people word them) -> column.
TARGET_HEADERS = {
    "linh vuc": "field",
    "linh vuc uu tien": "field",
    "dia ban": "area",
    "ma dia ban": "area",
    "trinh do toi thieu": "min_level",
    "trinh do": "min_level",
    "so luong can": "required",
    "so luong": "required",
    "chi tieu": "required",
    "nam muc tieu": "year",
    "nam": "year",
    "can cu": "source",
    "can cu van ban": "source",
    "van ban": "source",
    "nhom chinh sach": "quota_group",
    "co cau toi thieu": "quota_group",
    "ty le toi thieu": "quota_percent",
    "ty le toi thieu %": "quota_percent",
    "ty le": "quota_percent",
}
TEMPLATE_HEADERS = (
    ("field", "Lĩnh vực ưu tiên"),
    ("area", "Địa bàn"),
    ("min_level", "Trình độ tối thiểu"),
    ("required", "Số lượng cần"),
    ("year", "Năm mục tiêu"),
    ("source", "Căn cứ văn bản"),
    ("quota_group", "Nhóm chính sách"),
    ("quota_percent", "Tỷ lệ tối thiểu (%)"),
)


def _column_key(header: str) -> str:
    text = header.strip().lower()
    return text if text in IMPORT_COLUMNS else TARGET_HEADERS.get(fold(header), text)


@dataclass
class TargetInput:
    field_code: str
    area: str  # province or commune code, or org:<id>
    min_level_code: str
    required: int | str
    target_year: int | str
    source_document: str | None = None
    quota_group: str | None = None
    quota_percent: int | str | None = None


def _number(errors: dict, name: str, raw, low: int, high: int) -> int | None:
    try:
        number = float(str(raw).strip())  # spreadsheets hand over 7 as 7.0
    except (TypeError, ValueError):
        number = None
    if number is None or not number.is_integer():
        errors[name] = str(_l("Phải là một số nguyên."))
        return None
    value = int(number)
    if not low <= value <= high:
        errors[name] = str(
            _l("Giá trị ngoài khoảng cho phép (%(low)d-%(high)d).", low=low, high=high)
        )
        return None
    return value


def _area(session: Session, errors: dict, raw: str) -> tuple[str | None, int | None]:
    raw = (raw or "").strip()
    if raw.startswith("org:") and parse_id(raw[4:]) and session.get(Organization, int(raw[4:])):
        return None, int(raw[4:])
    known = (
        (len(raw) == 2 and session.get(Province, raw))
        or (len(raw) == 3 and session.get(LegacyDistrict, raw))
        or (len(raw) == 5 and (session.get(Commune, raw) or session.get(LegacyCommune, raw)))
    )
    if not known:
        errors["area"] = str(_l("Địa bàn không có trong danh mục: %(code)s", code=raw[:20]))
        return None, None
    return raw, None


def validate_target(session: Session, data: TargetInput) -> dict:
    errors: dict[str, str] = {}
    if session.get(PriorityField, data.field_code or "") is None:
        errors["field_code"] = str(_l("Lĩnh vực ưu tiên không có trong danh mục."))
    if session.get(QualificationLevel, data.min_level_code or "") is None:
        errors["min_level_code"] = str(_l("Trình độ không có trong danh mục."))
    area_code, org_id = _area(session, errors, data.area)
    required = _number(errors, "required", data.required, 1, 1_000_000)
    year = _number(errors, "target_year", data.target_year, 2000, 2100)
    quota_percent = None
    if data.quota_group or data.quota_percent not in (None, ""):
        if data.quota_group not in GROUPS:
            errors["quota_group"] = str(_l("Nhóm chính sách không hợp lệ."))
        quota_percent = _number(errors, "quota_percent", data.quota_percent, 1, 100)
    if errors:
        raise ValidationError(errors)
    return {
        "field_code": data.field_code,
        "area_code": area_code,
        "organization_id": org_id,
        "min_level_code": data.min_level_code,
        "required": required,
        "target_year": year,
        "source_document": nfc(data.source_document) or None,
        "quota_group": data.quota_group or None,
        "quota_percent": quota_percent,
    }


def create_target(session: Session, data: TargetInput, actor=None) -> Target:
    target = Target(**validate_target(session, data))
    session.add(target)
    session.flush()
    if actor is not None:
        record(
            session,
            actor=actor,
            action="target.create",
            target_type="target",
            target_id=target.id,
            details={
                "field": target.field_code,
                "area": data.area,
                "required": target.required,
                "year": target.target_year,
            },
        )
    return target


def update_target(session: Session, target: Target, data: TargetInput, actor=None) -> Target:
    """Change a target in place (same checks as a new one); the audit keeps before and after."""
    values = validate_target(session, data)
    before = {name: getattr(target, name) for name in values}
    for name, value in values.items():
        setattr(target, name, value)
    session.flush()
    changes = {k: [before[k], v] for k, v in values.items() if before[k] != v}
    if actor is not None and changes:
        record(
            session,
            actor=actor,
            action="target.update",
            target_type="target",
            target_id=target.id,
            details={"changes": changes},
        )
    return target


def delete_target(session: Session, target: Target, actor=None) -> None:
    session.delete(target)
    session.flush()
    if actor is not None:
        record(
            session, actor=actor, action="target.delete", target_type="target", target_id=target.id
        )


def read_table(content: bytes, filename: str) -> list[dict[str, str]]:
    """Rows of a small CSV or XLSX file as dicts keyed by the lower-cased header."""
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xls", ".ods")):
        from python_calamine import CalamineWorkbook

        try:
            sheet = (
                CalamineWorkbook.from_filelike(io.BytesIO(content))
                .get_sheet_by_index(0)
                .to_python()
            )
        except Exception as error:  # calamine raises several types for unreadable files
            raise ValidationError(
                {"file": str(_l("Không đọc được tệp bảng tính: %(error)s", error=str(error)[:100]))}
            ) from None
        rows = [[("" if cell is None else str(cell)).strip() for cell in row] for row in sheet]
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError({"file": str(_l("Tệp CSV phải ở dạng UTF-8."))}) from None
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    rows = [row for row in rows if any(row)]
    if not rows:
        raise ValidationError({"file": str(_l("Tệp không có dữ liệu."))})
    header = [_column_key(h) for h in rows[0]]
    missing = [c for c in IMPORT_COLUMNS[:5] if c not in header]
    if missing:
        raise ValidationError(
            {"file": str(_l("Thiếu cột: %(columns)s", columns=", ".join(missing)))}
        )
    return [
        dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)) for row in rows[1:]
    ]


def _value_codes(session: Session) -> dict[str, dict[str, str]]:
    """Names people type in the sheet (folded) -> codes, for the coded columns."""
    from registry.search.labels import facet_labels

    labels = facet_labels(session, {})
    return {
        "field": {
            fold(n): c
            for c, n in session.execute(select(PriorityField.code, PriorityField.name_vi))
        },
        "min_level": {
            fold(n): c
            for c, n in session.execute(select(QualificationLevel.code, QualificationLevel.name_vi))
        },
        "quota_group": {fold(str(n)): c for c, n in labels.get("group", {}).items()},
    }


def _coded(names: dict[str, dict[str, str]], kind: str, raw: str | None) -> str:
    raw = (raw or "").strip()
    return names[kind].get(fold(raw), raw)


def _code_text(raw: str | None) -> str:
    """An area code typed as a number comes back from Excel as 44.0 or 19363.0."""
    raw = (raw or "").strip()
    return raw[:-2] if raw.endswith(".0") and raw[:-2].isdigit() else raw


def targets_template(session: Session) -> bytes:
    """An XLSX to fill in: Vietnamese headers, an example row, drop-downs of names."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet, lists = book.add_worksheet("Chỉ tiêu"), book.add_worksheet("Danh mục")
    bold = book.add_format({"bold": True, "border": 1, "text_wrap": True})
    for col, (_key, label) in enumerate(TEMPLATE_HEADERS):
        sheet.write_string(0, col, label, bold)
        sheet.set_column(col, col, 22)
    field_names = [
        n for (n,) in session.execute(select(PriorityField.name_vi).order_by(PriorityField.name_vi))
    ]
    level_names = [
        n
        for (n,) in session.execute(
            select(QualificationLevel.name_vi).order_by(QualificationLevel.rank)
        )
    ]
    from registry.search.labels import facet_labels

    group_names = [str(n) for n in facet_labels(session, {}).get("group", {}).values()]
    example = [
        field_names[0] if field_names else "",
        "44",
        "Đại học",
        10,
        2030,
        "Kế hoạch số ...",
        "",
        "",
    ]
    sheet.write_row(1, 0, example)
    for col, (values, column) in enumerate(((field_names, 0), (level_names, 2), (group_names, 6))):
        lists.write_column(0, col, values)
        letter = "ABC"[col]
        if values:
            sheet.data_validation(
                1,
                column,
                1000,
                column,
                {"validate": "list", "source": f"='Danh mục'!${letter}$1:${letter}${len(values)}"},
            )
    book.close()
    return buffer.getvalue()


def import_targets(session: Session, content: bytes, filename: str, actor=None) -> list[Target]:
    """All rows or none: any bad row refuses the whole file with a message per row. Headers may be
    the column codes or Vietnamese (as the template writes them); coded columns take names too."""
    rows = read_table(content, filename)
    names = _value_codes(session)
    errors: dict[str, str] = {}
    valid = []
    for number, row in enumerate(rows, start=2):
        data = TargetInput(
            field_code=_coded(names, "field", row.get("field")),
            area=_code_text(row.get("area")),
            min_level_code=_coded(names, "min_level", row.get("min_level")),
            required=row.get("required", ""),
            target_year=row.get("year", ""),
            source_document=row.get("source"),
            quota_group=_coded(names, "quota_group", row.get("quota_group")) or None,
            quota_percent=row.get("quota_percent") or None,
        )
        try:
            valid.append(validate_target(session, data))
        except ValidationError as error:
            errors[f"row {number}"] = str(
                _l(
                    "Dòng %(n)d: %(problems)s",
                    n=number,
                    problems="; ".join(f"{k}: {v}" for k, v in error.errors.items()),
                )
            )
    if errors:
        raise ValidationError(errors)
    created = [Target(**values) for values in valid]
    session.add_all(created)
    session.flush()
    if actor is not None:
        record(
            session,
            actor=actor,
            action="target.import",
            target_type="target",
            details={"file": filename, "rows": len(created)},
        )
    return created
