"""Reads about people. Return Select objects or plain data."""

from __future__ import annotations

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from registry.auth.scope import visible_people
from registry.people.models import Person
from registry.reference.models import EthnicGroup, QualificationLevel


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
