"""What a profile page shows: the person, parts, policy badges, provenance, masked per viewer."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.services import verification_map
from registry.auth.privacy import MASK, sees_personal_data
from registry.auth.scope import visible_people
from registry.people.models import Person
from registry.people.policy import GROUP_RULES, age_on, person_groups
from registry.people.rules import display_phone

GROUP_LABELS = {name: group.label for name, group in GROUP_RULES.items()}


def visible_person(session: Session, user, person_id: int) -> Person | None:
    """The person if `user` may see them, else None (the caller answers 404)."""
    return session.scalar(
        select(Person).where(Person.id == person_id, visible_people(session, user))
    )


def profile_view(session: Session, person: Person, viewer) -> dict:
    """Plain data for the profile template; personal data masked when the viewer may not see it."""
    personal = sees_personal_data(viewer, person.id)
    groups = person_groups(session, person)
    if not personal:
        groups = [g for g in groups if g != "ethnic_minority"]

    def shown(value):
        return value if personal else (MASK if value not in (None, "", False) else value)

    age = age_on(person.birth_date, date.today())
    return {
        "person": person,
        "personal": personal,
        "birth_date": shown(person.birth_date),
        "age_band": _age_band(age),
        "national_id": shown(person.national_id),
        "phone": shown(display_phone(person.phone)),
        "email": shown(person.email),
        "address": shown(person.address),
        "hometown": shown(person.hometown),
        "ethnicity": shown(person.ethnicity.name_vi if person.ethnicity else None),
        "party": shown(_party(person)),
        "groups": [(g, GROUP_LABELS[g]) for g in groups],
        "verification": verification_map(session, person.id),
    }


def _party(person: Person) -> str | None:
    if not person.party_member:
        return str(_l("Không"))
    joined = person.party_joined_on.strftime("%d/%m/%Y") if person.party_joined_on else ""
    return f"{_l('Đảng viên')} {joined}".strip()


def _age_band(age: int | None) -> str | None:
    if age is None:
        return None
    low = (age // 5) * 5
    return f"{low}-{low + 4}"
