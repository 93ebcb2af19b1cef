import pytest
from sqlalchemy import func, select

from registry.audit.models import AppendOnlyError, AuditEntry
from registry.audit.services import record
from registry.auth.models import User
from registry.people.consent import erase_person
from registry.people.models import Person
from registry.people.queries import home_counts
from tests.conftest import PASSWORD
from tests.factories import make_person, make_user


def _actions(db):
    return [a for (a,) in db.session.execute(select(AuditEntry.action).order_by(AuditEntry.id))]


def test_logins_and_failed_logins_are_audited(client, db):
    make_user(db.session, "admin", password=PASSWORD, username="quantri")
    db.session.commit()
    client.post("/login", data={"username": "quantri", "password": "sai"})
    client.post("/login", data={"username": "quantri", "password": PASSWORD})
    client.post("/logout")
    assert _actions(db) == ["user.create", "login.failed", "login", "logout"]
    failed = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "login.failed"))
    assert failed.details == {"username": "quantri"} and failed.actor_id is None


def test_admin_answers_who_looked_at_a_profile(client, db, login_as):
    person = make_person(db.session)
    other = make_person(db.session, full_name="Lê Văn Bình", sex="male")
    viewer = make_user(db.session, "officer", password=PASSWORD, username="canbo.xem")
    db.session.commit()
    viewing = client.application.test_client()
    viewing.post("/login", data={"username": "canbo.xem", "password": PASSWORD})
    viewing.get(f"/people/{person.id}")
    viewing.get(f"/people/{other.id}")
    login_as("admin")
    html = client.get(f"/admin/audit?person={person.id}&action=person.view").get_data(as_text=True)
    assert "canbo.xem" in html and f"#{person.id}" in html
    assert f"hồ sơ #{other.id}" not in html
    assert viewer.id


def test_own_profile_views_are_not_audited_as_views(client, db):
    person = make_person(db.session)
    user = make_user(db.session, "individual", password=PASSWORD, person=person)
    db.session.commit()
    client.post("/login", data={"username": user.username, "password": PASSWORD})
    client.get(f"/people/{person.id}")
    assert "person.view" not in _actions(db)


def test_audit_log_is_append_only(db):
    entry = record(db.session, actor=None, action="test")
    db.session.commit()
    entry.action = "changed"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


def test_edits_are_audited_with_before_and_after(client, db, login_as):
    person = make_person(db.session, position="Giáo viên")
    db.session.commit()
    login_as("officer")
    client.post(
        f"/people/{person.id}/edit",
        data={
            "version": str(person.version),
            "full_name": person.full_name,
            "sex": "female",
            "sector": "other",
            "status": "active",
            "commune_code": "19363",
            "ethnicity_code": "01",
            "birth_date": "1990-05-17",
            "position": "Hiệu trưởng",
        },
    )
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "person.update"))
    assert entry.details["changes"]["position"] == ["Giáo viên", "Hiệu trưởng"]


def test_consent_is_recorded_and_withdrawn(client, db, login_as):
    person = make_person(db.session)
    db.session.commit()
    login_as("officer")
    client.post(f"/people/{person.id}/consent")
    db.session.expire_all()
    assert db.session.get(Person, person.id).consent_version == "2026-01"
    assert "Đã đồng ý ngày" in client.get(f"/people/{person.id}").get_data(as_text=True)
    client.post(f"/people/{person.id}/consent", data={"withdraw": "1"})
    db.session.expire_all()
    assert db.session.get(Person, person.id).consent_at is None
    assert {"person.consent", "person.consent_withdrawn"} <= set(_actions(db))


def test_erasure_removes_personal_data_and_keeps_counts(client, db, login_as):
    from datetime import date

    person = make_person(
        db.session,
        full_name="Hồ Thị Xi",
        ethnicity_code="23",
        national_id="045190000123",
        birth_date=date(1990, 5, 17),
        phone="0912345678",
        address="Thôn 1",
    )
    user = make_user(db.session, "individual", password=PASSWORD, person=person)
    record(
        db.session,
        actor=None,
        action="person.update",
        target_type="person",
        target_id=person.id,
        details={"changes": {"phone": ["x", "0912345678"]}},
    )
    db.session.commit()
    before = home_counts(db.session)
    login_as("admin")
    assert client.post(f"/people/{person.id}/erase", data={"confirm": "wrong"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Person, person.id).erased_at is None
    client.post(f"/people/{person.id}/erase", data={"confirm": str(person.id)})
    db.session.expire_all()
    erased = db.session.get(Person, person.id)
    assert erased.full_name == f"Đã xóa #{person.id}"
    assert (erased.national_id, erased.phone, erased.address) == (None, None, None)
    assert erased.birth_date == date(1990, 7, 1)
    assert home_counts(db.session) == before
    assert db.session.get(User, user.id).is_enabled is False
    details = db.session.scalars(
        select(AuditEntry.details).where(
            AuditEntry.target_id == person.id, AuditEntry.action == "person.update"
        )
    ).all()
    assert details == [{"redacted": True}]
    assert "person.erase" in _actions(db)
    assert "0912345678" not in str(db.session.scalars(select(AuditEntry.details)).all())


def test_only_admins_erase(client, db, login_as):
    person = make_person(db.session)
    db.session.commit()
    login_as("officer")
    assert (
        client.post(f"/people/{person.id}/erase", data={"confirm": str(person.id)}).status_code
        == 403
    )


def test_erasing_twice_is_refused(db):
    person = make_person(db.session)
    erase_person(db.session, person, None)
    from registry.errors import ValidationError

    with pytest.raises(ValidationError):
        erase_person(db.session, person, None)
    assert db.session.scalar(select(func.count(Person.id))) == 1
