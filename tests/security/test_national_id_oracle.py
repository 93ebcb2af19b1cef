"""No national-ID oracle: a duplicate outside the user's scope is never confirmed; the profile is
saved without the number and queued for review (audited); individuals' ID changes go through
review; and each user may cause only a few such checks a day."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from registry.audit.models import AuditEntry
from registry.people.models import Person
from registry.people.national_id import MAX_REPORTS_PER_DAY, PossibleDuplicate
from tests.conftest import PASSWORD
from tests.factories import make_person, make_user

TAKEN = "044190000001"  # female, born 1990
CONFIRMS = "đã có trong hồ sơ khác"


def _id(n: int) -> str:
    return f"044190{n:06d}"


@pytest.fixture()
def holder(db):
    person = make_person(
        db.session, full_name="Chủ Số Cccd", commune_code="19366", national_id=TAKEN
    )
    db.session.commit()
    return person


def _client(app, db, role, scope, person=None, username=None):
    user = make_user(
        db.session, role, password=PASSWORD, scope=scope, person=person, username=username
    )
    db.session.commit()
    client = app.test_client()
    assert (
        client.post("/login", data={"username": user.username, "password": PASSWORD}).status_code
        == 302
    )
    return client, user


def _new_profile(client, national_id, name="Người Mới Nhập"):
    return client.post(
        "/people/new",
        data={
            "full_name": name,
            "sex": "female",
            "birth_date": "1990-05-17",
            "ethnicity_code": "01",
            "commune_code": "19363",
            "sector": "state_agency",
            "status": "active",
            "national_id": national_id,
        },
        follow_redirects=True,
    )


def test_out_of_scope_duplicate_is_not_confirmed_but_queued(app, db, holder):
    client, officer = _client(app, db, "officer", "19363")
    response = _new_profile(client, TAKEN)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert CONFIRMS not in body and "Chủ Số Cccd" not in body
    created = db.session.scalar(select(Person).where(Person.full_name == "Người Mới Nhập"))
    assert created is not None and created.national_id is None
    entry = db.session.scalar(select(PossibleDuplicate))
    assert (entry.person_id, entry.holder_id, entry.national_id) == (created.id, holder.id, TAKEN)
    assert db.session.scalar(
        select(AuditEntry.id).where(AuditEntry.action == "person.possible_duplicate")
    )
    # the officer's queue does not show the case (the holder is outside their scope) ...
    assert "Chủ Số Cccd" not in client.get("/review/duplicates").get_data(as_text=True)
    # ... an administrator's does, and can close it
    admin, _ = _client(app, db, "admin", None)
    assert "Chủ Số Cccd" in admin.get("/review/duplicates").get_data(as_text=True)
    admin.post(f"/review/duplicates/{entry.id}", data={"note": "Nhập nhầm"})
    db.session.expire_all()
    assert db.session.get(PossibleDuplicate, entry.id).resolved_at is not None


def test_in_scope_duplicate_is_named(app, db, holder):
    client, _ = _client(app, db, "officer", "44")
    response = _new_profile(client, TAKEN)
    assert response.status_code == 422
    assert CONFIRMS in response.get_data(as_text=True)
    assert db.session.scalar(select(PossibleDuplicate)) is None


def test_unique_id_is_saved_normally(app, db, holder):
    client, _ = _client(app, db, "officer", "19363")
    _new_profile(client, _id(2))
    assert db.session.scalar(select(Person.id).where(Person.national_id == _id(2)))


def test_checks_are_limited_per_user(app, db, holder):
    client, _ = _client(app, db, "officer", "19363")
    for i in range(MAX_REPORTS_PER_DAY):
        _new_profile(client, TAKEN, name=f"Người Thử {i}")
    # past the limit, even a number nobody holds is refused: the refusal tells nothing
    response = _new_profile(client, _id(3), name="Người Thử Thêm")
    assert response.status_code == 422
    assert "quá nhiều số CCCD" in response.get_data(as_text=True)
    assert db.session.scalar(select(Person.id).where(Person.national_id == _id(3))) is None


def test_individual_id_change_goes_through_review_without_confirmation(app, db, holder):
    me = make_person(
        db.session, full_name="Cá Nhân", commune_code="19363", birth_date=date(1990, 5, 17)
    )
    db.session.commit()
    client, _ = _client(app, db, "individual", None, person=me)
    response = client.post(
        "/me",
        data={
            "full_name": me.full_name,
            "sex": me.sex,
            "birth_date": "1990-05-17",
            "ethnicity_code": "01",
            "commune_code": "19363",
            "sector": me.sector,
            "national_id": TAKEN,
        },
    )
    assert response.status_code == 302  # a request for review, whatever the number
    db.session.expire_all()
    assert db.session.get(Person, me.id).national_id is None
    from registry.review.models import ChangeRequest

    change = db.session.scalar(select(ChangeRequest))
    officer, _ = _client(app, db, "officer", "19363")
    officer.post(f"/review/{change.id}", data={"decision": "approve"})
    db.session.expire_all()
    assert db.session.get(Person, me.id).national_id is None
    assert db.session.scalar(select(PossibleDuplicate.person_id)) == me.id
