"""Values as people read them: names instead of codes for person fields and profile parts.

Used where stored values travel as plain data (change requests, audit details, conflicts)."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import gettext as _

from registry.core.template_helpers import localized, vndate
from registry.extensions import db
from registry.people.forms import label
from registry.people.models import Organization
from registry.reference import models as ref

# Person fields holding a code of a reference table.
REFERENCE_FIELDS = {
    "ethnicity_code": ref.EthnicGroup,
    "academic_title_code": ref.AcademicTitle,
    "political_theory_code": ref.PoliticalTheoryLevel,
    "state_management_code": ref.StateManagementLevel,
    "it_skill_code": ref.ItSkillLevel,
}
CHOICE_FIELDS = {"sex": "sex", "sector": "sector", "status": "status"}
DATE_FIELDS = ("birth_date", "party_joined_on", "start_date", "end_date")


def _get(values, name):
    return values.get(name) if isinstance(values, dict) else getattr(values, name, None)


def _reference_name(model, code) -> str:
    row = db.session.get(model, code) if code not in (None, "") else None
    return localized(row) if row is not None else str(code or "")


def _picker(source: str, code) -> str:
    return current_app.extensions["pickers"][source].label(code)


def change_value(name: str, value) -> str:
    """One person field's value for display: labels for codes, dd/mm/yyyy dates, Có/Không."""
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if name in DATE_FIELDS or isinstance(value, date):
        return vndate(value)
    if name in REFERENCE_FIELDS:
        return _reference_name(REFERENCE_FIELDS[name], value)
    if name in CHOICE_FIELDS:
        return label(CHOICE_FIELDS[name], value)
    if name == "commune_code":
        return _picker("communes", value)
    if name == "legacy_commune_code":
        row = db.session.get(ref.LegacyCommune, value)
        return row.name if row else str(value)
    if name == "organization_id":
        org = db.session.get(Organization, int(value)) if str(value).isdigit() else None
        return org.name if org else str(value)
    return str(value)


def part_summary(kind: str, values) -> str:
    """A profile part (a dict of stored values or the item itself) as one readable line."""
    pieces: list = []
    if kind == "qualification":
        major = _get(values, "major_name") or (
            _picker("majors", _get(values, "field_code")) if _get(values, "field_code") else None
        )
        pieces = [
            _reference_name(ref.QualificationLevel, _get(values, "level_code")),
            major,
            _get(values, "institution"),
            _get(values, "country") if _get(values, "country") not in (None, "VN") else None,
            _get(values, "year"),
        ]
    elif kind == "language":
        level = db.session.get(ref.LanguageLevel, _get(values, "level_code") or "")
        pieces = [
            label("language", _get(values, "language")),
            f"{level.name_vi} ({level.cefr})" if level else _get(values, "level_code"),
        ]
    elif kind == "work":
        org = change_value("organization_id", _get(values, "organization_id"))
        end = _get(values, "end_date")
        pieces = [
            f"{vndate(_get(values, 'start_date'))} – {vndate(end) if end else _('nay')}",
            _get(values, "position"),
            _get(values, "organization_name") or (org if org != "—" else None),
        ]
    elif kind == "achievement":
        pieces = [
            label("achievement_kind", _get(values, "kind")),
            label("achievement_level", _get(values, "level")),
            _get(values, "title"),
            _get(values, "year"),
            _get(values, "role"),
        ]
    elif kind == "expertise":
        pieces = [_reference_name(ref.PriorityField, _get(values, "field_code"))]
    return ", ".join(str(p) for p in pieces if p not in (None, ""))
