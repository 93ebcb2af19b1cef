"""Jinja globals and filters: localised reference names, numbers, role labels."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "admin": _l("Quản trị"),
    "officer": _l("Cán bộ tổ chức"),
    "recruiter": _l("Tuyển dụng, quy hoạch"),
    "individual": _l("Cá nhân"),
}


def localized(item, attribute: str = "name") -> str:
    """A reference row's (or dict's) name in the current language, Vietnamese when no English."""
    if item is None:
        return ""

    def read(name):
        return item.get(name) if isinstance(item, dict) else getattr(item, name, None)

    if str(get_locale()) == "en":
        english = read(f"{attribute}_en")
        if english:
            return english
    return read(f"{attribute}_vi") or read(attribute) or ""


def number(value) -> str:
    return "" if value is None else format_decimal(value)


def vndate(value) -> str:
    """dd/mm/yyyy, as Vietnamese forms write dates, in every language; ISO text (from JSON) too.
    Masks and empty values pass through."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def picker_label(source: str, code) -> str:
    """The name shown for a code in a picker's list (registry/pickers declares the lists)."""
    return current_app.extensions["pickers"][source].label(code)


def picker_suggestions(source: str) -> list[str]:
    return current_app.extensions["pickers"][source].suggestions()


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def register(app) -> None:
    from registry.people.display import change_value, part_summary
    from registry.people.forms import field_label, label, part_label

    app.jinja_env.globals.update(
        localized=localized,
        get_locale=get_locale,
        role_label=role_label,
        label=label,
        field_label=field_label,
        part_label=part_label,
        picker_label=picker_label,
        change_value=change_value,
        part_summary=part_summary,
        picker_suggestions=picker_suggestions,
    )
    app.jinja_env.filters["vndate"] = vndate
    app.jinja_env.filters["number"] = number
