"""Plain factory functions for tests: valid by default, every field overridable."""

from __future__ import annotations

import itertools
from datetime import date

from registry.auth.models import User
from registry.people.models import Organization, Person
from registry.people.services import (
    PersonInput,
    QualificationInput,
    add_qualification,
    create_person,
)

_counter = itertools.count(1)
DEFAULT_SCOPES = {"admin": None, "officer": "44", "recruiter": "44", "individual": None}


def make_org(
    session,
    name="Ủy ban nhân dân xã Vĩnh Linh",
    kind="peoples_committee",
    commune_code="19363",
    parent=None,
) -> Organization:
    org = Organization(name=name, kind=kind, commune_code=commune_code, parent=parent)
    session.add(org)
    session.flush()
    return org


def make_person(session, *, qualifications=(("dai_hoc", "7620101"),), **fields) -> Person:
    values = {
        "full_name": "Nguyễn Thị Đào",
        "sex": "female",
        "birth_date": date(1990, 5, 17),
        "ethnicity_code": "01",
        "commune_code": "19363",
    }
    values.update(fields)
    person = create_person(session, PersonInput(**values))
    for level, field_code in qualifications:
        add_qualification(
            session, person, QualificationInput(level_code=level, field_code=field_code)
        )
    return person


def make_user(
    session, role: str, *, password: str, username=None, scope="default", person=None
) -> User:
    from registry.auth.services import create_user

    if scope == "default":
        scope = DEFAULT_SCOPES[role]
    if role == "individual" and person is None:
        person = make_person(session)
    return create_user(
        session,
        username=username or f"{role}{next(_counter)}",
        password=password,
        role=role,
        scope=scope,
        person_id=person.id if person else None,
    )
