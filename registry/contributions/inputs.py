"""Reading raw values (form, API JSON, CLI) into typed ones, or a Vietnamese message per field."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from registry.contributions.labels import LABELS
from registry.errors import ValidationError
from registry.people.models import Person
from registry.reference.models import PriorityField
from registry.text import nfc


def text(data: dict, key: str, limit: int = 255, required: bool = False) -> str | None:
    value = nfc(str(data.get(key) or "").strip()) or None
    if value is None and required:
        raise ValidationError({key: str(_l("Trường này là bắt buộc."))})
    if value and len(value) > limit:
        raise ValidationError({key: str(_l("Quá dài (tối đa %(n)d ký tự).", n=limit))})
    return value


def integer(data: dict, key: str, low: int, high: int, required: bool = False) -> int | None:
    raw = data.get(key)
    if raw in (None, ""):
        if required:
            raise ValidationError({key: str(_l("Trường này là bắt buộc."))})
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise ValidationError({key: str(_l("Phải là một số nguyên."))}) from None
    if not low <= value <= high:
        raise ValidationError(
            {key: str(_l("Giá trị ngoài khoảng cho phép (%(low)d-%(high)d).", low=low, high=high))}
        )
    return value


_MONEY = re.compile(r"^\d{1,3}([.\s]\d{3})*$|^\d+$")


def money(raw, key: str) -> int:
    """An amount in VND: digits, optionally grouped by dots or spaces (1.500.000); never negative."""
    if isinstance(raw, bool):
        raise ValidationError({key: str(_l("Số tiền chỉ gồm chữ số (đồng)."))})
    if isinstance(raw, int):
        value = raw
    else:
        cleaned = str(raw or "").strip()
        if cleaned.startswith("-"):
            raise ValidationError({key: str(_l("Số tiền không được âm."))})
        if not _MONEY.match(cleaned):
            raise ValidationError({key: str(_l("Số tiền chỉ gồm chữ số (đồng)."))})
        value = int(re.sub(r"\D", "", cleaned))
    if value < 0:
        raise ValidationError({key: str(_l("Số tiền không được âm."))})
    if value > 10**15:
        raise ValidationError({key: str(_l("Số tiền quá lớn."))})
    return value


def day(
    data: dict, key: str, required: bool = False, past: bool = False, today: date | None = None
) -> date | None:
    raw = data.get(key)
    if raw in (None, ""):
        if required:
            raise ValidationError({key: str(_l("Ngày là bắt buộc."))})
        return None
    if isinstance(raw, date):
        value = raw
    else:
        try:
            value = date.fromisoformat(str(raw).strip())
        except ValueError:
            raise ValidationError({key: str(_l("Ngày không hợp lệ (năm-tháng-ngày)."))}) from None
    if past and value > (today or date.today()):
        raise ValidationError({key: str(_l("Ngày không thể ở sau hôm nay."))})
    return value


def period(data: dict, start_key: str = "start_date", end_key: str = "end_date", **kw):
    start, end = day(data, start_key, **kw), day(data, end_key)
    if start is not None and end is not None and end < start:
        raise ValidationError({end_key: str(_l("Ngày kết thúc phải sau ngày bắt đầu."))})
    if end is not None and start is None:
        raise ValidationError({start_key: str(_l("Nhập ngày bắt đầu."))})
    return start, end


def choice(data: dict, key: str, labels: str, required: bool = True) -> str | None:
    value = str(data.get(key) or "").strip()
    if not value:
        if required:
            raise ValidationError({key: str(_l("Hãy chọn một giá trị."))})
        return None
    if value not in LABELS[labels]:
        raise ValidationError({key: str(_l("Giá trị “%(v)s” không hợp lệ.", v=value))})
    return value


def priority_field(session: Session, data: dict, key: str = "field_code") -> str | None:
    code = str(data.get(key) or "").strip()
    if not code:
        return None
    if session.get(PriorityField, code) is None:
        raise ValidationError({key: str(_l("Lĩnh vực ưu tiên không có trong danh mục."))})
    return code


def study_code(data: dict, key: str = "study_code") -> str | None:
    code = str(data.get(key) or "").strip()
    if code and not re.fullmatch(r"\d{7}", code):
        raise ValidationError({key: str(_l("Mã ngành đào tạo gồm 7 chữ số."))})
    return code or None


def person(session: Session, raw, key: str) -> Person:
    try:
        found = session.get(Person, int(raw))
    except (TypeError, ValueError):
        found = None
    if found is None or found.erased_at is not None:
        raise ValidationError({key: str(_l("Không có hồ sơ số %(id)s.", id=raw))})
    return found


def identifier(data: dict, key: str, pattern: str, message) -> str | None:
    value = str(data.get(key) or "").strip().upper() or None
    if value and not re.fullmatch(pattern, value):
        raise ValidationError({key: str(message)})
    return value
