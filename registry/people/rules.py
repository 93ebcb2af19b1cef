"""Pure checks of personal identifiers: CCCD national ID, phone numbers, e-mail."""

from __future__ import annotations

from datetime import date

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

# 4th digit of a CCCD: century of birth and sex (even male, odd female).
_CENTURY_BASE = {0: 1900, 2: 2000, 4: 2100, 6: 2200, 8: 2300}


def check_national_id(value: str, sex: str | None, birth_date: date | None) -> str | None:
    """Return an error message when a 12-digit CCCD is malformed or disagrees with the person."""
    if len(value) != 12 or not value.isdigit():
        return str(_l("Số CCCD phải gồm đúng 12 chữ số."))
    digit = int(value[3])
    century = _CENTURY_BASE[digit - digit % 2]
    id_sex = "female" if digit % 2 else "male"
    if sex and sex != id_sex:
        return str(_l("Chữ số thứ 4 của CCCD (giới tính) không khớp với giới tính đã khai."))
    if birth_date is not None:
        if century + int(value[4:6]) != birth_date.year:
            return str(_l("Chữ số thế kỷ và năm sinh trong CCCD không khớp với ngày sinh."))
    return None


def normalise_phone(value: str) -> tuple[str | None, str | None]:
    """Parse a Vietnamese or international number; returns (E.164, error)."""
    try:
        number = phonenumbers.parse(value, "VN")
    except phonenumbers.NumberParseException:
        return None, str(_l("Số điện thoại không hợp lệ."))
    if not phonenumbers.is_valid_number(number):
        return None, str(_l("Số điện thoại không hợp lệ."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


def display_phone(e164: str | None) -> str:
    """+84912345678 -> 0912 345 678 for Vietnamese numbers, international format otherwise."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "VN")
    except phonenumbers.NumberParseException:
        return e164
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 84
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def normalise_email(value: str) -> tuple[str | None, str | None]:
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return None, str(_l("Địa chỉ email không hợp lệ."))
    return result.normalized, None
