"""Conditions on people, written once and read by two engines.

A rule about who belongs to a set of people (a scope, an area, a policy group, an age band, a
search filter) is stated here as a small value: `CodeIn("sex", ("female",))`,
`BornBetween(...)`, `AllOf(...)`. The SQL builder turns it into a WHERE clause (`to_sql` below) and
the in-memory search columns into a boolean array (registry/search/memory.py), so the rule itself
is never written twice. Column names are the logical names of the search columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true

from registry.people.models import Person, PersonLanguage


@dataclass(frozen=True)
class Everyone:
    pass


@dataclass(frozen=True)
class Nobody:
    pass


@dataclass(frozen=True)
class CodeIn:
    """The column's value is one of `codes` (for `languages`: the person holds one of them)."""

    column: str
    codes: tuple


@dataclass(frozen=True)
class NotNull:
    column: str


@dataclass(frozen=True)
class IsTrue:
    column: str


@dataclass(frozen=True)
class HasBit:
    """A bit of a bit-mask column is set (priority fields)."""

    column: str
    bit: int | None


@dataclass(frozen=True)
class BornBetween:
    """Birth date known, after `after` (exclusive) and on or before `until` (inclusive)."""

    after: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class InArea:
    """New commune in `new`, or no new commune and the old one in `legacy` (rolled up)."""

    new: tuple[str, ...]
    legacy: tuple[str, ...]


@dataclass(frozen=True)
class IdsFrom:
    """People whose ids a SELECT returns (text matches, disciplines): asked of the database."""

    statement: Select


@dataclass(frozen=True)
class AllOf:
    parts: tuple


@dataclass(frozen=True)
class AnyOf:
    parts: tuple


Condition = (
    Everyone
    | Nobody
    | CodeIn
    | NotNull
    | IsTrue
    | HasBit
    | BornBetween
    | InArea
    | IdsFrom
    | AllOf
    | AnyOf
)

# Logical column name -> the person's column (the search columns use the same names).
PERSON_COLUMNS = {
    "id": Person.id,
    "commune": Person.commune_code,
    "legacy": Person.legacy_commune_code,
    "sex": Person.sex,
    "ethnicity": Person.ethnicity_code,
    "sector": Person.sector,
    "status": Person.status,
    "overseas": Person.is_overseas,
    "foreign": Person.is_foreign_national,
    "level": Person.highest_level_code,
    "title": Person.academic_title_code,
    "theory": Person.political_theory_code,
    "management": Person.state_management_code,
    "org": Person.organization_id,
}
BIT_COLUMNS = {"fields": Person.fields_by_study.op("|")(Person.fields_by_declared)}


def _sql_code_in(condition: CodeIn) -> ColumnElement[bool]:
    if condition.column == "languages":
        holders = select(PersonLanguage.person_id).where(
            PersonLanguage.level_code.in_(condition.codes)
        )
        return Person.id.in_(holders)
    return PERSON_COLUMNS[condition.column].in_(condition.codes)


def to_sql(condition: Condition) -> ColumnElement[bool]:
    """The WHERE clause of a condition over `person`."""
    match condition:
        case Everyone():
            return true()
        case Nobody():
            return false()
        case CodeIn():
            return _sql_code_in(condition)
        case NotNull(column):
            return PERSON_COLUMNS[column].is_not(None)
        case IsTrue(column):
            return PERSON_COLUMNS[column].is_(True)
        case HasBit(column, bit):
            return false() if bit is None else BIT_COLUMNS[column].op("&")(1 << bit) != 0
        case BornBetween(after, until):
            bounds: list[ColumnElement[bool]] = [Person.birth_date.is_not(None)]
            if until is not None:
                bounds.append(Person.birth_date <= until)
            if after is not None:
                bounds.append(Person.birth_date > after)
            return and_(*bounds)
        case InArea(new, legacy):
            return or_(
                Person.commune_code.in_(new),
                and_(Person.commune_code.is_(None), Person.legacy_commune_code.in_(legacy)),
            )
        case IdsFrom(statement):
            return Person.id.in_(statement)
        case AllOf(parts):
            return and_(true(), *[to_sql(part) for part in parts])
        case AnyOf(parts):
            return or_(false(), *[to_sql(part) for part in parts])
    raise TypeError(f"not a condition: {condition!r}")
