"""One converter for every parameter a URL carries: ids, bounded numbers, dates, codes.

Everything a user (or an attacker) can put in a path or a query string is text; these functions
turn it into a value or None, never raise, and accept ASCII digits only (`int("²")` and
`"٣".isdigit()` must not reach the database). Views call `arg_*`; the same parsers back the URL
converter that every `<int:...>` route uses, so an id beyond the database's integers is a 404.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from flask import request
from werkzeug.routing import BaseConverter, ValidationError

# The largest id a PostgreSQL `integer` primary key holds; larger ids cannot exist.
MAX_ID = 2**31 - 1
MAX_PAGE = 1_000_000
MAX_TEXT = 200
_DIGITS = re.compile(r"[0-9]{1,18}")
_SIGNED = re.compile(r"-?[0-9]{1,18}")
_CODE = re.compile(r"[A-Za-z0-9_.:-]{1,40}")
# Province (2 digits), former district (3) or commune (5); discipline codes of 6 or 7 digits.
AREA = re.compile(r"[0-9]{2}|[0-9]{3}|[0-9]{5}")
STUDY = re.compile(r"[0-9]{6,7}")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


def parse_int(raw, low: int, high: int, *, signed: bool = False) -> int | None:
    """An integer written in ASCII digits within [low, high], else None."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not (_SIGNED if signed else _DIGITS).fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


def parse_id(raw) -> int | None:
    return parse_int(raw, 1, MAX_ID)


def parse_year(raw, low: int = 1900, high: int = 2200) -> int | None:
    return parse_int(raw, low, high)


def parse_date(raw) -> date | None:
    """yyyy-mm-dd (what forms and links send) or dd/mm/yyyy, dd-mm-yyyy; ASCII only."""
    if not isinstance(raw, str) or not raw.isascii() or len(raw.strip()) > 10:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse_code(raw, choices=None, pattern: re.Pattern | None = None) -> str | None:
    """A short ASCII code (letters, digits, `_ . : -`), optionally one of `choices`."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not (pattern or _CODE).fullmatch(text):
        return None
    if choices is not None and text not in choices:
        return None
    return text


def parse_area(raw) -> str | None:
    return parse_code(raw, pattern=AREA)


def parse_text(raw, limit: int = MAX_TEXT) -> str | None:
    """Free text cut to `limit` characters, without NUL or other control characters."""
    if not isinstance(raw, str):
        return None
    text = "".join(ch for ch in raw[: limit * 2] if ch >= " " or ch == "\t").strip()
    return text[:limit] or None


def arg_int(name: str, low: int, high: int, default: int | None = None) -> int | None:
    value = parse_int(request.args.get(name), low, high)
    return default if value is None else value


def arg_id(name: str) -> int | None:
    return parse_id(request.args.get(name))


def arg_year(name: str = "year", low: int = 2000, high: int = 2100) -> int | None:
    return parse_year(request.args.get(name), low, high)


def arg_page(name: str = "page") -> int:
    return arg_int(name, 1, MAX_PAGE, 1)


def arg_date(name: str) -> date | None:
    return parse_date(request.args.get(name))


def arg_code(name: str, choices=None, default: str | None = None) -> str | None:
    value = parse_code(request.args.get(name), choices)
    return default if value is None else value


def arg_text(name: str, limit: int = MAX_TEXT) -> str | None:
    return parse_text(request.args.get(name), limit)


class IdConverter(BaseConverter):
    """`<int:...>` in every route: ASCII digits, 1..MAX_ID; anything else is a 404."""

    regex = r"[0-9]{1,18}"
    weight = 50
    part_isolating = True

    def to_python(self, value: str) -> int:
        parsed = parse_id(value)
        if parsed is None:
            raise ValidationError()
        return parsed

    def to_url(self, value) -> str:
        return str(int(value))


def _has_nul(values) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in values.items(multi=True))


def refuse_nul() -> None:
    """NUL is never part of a valid parameter, and PostgreSQL refuses it in text: a 400, not a
    500 from deep inside a query."""
    from flask import abort

    if "\x00" in request.path or _has_nul(request.args):
        abort(400)
    # Uploads (multipart) are left to their views, which may allow a larger body than the
    # app-wide limit and refuse an oversized file with their own message before reading it.
    if (
        request.method in ("POST", "PUT", "PATCH")
        and request.mimetype != "multipart/form-data"
        and _has_nul(request.form)
    ):
        abort(400)


def install(app) -> None:
    """Replace Flask's `int` converter before any blueprint registers its routes."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_nul)
