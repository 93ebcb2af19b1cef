"""Form field types shared by every form: Vietnamese dates and pickers of named things.

Dates are typed and shown as dd/mm/yyyy, whatever the browser's language. A picker is a text box
where a person types or chooses a name (a commune, a major, an organisation...); the form hands
the service the code behind the name. Sources of names are declared in registry/pickers.
"""

from __future__ import annotations

import re
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import StopValidation

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_vn_date(text: str | None) -> date | None:
    """'1/2/1990', '01-02-1990', '01.02.1990' -> 1 February 1990 (day first); ISO 1990-02-01 too.

    None for an empty text; ValueError for anything else that is not a real date."""
    text = (text or "").strip()
    if not text:
        return None
    match = _DATE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _ISO.match(text)
        if not match:
            raise ValueError(text)
        year, month, day = (int(part) for part in match.groups())
    return date(year, month, day)


def format_vn_date(value) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else ""


class VNDateField(StringField):
    """A date typed as dd/mm/yyyy (lenient: 1/2/1990, 01-02-1990); a calendar helps when scripts run."""

    widget_kind = "date"

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "data-vndate": "",
            "pattern": r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}",
            **(kwargs.pop("render_kw", None) or {}),
        }
        kwargs.setdefault("description", _l("Ngày/tháng/năm, ví dụ 17/05/1990"))
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.raw_text = None

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.raw_text = valuelist[0]
        try:
            self.data = parse_vn_date(valuelist[0])
        except ValueError:
            self.data = None
            raise ValueError(
                _l("Ngày không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 17/05/1990.")
            ) from None

    def _value(self):
        if self.raw_text is not None and (self.errors or self.data is None):
            return self.raw_text  # what the person typed stays in the box
        return format_vn_date(self.data)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # one message, not "required" on top of "not a date"


def picker_source(name: str):
    """The declared source of names for a picker (see registry/pickers/sources.py)."""
    return current_app.extensions["pickers"][name]


class PickerField(StringField):
    """A named thing chosen from a searchable list; `data` is its code, the box shows its name.

    Typing an exact code still works (old links and bookmarks carry codes)."""

    widget_kind = "picker"

    def __init__(self, label=None, validators=None, source: str = "", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.source = source
        self.raw_text = None

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.raw_text = (valuelist[0] or "").strip()
        if not self.raw_text:
            self.data = None
            return
        code, problem = picker_source(self.source).resolve(self.raw_text)
        self.data = code
        if problem:
            raise ValueError(problem)

    def _value(self):
        if self.raw_text is not None and (self.errors or not self.data):
            return self.raw_text
        return picker_source(self.source).label(self.data) if self.data else ""

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()


# WTForms' own messages have no Vietnamese catalogue: the Vietnamese text is declared here (and
# translated back to English through the app's catalogue like every other string).
_WTFORMS_MESSAGES = {
    "This field is required.": _l("Mục này là bắt buộc."),
    "Not a valid integer value.": _l("Phải là một số nguyên."),
    "Not a valid decimal value.": _l("Phải là một số."),
    "Not a valid float value.": _l("Phải là một số."),
    "Not a valid choice.": _l("Lựa chọn không hợp lệ."),
    "Invalid input.": _l("Giá trị không hợp lệ."),
    "Not a valid date value.": _l("Ngày không hợp lệ."),
    "Number must be between %(min)s and %(max)s.": _l("Số phải từ %(min)s đến %(max)s."),
    "Number must be at least %(min)s.": _l("Số phải từ %(min)s trở lên."),
    "Number must be at most %(max)s.": _l("Số phải không quá %(max)s."),
    "Field cannot be longer than %(max)d characters.": _l("Tối đa %(max)d ký tự."),
    "Field cannot be longer than %(max)d character.": _l("Tối đa %(max)d ký tự."),
    "Field must be at least %(min)d characters long.": _l("Cần ít nhất %(min)d ký tự."),
    "Field must be at least %(min)d character long.": _l("Cần ít nhất %(min)d ký tự."),
    "Field must be between %(min)d and %(max)d characters long.": _l(
        "Cần từ %(min)d đến %(max)d ký tự."
    ),
}


class _Messages:
    def gettext(self, string):
        found = _WTFORMS_MESSAGES.get(string)
        return str(found) if found is not None else string

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)


class RegistryForm(FlaskForm):
    """The base of the registry's forms: WTForms' messages in the page's language."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _Messages()


def picked_code(source: str, text: str | None) -> tuple[str | None, str | None]:
    """For pickers outside WTForms (filters in a query string): (code, problem) for a name or code."""
    text = (text or "").strip()
    if not text:
        return None, None
    return picker_source(source).resolve(text)
