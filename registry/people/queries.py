"""Reads about people. Return Select objects or plain data."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from registry.people.models import Organization, Person
from registry.reference.models import EthnicGroup, QualificationLevel


def home_counts(session: Session) -> dict:
    """Headline numbers for the home page: people, intellectuals, women, minorities, by level."""
    minority = select(EthnicGroup.code).where(EthnicGroup.is_minority.is_(True))
    intellectual = select(QualificationLevel.code).where(QualificationLevel.counts_as_intellectual)
    active = Person.status == "active"
    row = session.execute(
        select(
            func.count(Person.id),
            func.count(case((Person.highest_level_code.in_(intellectual), 1))),
            func.count(case((Person.sex == "female", 1))),
            func.count(case((Person.ethnicity_code.in_(minority), 1))),
            func.count(func.distinct(Person.commune_code)),
        ).where(active)
    ).one()
    by_level = session.execute(
        select(QualificationLevel.code, QualificationLevel.name_vi, QualificationLevel.name_en,
               func.count(Person.id))
        .join(Person, Person.highest_level_code == QualificationLevel.code)
        .where(active)
        .group_by(QualificationLevel.code, QualificationLevel.name_vi, QualificationLevel.name_en,
                  QualificationLevel.rank)
        .order_by(QualificationLevel.rank.desc())
    ).all()
    return {
        "people": row[0],
        "intellectuals": row[1],
        "women": row[2],
        "ethnic_minority": row[3],
        "communes": row[4],
        "organizations": session.scalar(select(func.count(Organization.id))),
        "by_level": [
            {"code": code, "name_vi": name_vi, "name_en": name_en, "count": count}
            for code, name_vi, name_en, count in by_level
        ],
    }
