"""One sheet row -> the profile values it carries, with a problem list per column. No writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from registry.imports.areas import resolve_area
from registry.imports.columns import BY_KEY
from registry.imports.legacy import to_unicode
from registry.imports.lookups import Lookups, ethnic_key
from registry.imports.values import (
    MAX_CELL,
    OLD_ID,
    check_name,
    clean_phone,
    fold,
    parse_date,
    parse_national_id,
)
from registry.text import nfc, title_case_name

_LEVEL_DIGIT = {"dai_hoc": "7", "thac_si": "8", "tien_si": "9", "tien_si_khoa_hoc": "9"}
_CENTURY_SEX = "male", "female"


@dataclass
class ImportRow:
    number: int  # the row number Excel shows
    person: dict = field(default_factory=dict)  # PersonInput fields the file gives
    qualification: dict | None = None
    language: dict | None = None
    organization_name: str | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    notes: list[str] = field(default_factory=list)

    def error(self, key: str, message) -> None:
        column = BY_KEY.get(key)
        self.errors.append((str(column.label) if column else key, str(message)))


def _text(value, encoding: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not text.isascii():
        text = to_unicode(text, encoding)
    return nfc(text) or ""


def _name(row: ImportRow, raw: str) -> None:
    if not raw:
        row.error("full_name", _l("Thiếu họ và tên."))
        return
    problem = check_name(raw)
    if problem:
        row.error("full_name", problem)
        return
    row.person["full_name"] = title_case_name(raw) if raw.isupper() or raw.islower() else raw


def _coded(row: ImportRow, lookups: Lookups, kind: str, key: str, raw: str, target: str) -> str:
    if not raw:
        return ""
    code, rest = lookups.aliases[kind].find(raw)
    if code is None:
        row.error(key, _l("Không hiểu giá trị “%(value)s”.", value=raw[:60]))
        return ""
    row.person[target] = code
    return rest


def _birth_and_sex(row: ImportRow, lookups: Lookups, cells: dict) -> None:
    birth = cells.get("birth_date")
    by_column = None
    for key, sex in (("birth_date_male", "male"), ("birth_date_female", "female")):
        if cells.get(key) not in (None, ""):
            birth, by_column = cells[key], sex
    value, problem = parse_date(birth)
    if problem:
        row.error("birth_date", problem)
    elif value:
        row.person["birth_date"] = value
    raw_sex = _text(cells.get("sex"))
    if raw_sex:
        code, _rest = lookups.aliases["sex"].find(raw_sex)
        if code is None:
            row.error("sex", _l("Không hiểu giới tính “%(value)s”.", value=raw_sex[:20]))
        row.person["sex"] = code or ""
    elif by_column:
        row.person["sex"] = by_column


def _identity(row: ImportRow, cells: dict) -> None:
    national_id, problem = parse_national_id(cells.get("national_id"))
    if problem == OLD_ID:
        row.notes.append(str(_l("Số CMND cũ 9 chữ số không phải số CCCD; không lưu.")))
    elif problem:
        row.error("national_id", problem)
    if national_id:
        row.person["national_id"] = national_id
        if not row.person.get("sex"):  # the 4th digit tells the sex when no column does
            row.person["sex"] = _CENTURY_SEX[int(national_id[3]) % 2]
    phone = clean_phone(cells.get("phone"))
    if phone:
        row.person["phone"] = phone
    email = _text(cells.get("email"))
    if email:
        row.person["email"] = email


def _ethnicity(row: ImportRow, lookups: Lookups, raw: str) -> None:
    if not raw:
        return
    code = lookups.ethnic.get(ethnic_key(raw))
    if code is None:
        row.error("ethnicity", _l("Không có dân tộc “%(value)s” trong danh mục.", value=raw[:40]))
    else:
        row.person["ethnicity_code"] = code


def _qualification(row: ImportRow, lookups: Lookups, texts: dict, cells: dict) -> None:
    level_text = texts.get("level", "")
    if not level_text:
        return
    code, rest = lookups.aliases["level"].find(level_text)
    if code is None:
        row.error("level", _l("Không hiểu trình độ “%(value)s”.", value=level_text[:60]))
        return
    major = texts.get("major") or rest or None
    field_code = texts.get("field_code") or None
    if not field_code and major and code in _LEVEL_DIGIT:
        known = lookups.majors.get(fold(major))
        field_code = _LEVEL_DIGIT[code] + known[1:] if known else None
    year = cells.get("graduation_year")
    row.qualification = {
        "level_code": code,
        "field_code": field_code,
        "major_name": major,
        "institution": texts.get("institution") or None,
        "year": int(float(year)) if str(year or "").replace(".0", "").isdigit() else None,
    }


def _language(row: ImportRow, lookups: Lookups, raw: str) -> None:
    if not raw:
        return
    words = fold(raw)
    level = language = None
    for alias in lookups.aliases["language_level"].longest_first:
        if f" {alias} " in f" {words} ":
            level = lookups.aliases["language_level"].exact[alias]
            words = f" {words} ".replace(f" {alias} ", " ").strip()
            break
    language = lookups.aliases["language"].exact.get(words) or ("en" if not words else None)
    if level is None or language is None:
        row.error("language", _l("Không hiểu trình độ ngoại ngữ “%(value)s”.", value=raw[:60]))
        return
    row.language = {"language": language, "level_code": level}


def _area(row: ImportRow, lookups: Lookups, texts: dict) -> None:
    address = texts.get("address", "")
    if address:
        row.person["address"] = address[:255]
    source = texts.get("commune") or address
    if not source:
        return
    new, old, note = resolve_area(lookups, source)
    if new:
        row.person["commune_code"] = new
    if old:
        row.person["legacy_commune_code"] = old
    if note:
        row.notes.append(note)


def normalise_row(
    number: int, cells: dict, lookups: Lookups, fonts: dict[str, str] | None = None
) -> ImportRow:
    """`cells`: column key -> raw cell value; `fonts`: column key -> legacy encoding by font."""
    fonts = fonts or {}
    row = ImportRow(number)
    texts = {}
    for key, value in cells.items():
        text = _text(value, fonts.get(key))
        if len(text) > MAX_CELL:
            row.error(key, _l("Ô quá dài (%(n)s ký tự).", n=f"{len(text):,}".replace(",", ".")))
            text = ""
        elif text.startswith("="):
            row.error(key, _l("Ô chứa công thức thay cho giá trị."))
            text = ""
        texts[key] = text
    _name(row, texts.get("full_name", ""))
    _birth_and_sex(row, lookups, cells)
    _identity(row, cells)
    _ethnicity(row, lookups, texts.get("ethnicity", ""))
    _qualification(row, lookups, texts, cells)
    _language(row, lookups, texts.get("language", ""))
    _coded(
        row,
        lookups,
        "political_theory",
        "political_theory",
        texts.get("political_theory", ""),
        "political_theory_code",
    )
    _coded(
        row,
        lookups,
        "state_management",
        "state_management",
        texts.get("state_management", ""),
        "state_management_code",
    )
    _coded(row, lookups, "it_skill", "it_skill", texts.get("it_skill", ""), "it_skill_code")
    _area(row, lookups, texts)
    for key in ("position", "hometown"):
        if texts.get(key):
            row.person[key] = texts[key][:255]
    if texts.get("organization"):
        row.organization_name = texts["organization"][:255]
    if not row.person.get("sex") and not any(k == str(BY_KEY["sex"].label) for k, _m in row.errors):
        row.error("sex", _l("Thiếu giới tính (không có cột giới tính, cột Nam/Nữ hay số CCCD)."))
    return row


def birth_year_ok(value: date | None) -> bool:
    return value is None or 1900 <= value.year <= date.today().year
