"""Administrative areas as filters on people, rolling old commune codes up to new ones.

A person carries the new commune code when it is known; a record made before July 2025 may carry
only an old commune code (an old commune split over several new ones cannot be placed without an
address). Both are matched here, so every list, count and report treats them alike.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_, select

from registry.people.conditions import Condition, InArea, Nobody, to_sql
from registry.people.models import Person
from registry.reference.models import (
    Commune,
    CommuneConversion,
    LegacyCommune,
    LegacyDistrict,
    LegacyProvince,
    Province,
)


def communes_of(code: str):
    """A SELECT of new commune codes inside an area code: province '44', a former district '464'
    (its old communes converted to new ones), or a commune '19363' (new or old)."""
    if len(code) == 2:
        return select(Commune.code).where(Commune.province_code == code)
    if len(code) == 3:
        old = select(LegacyCommune.code).where(LegacyCommune.district_code == code)
        return select(CommuneConversion.new_code).where(CommuneConversion.old_code.in_(old))
    new = select(Commune.code).where(Commune.code == code)
    converted = select(CommuneConversion.new_code).where(CommuneConversion.old_code == code)
    return new.union(converted)


def area_codes(session, code: str) -> tuple[list[str], list[str]]:
    """(new commune codes inside the area, old commune codes that roll up into them)."""
    new = sorted(set(session.scalars(communes_of(code))))
    legacy = set(
        session.scalars(
            select(CommuneConversion.old_code).where(CommuneConversion.new_code.in_(new))
        )
    )
    if len(code) == 5 and session.get(LegacyCommune, code) is not None:
        legacy.add(code)
    return new, sorted(legacy)


def area_condition(session, code: str | None) -> Condition:
    """People whose commune (new, or old rolled up through the conversion table) lies in `code`."""
    code = (code or "").strip()
    if not code.isdigit() or len(code) not in (2, 3, 5):
        return Nobody()
    new, legacy = area_codes(session, code)
    return InArea(tuple(new), tuple(legacy))


def person_in_area(code: str | None, session=None) -> ColumnElement[bool]:
    """The WHERE clause of `area_condition`. Without a session (rare) the area is resolved inside
    the query rather than to literal code lists first."""
    if session is not None:
        return to_sql(area_condition(session, code))
    code = (code or "").strip()
    if not code.isdigit() or len(code) not in (2, 3, 5):
        return false()
    new = communes_of(code)
    legacy = select(CommuneConversion.old_code).where(CommuneConversion.new_code.in_(new))
    if len(code) == 5:
        legacy = legacy.union(select(LegacyCommune.code).where(LegacyCommune.code == code))
    return or_(
        Person.commune_code.in_(new),
        and_(Person.commune_code.is_(None), Person.legacy_commune_code.in_(legacy)),
    )


def area_name(session, code: str | None) -> str | None:
    """The name of a province or commune code (new first, then old)."""
    if not code:
        return None
    models = {2: (Province, LegacyProvince), 3: (LegacyDistrict,)}.get(
        len(code), (Commune, LegacyCommune)
    )
    for model in models:
        row = session.get(model, code)
        if row is not None:
            return row.name
    return None
