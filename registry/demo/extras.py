"""Demo touches that make every page alive: an illustrative commune classification, declared
expertise, consent for some, and one pending change request from the demo individual."""

from __future__ import annotations

import random

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from registry.auth.models import User
from registry.people.models import Person, PersonExpertise, utcnow
from registry.reference.models import CommuneClass
from registry.review.models import ChangeRequest
from registry.review.services import submit_change_request

ILLUSTRATIVE = "Dữ liệu minh họa, không phải danh sách chính thức"
DEMO_CLASSES = (("19366", "III"), ("19372", "II"))
EXPERTISE_BY_POSITION = {
    "Bác sĩ": "y_te",
    "Giáo viên": "giao_duc_dao_tao",
    "Kỹ sư": "nong_nghiep_cong_nghe_cao",
    "Cán bộ kỹ thuật": "nong_nghiep_sinh_thai",
    "Kỹ sư phần mềm": "cong_nghe_thong_tin",
}


def add_demo_extras(session: Session, seed: int) -> None:
    rng = random.Random(seed)
    for code, region in DEMO_CLASSES:
        if session.get(CommuneClass, (2026, code)) is None:
            session.add(
                CommuneClass(
                    start_year=2026,
                    end_year=2030,
                    commune_code=code,
                    region=region,
                    source=ILLUSTRATIVE,
                )
            )
    rows = session.execute(
        select(Person.id, Person.position)
        .where(Person.position.in_(EXPERTISE_BY_POSITION))
        .order_by(Person.id)
        .limit(20000)
    ).all()
    declared = [
        {"person_id": pid, "field_code": EXPERTISE_BY_POSITION[pos]}
        for pid, pos in rows
        if rng.random() < 0.3
    ]
    existing = set(
        session.execute(select(PersonExpertise.person_id, PersonExpertise.field_code)).all()
    )
    declared = [row for row in declared if (row["person_id"], row["field_code"]) not in existing]
    if declared:
        session.execute(insert(PersonExpertise.__table__), declared)
        from registry.search.index import people_written

        people_written(session, [row["person_id"] for row in declared])  # no ORM hook ran
    for person in session.scalars(
        select(Person).where(Person.consent_at.is_(None)).order_by(Person.id).limit(200)
    ):
        if rng.random() < 0.6:
            person.consent_at, person.consent_version = utcnow(), "2026-01"
    _pending_request(session)
    session.flush()


def _pending_request(session: Session) -> None:
    user = session.scalar(select(User).where(User.username == "canhan"))
    if user is None or user.person_id is None:
        return
    if session.scalar(select(ChangeRequest.id).where(ChangeRequest.person_id == user.person_id)):
        return
    person = session.get(Person, user.person_id)
    submit_change_request(
        session,
        person,
        user,
        {"position": "Trưởng phòng chuyên môn"},
        note="Quyết định bổ nhiệm số 12/QĐ-UBND",
    )
