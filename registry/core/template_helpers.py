"""Jinja globals and filters: localised reference names, numbers, role labels."""

from __future__ import annotations

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
    """dd/mm/yyyy, as Vietnamese forms write dates; masks and empty values pass through."""
    if value is None or isinstance(value, str):
        return value or ""
    if hasattr(value, "hour"):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def register(app) -> None:
    from registry.people.forms import field_label, label, part_label

    app.jinja_env.globals.update(
        localized=localized,
        get_locale=get_locale,
        role_label=role_label,
        label=label,
        field_label=field_label,
        part_label=part_label,
    )
    app.jinja_env.filters["vndate"] = vndate
    app.jinja_env.filters["number"] = number
