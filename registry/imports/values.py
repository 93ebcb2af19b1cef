"""Pure parsers for the values offices type: dates, identity numbers, phones, coded levels.

Each returns (value, problem): problem is None or a Vietnamese message for the preview.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from flask_babel import lazy_gettext as _l

from registry.text import fold as _fold


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """registry.text.fold, remembered: office lists repeat the same few values endlessly."""
    return _fold(text)


EXCEL_EPOCH = date(1899, 12, 30)
_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_YEAR = re.compile(r"^(\d{4})$")
_NOT_DIGIT = re.compile(r"\D")
MAX_CELL = 1000
OLD_ID = "old-id"  # a 9-digit identity card number: not kept, noted
# Letters (any script's), spaces and the punctuation names carry; emoji and symbols are refused.
_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '’.\-][^\W\d_]+)*\.?$")


def _year_of(two_digits: int, today: date) -> int:
    century = 2000 if two_digits <= today.year % 100 else 1900
    return century + two_digits


def parse_date(value, today: date | None = None) -> tuple[date | None, str | None]:
    """A birth date from a real date, an Excel serial, 'dd/mm/yyyy', 'd/m/yy', 'd-m-yyyy' or a year."""
    today = today or date.today()
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value)
        if 1900 <= number <= today.year:
            return date(number, 1, 1), None
        if 1 <= number < 80000:
            return EXCEL_EPOCH + timedelta(days=number), None
        return None, str(_l("Ngày không hợp lệ: %(v)s", v=value))
    text = str(value).strip()
    try:
        if match := _DATE.match(text):
            day, month, year = (int(part) for part in match.groups())
            if year < 100:
                year = _year_of(year, today)
            return date(year, month, day), None
        if match := _ISO.match(text):
            return date(*(int(part) for part in match.groups())), None
        if match := _YEAR.match(text):
            return date(int(match.group(1)), 1, 1), None
    except ValueError:
        pass
    return None, str(_l("Ngày không hợp lệ: %(v)s", v=text[:40]))


def parse_national_id(value) -> tuple[str | None, str | None]:
    """12 digits; a number that lost its leading zero in Excel gets it back; old 9-digit IDs are
    not CCCD numbers and are left out with a note."""
    if value is None or value == "":
        return None, None
    if isinstance(value, float):
        value = int(value)
    digits = _NOT_DIGIT.sub("", str(value))
    if isinstance(value, int) or len(digits) == 11:
        digits = digits.zfill(12)
    if len(digits) == 9:
        return None, OLD_ID
    if len(digits) != 12:
        return None, str(_l("Số CCCD phải gồm đúng 12 chữ số."))
    return digits, None


def clean_phone(value) -> str | None:
    """'0905 123 456', '84 935 111 222', 935111222, '0233.3862.111' -> a string phonenumbers reads."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        value = int(value)
    text = re.split(r"[,;/]| - ", str(value))[0]
    digits = _NOT_DIGIT.sub("", text)
    if not digits:
        return None
    if text.strip().startswith("+") or (digits.startswith("84") and len(digits) in (11, 12)):
        return "+" + digits
    if not digits.startswith("0") and len(digits) in (9, 10):
        return "0" + digits
    return digits


def check_name(name: str) -> str | None:
    if not _NAME_CHARS.match(name):
        return str(_l("Họ và tên chứa ký tự không hợp lệ."))
    return None


class AliasTable:
    """Folded alias -> code, matched whole or as the first words of a value."""

    def __init__(self, pairs):
        self.exact = dict(pairs)
        self.longest_first = sorted(self.exact, key=len, reverse=True)

    def find(self, value) -> tuple[str | None, str]:
        """(code, rest): 'Kỹ sư Nông nghiệp' -> ('dai_hoc', 'Nông nghiệp'); the rest keeps the
        original wording."""
        text = str(value).strip()
        folded = fold(text)
        if folded in self.exact:
            return self.exact[folded], ""
        for alias in self.longest_first:
            if folded.startswith(alias + " "):
                return self.exact[alias], " ".join(text.split()[len(alias.split()) :])
        return None, text
