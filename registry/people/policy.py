"""Policy groups, derived from data and never typed: SQL clauses and per-person badges.

youth (16-30), young intellectual (under 35 with a university degree or higher), woman,
ethnic minority, disadvantaged commune (region II/III in the current period), armed forces,
overseas Vietnamese. Thresholds come from the editable policy parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, case, false, or_, select
from sqlalchemy.orm import Session

from registry.people.models import Person
from registry.reference.models import CommuneClass, EthnicGroup, PolicyParam, QualificationLevel

GROUPS = (
    "youth",
    "young_intellectual",
    "woman",
    "ethnic_minority",
    "disadvantaged",
    "armed_forces",
    "overseas",
)
DISADVANTAGED_REGIONS = ("II", "III")


@dataclass(frozen=True)
class PolicyParams:
    youth_age_min: int = 16
    youth_age_max: int = 30
    young_intellectual_age_below: int = 35
    intellectual_min_qualification: str = "dai_hoc"


def load_params(session: Session) -> PolicyParams:
    stored = dict(session.execute(select(PolicyParam.key, PolicyParam.value)).all())
    defaults = PolicyParams()
    values = {}
    for name, default in defaults.__dict__.items():
        raw = stored.get(name)
        if raw is None:
            continue
        try:
            values[name] = type(default)(raw)
        except ValueError:
            continue
    return PolicyParams(**{**defaults.__dict__, **values})


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February falls back to 28)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_between(min_age: int | None, max_age: int | None, today: date) -> ColumnElement[bool]:
    """Age in whole years within [min_age, max_age], as index-friendly birth-date bounds."""
    clauses = []
    if min_age is not None:
        clauses.append(Person.birth_date <= years_before(today, min_age))
    if max_age is not None:
        clauses.append(Person.birth_date > years_before(today, max_age + 1))
    return and_(Person.birth_date.is_not(None), *clauses)


def intellectual_levels(session: Session, params: PolicyParams) -> list[str]:
    minimum = (
        select(QualificationLevel.rank)
        .where(QualificationLevel.code == params.intellectual_min_qualification)
        .scalar_subquery()
    )
    return list(
        session.scalars(select(QualificationLevel.code).where(QualificationLevel.rank >= minimum))
    )


def disadvantaged_communes(session: Session, today: date) -> list[str]:
    return list(
        session.scalars(
            select(CommuneClass.commune_code).where(
                CommuneClass.start_year <= today.year,
                CommuneClass.end_year >= today.year,
                CommuneClass.region.in_(DISADVANTAGED_REGIONS),
            )
        )
    )


def minority_codes(session: Session) -> list[str]:
    return list(session.scalars(select(EthnicGroup.code).where(EthnicGroup.is_minority.is_(True))))


def group_clause(
    session: Session, group: str, today: date | None = None, params: PolicyParams | None = None
) -> ColumnElement[bool]:
    """The WHERE clause for one policy group."""
    today = today or date.today()
    params = params or load_params(session)
    if group == "youth":
        return age_between(params.youth_age_min, params.youth_age_max, today)
    if group == "young_intellectual":
        return and_(
            age_between(None, params.young_intellectual_age_below - 1, today),
            Person.highest_level_code.in_(intellectual_levels(session, params)),
        )
    if group == "woman":
        return Person.sex == "female"
    if group == "ethnic_minority":
        return Person.ethnicity_code.in_(minority_codes(session))
    if group == "disadvantaged":
        communes = disadvantaged_communes(session, today)
        return or_(Person.commune_code.in_(communes), Person.legacy_commune_code.in_(communes))
    if group == "armed_forces":
        return Person.sector == "armed_forces"
    if group == "overseas":
        return Person.is_overseas.is_(True)
    return false()


def age_on(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def person_groups(
    session: Session, person: Person, today: date | None = None, params: PolicyParams | None = None
) -> list[str]:
    """The policy groups one person belongs to, for badges on the profile page (one query)."""
    today = today or date.today()
    params = params or load_params(session)
    flags = [case((group_clause(session, group, today, params), 1), else_=0) for group in GROUPS]
    row = session.execute(select(*flags).where(Person.id == person.id)).one()
    return [group for group, flag in zip(GROUPS, row, strict=True) if flag]
