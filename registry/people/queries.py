"""Reads about people. Return Select objects or plain data."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.orm import Session

from registry.auth.scope import visible_people
from registry.people.models import Person
from registry.reference.models import EthnicGroup, QualificationLevel
from registry.text import fold, nfc


def home_counts(session: Session, user=None) -> dict:
    """Headline numbers for the home page, within what `user` may see (everything when None)."""
    minority = select(EthnicGroup.code).where(EthnicGroup.is_minority.is_(True))
    intellectual = select(QualificationLevel.code).where(QualificationLevel.counts_as_intellectual)
    active = Person.status == "active"
    if user is not None:
        active = and_(active, visible_people(session, user))
    row = session.execute(
        select(
            func.count(Person.id),
            func.count(case((Person.highest_level_code.in_(intellectual), 1))),
            func.count(case((Person.sex == "female", 1))),
            func.count(case((Person.ethnicity_code.in_(minority), 1))),
            func.count(func.distinct(Person.commune_code)),
            func.count(func.distinct(Person.organization_id)),
        ).where(active)
    ).one()
    by_level = session.execute(
        select(
            QualificationLevel.code,
            QualificationLevel.name_vi,
            QualificationLevel.name_en,
            func.count(Person.id),
        )
        .join(Person, Person.highest_level_code == QualificationLevel.code)
        .where(active)
        .group_by(
            QualificationLevel.code,
            QualificationLevel.name_vi,
            QualificationLevel.name_en,
            QualificationLevel.rank,
        )
        .order_by(QualificationLevel.rank.desc())
    ).all()
    return {
        "people": row[0],
        "intellectuals": row[1],
        "women": row[2],
        "ethnic_minority": row[3],
        "communes": row[4],
        "organizations": row[5],
        "by_level": [
            {"code": code, "name_vi": name_vi, "name_en": name_en, "count": count}
            for code, name_vi, name_en, count in by_level
        ],
    }


def possible_duplicates(
    session: Session,
    user,
    full_name: str | None,
    birth_date: date | None,
    commune_code: str | None,
    limit: int = 10,
) -> list[Person]:
    """Profiles the user may see that look like the one about to be created: the same name
    (accents and case aside) and birth date, or the same name, birth year and commune."""
    folded = fold(nfc(full_name or ""))
    if not folded or birth_date is None:
        return []
    same_year = Person.birth_date.between(
        date(birth_date.year, 1, 1), date(birth_date.year, 12, 31)
    )
    alike = or_(
        Person.birth_date == birth_date,
        and_(same_year, Person.commune_code == commune_code) if commune_code else false(),
    )
    return list(
        session.scalars(
            select(Person)
            .where(Person.name_folded == folded, alike, visible_people(session, user))
            .order_by(Person.id)
            .limit(limit)
        )
    )
