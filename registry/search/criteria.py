"""Search criteria: parsed once from URL parameters (page, export, API, CLI share the names).

Unknown or malformed values are dropped and reported as notices, never errors."""

from __future__ import annotations

from dataclasses import dataclass, fields
from dataclasses import field as dataclass_field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.people.models import SECTORS, STATUSES, Organization
from registry.people.policy import GROUPS
from registry.reference import models as ref

SORTS = ("relevance", "name", "age", "-age", "level")
MAX_TEXT = 200


@dataclass
class Criteria:
    q: str = ""
    field: str | None = None
    study: str | None = None
    min_level: str | None = None
    level: str | None = None
    title: str | None = None
    theory: str | None = None
    management: str | None = None
    language_level: str | None = None
    sex: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    group: list[str] = dataclass_field(default_factory=list)
    ethnicity: str | None = None
    area: str | None = None
    org: int | None = None
    sector: str | None = None
    status: str | None = None
    sort: str = "relevance"
    page: int = 1

    def as_params(self, **overrides) -> dict:
        """URL parameters for these criteria (for links, exports and pagination)."""
        params = {}
        for item in fields(self):
            value = overrides.get(item.name, getattr(self, item.name))
            if value in (None, "", []) or (item.name, value) in (
                ("page", 1),
                ("sort", "relevance"),
            ):
                continue
            params[item.name] = value
        return params


def _codes(session: Session, model, column="code") -> set[str]:
    return set(session.scalars(select(getattr(model, column))))


def _int(raw, low: int, high: int) -> int | None:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if low <= value <= high else None


def parse(session: Session, args) -> tuple[Criteria, list[str]]:
    """Criteria from a MultiDict-like `args` (request.args or a dict); notices for dropped values."""

    def get(name):
        value = args.get(name)
        return value.strip() if isinstance(value, str) else value

    notices: list[str] = []
    criteria = Criteria(q=(get("q") or "")[:MAX_TEXT])
    coded = {
        "field": _codes(session, ref.PriorityField),
        "min_level": _codes(session, ref.QualificationLevel),
        "level": _codes(session, ref.QualificationLevel),
        "title": _codes(session, ref.AcademicTitle) | {"any"},
        "theory": _codes(session, ref.PoliticalTheoryLevel),
        "management": _codes(session, ref.StateManagementLevel),
        "language_level": _codes(session, ref.LanguageLevel),
        "ethnicity": _codes(session, ref.EthnicGroup),
        "sex": {"male", "female"},
        "sector": set(SECTORS),
        "status": set(STATUSES),
        "sort": set(SORTS),
    }
    for name, allowed in coded.items():
        value = get(name)
        if value in (None, ""):
            continue
        if value in allowed:
            setattr(criteria, name, value)
        else:
            notices.append(
                str(
                    _l(
                        "Bỏ qua giá trị không hợp lệ của bộ lọc “%(name)s”: %(value)s",
                        name=name,
                        value=value[:40],
                    )
                )
            )
    _parse_numbers(session, criteria, get, notices)
    groups = (
        args.getlist("group")
        if hasattr(args, "getlist")
        else (
            [args["group"]] if isinstance(args.get("group"), str) else list(args.get("group") or [])
        )
    )
    for group in groups:
        if group in GROUPS and group not in criteria.group:
            criteria.group.append(group)
        elif group:
            notices.append(
                str(
                    _l(
                        "Bỏ qua giá trị không hợp lệ của bộ lọc “%(name)s”: %(value)s",
                        name="group",
                        value=str(group)[:40],
                    )
                )
            )
    return criteria, notices


def _parse_numbers(session: Session, criteria: Criteria, get, notices: list[str]) -> None:
    def drop(name, value):
        notices.append(
            str(
                _l(
                    "Bỏ qua giá trị không hợp lệ của bộ lọc “%(name)s”: %(value)s",
                    name=name,
                    value=str(value)[:40],
                )
            )
        )

    study = get("study")
    if study:
        digits = study[1:] if len(study) == 7 and study.isdigit() else study
        if digits.isdigit() and len(digits) in (2, 4, 6):
            criteria.study = digits
        else:
            drop("study", study)
    area = get("area")
    if area:
        valid = (
            (len(area) == 2 and session.get(ref.Province, area))
            or (len(area) == 3 and session.get(ref.LegacyDistrict, area))
            or (
                len(area) == 5
                and (session.get(ref.Commune, area) or session.get(ref.LegacyCommune, area))
            )
        )
        criteria.area = area if valid else drop("area", area)
    for name, low, high in (("age_min", 0, 120), ("age_max", 0, 120), ("page", 1, 100_000)):
        raw = get(name)
        if raw in (None, ""):
            continue
        value = _int(raw, low, high)
        if value is None:
            drop(name, raw)
        else:
            setattr(criteria, name, value)
    org = get("org")
    if org:
        value = _int(org, 1, 2**31)
        if value is not None and session.get(Organization, value) is not None:
            criteria.org = value
        else:
            drop("org", org)
