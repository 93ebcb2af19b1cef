"""Policy groups, derived from data and never typed: SQL clauses and per-person badges.

youth (16-30), young intellectual (under 35 with a university degree or higher), woman,
ethnic minority, disadvantaged commune (region II/III in the current period), armed forces,
overseas Vietnamese, foreign nationals. Thresholds come from the editable policy parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, case, select
from sqlalchemy.orm import Session

from registry.people.conditions import (
    AllOf,
    AnyOf,
    BornBetween,
    CodeIn,
    Condition,
    IsTrue,
    Nobody,
    to_sql,
)
from registry.people.models import Person
from registry.reference.models import CommuneClass, EthnicGroup, PolicyParam, QualificationLevel

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


def age_condition(min_age: int | None, max_age: int | None, today: date) -> BornBetween:
    """Age in whole years within [min_age, max_age], as birth-date bounds."""
    return BornBetween(
        after=None if max_age is None else years_before(today, max_age + 1),
        until=None if min_age is None else years_before(today, min_age),
    )


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


@dataclass(frozen=True)
class Group:
    """A policy group: its label, the personal attribute membership reveals (DESIGN rule 11), and
    its rule as a condition read by both search engines."""

    label: object
    rule: Callable[[Session, date, PolicyParams], Condition]
    reveals: str | None = None


def _young_intellectual(session: Session, today: date, params: PolicyParams) -> Condition:
    return AllOf(
        (
            age_condition(None, params.young_intellectual_age_below - 1, today),
            CodeIn("level", tuple(intellectual_levels(session, params))),
        )
    )


def _disadvantaged(session: Session, today: date, params: PolicyParams) -> Condition:
    communes = tuple(disadvantaged_communes(session, today))
    return AnyOf((CodeIn("commune", communes), CodeIn("legacy", communes)))


# The policy groups, in display order. Adding one is one entry here (and a test).
GROUP_RULES: dict[str, Group] = {
    "youth": Group(
        _l("Thanh niên"),
        lambda s, today, p: age_condition(p.youth_age_min, p.youth_age_max, today),
        reveals="birth_date",
    ),
    "young_intellectual": Group(_l("Trí thức trẻ"), _young_intellectual, reveals="birth_date"),
    "woman": Group(_l("Nữ"), lambda s, today, p: CodeIn("sex", ("female",))),
    "ethnic_minority": Group(
        _l("Dân tộc thiểu số"),
        lambda s, today, p: CodeIn("ethnicity", tuple(minority_codes(s))),
        reveals="ethnicity_code",
    ),
    "disadvantaged": Group(_l("Vùng khó khăn"), _disadvantaged),
    "armed_forces": Group(
        _l("Lực lượng vũ trang"), lambda s, today, p: CodeIn("sector", ("armed_forces",))
    ),
    "overseas": Group(_l("Người Việt Nam ở nước ngoài"), lambda s, today, p: IsTrue("overseas")),
    "foreign": Group(_l("Người nước ngoài"), lambda s, today, p: IsTrue("foreign")),
}
GROUPS = tuple(GROUP_RULES)


def group_condition(
    session: Session, group: str, today: date | None = None, params: PolicyParams | None = None
) -> Condition:
    """The rule of one policy group (nobody for an unknown group)."""
    declared = GROUP_RULES.get(group)
    if declared is None:
        return Nobody()
    return declared.rule(session, today or date.today(), params or load_params(session))


def group_clause(
    session: Session, group: str, today: date | None = None, params: PolicyParams | None = None
) -> ColumnElement[bool]:
    """The WHERE clause for one policy group."""
    return to_sql(group_condition(session, group, today, params))


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
