"""Export rows for a search, fetched in batches (no full table in memory)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from registry.people.forms import label
from registry.people.models import Person, Qualification
from registry.people.rules import display_phone

BATCH = 1000


def _value(person: Person, key: str):
    if key == "birth_year":
        return person.birth_date.year if person.birth_date else None
    if key == "birth_date":
        return person.birth_date.strftime("%d/%m/%Y") if person.birth_date else None
    if key == "majors":
        return "; ".join(sorted({q.major_name for q in person.qualifications if q.major_name}))
    if key == "phone":
        return display_phone(person.phone)
    if key in ("sex", "sector", "status"):
        return label(key, getattr(person, key))
    if key == "party_member":
        return "x" if person.party_member else ""
    related = {
        "ethnicity": "ethnicity",
        "highest_level": "highest_level",
        "academic_title": "academic_title",
        "political_theory": "political_theory",
        "state_management": "state_management",
        "organization": "organization",
        "commune": "commune",
    }
    if key in related:
        item = getattr(person, related[key])
        return getattr(item, "name_vi", None) or getattr(item, "name", None) if item else None
    return getattr(person, key)


def export_rows(session: Session, ids_query, keys: list[str]) -> Iterator[list]:
    """Rows of the chosen columns for the people of `ids_query` (ordered ids), batch by batch."""
    ids = session.execute(ids_query).scalars()
    while batch := ids.fetchmany(BATCH):
        people = session.scalars(
            select(Person)
            .where(Person.id.in_(batch))
            .options(
                selectinload(Person.qualifications).load_only(
                    Qualification.major_name, Qualification.person_id
                )
            )
        ).all()
        by_id = {p.id: p for p in people}
        for person_id in batch:
            person = by_id.get(person_id)
            if person is not None:
                yield [_value(person, key) for key in keys]
        for person in people:
            session.expunge(person)
