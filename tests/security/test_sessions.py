"""Server-side sessions: a copied cookie dies with logout, password changes, role changes,
disabling, 'sign out everywhere' and the idle and absolute timeouts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from registry.admin.services import reset_password, update_user
from registry.api.services import issue_token
from registry.auth.models import User, UserSession
from registry.people.models import utcnow
from tests.conftest import PASSWORD
from tests.factories import make_user

NEW_PASSWORD = "another-long-passphrase"


@pytest.fixture()
def officer(db):
    user = make_user(db.session, "officer", password=PASSWORD, username="sess.officer")
    db.session.commit()
    return user


def _signed_in(app, username="sess.officer", password=PASSWORD):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302
    return client


def _copy(app, client):
    """Another browser holding a copy of `client`'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _signed_out(client) -> bool:
    response = client.get("/people")
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_copied_cookie_works_until_logout_then_not(app, officer):
    client = _signed_in(app)
    thief = _copy(app, client)
    assert not _signed_out(thief)
    client.post("/logout")
    assert _signed_out(client)
    assert _signed_out(thief)


def test_admin_password_reset_signs_out_everywhere_and_revokes_tokens(app, db, officer):
    client = _signed_in(app)
    token = issue_token(db.session, officer.id)
    admin = make_user(db.session, "admin", password=PASSWORD)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert app.test_client().get("/api/v1/me", headers=headers).status_code == 200
    reset_password(db.session, db.session.get(User, officer.id), NEW_PASSWORD, admin)
    db.session.commit()
    assert _signed_out(client)
    assert app.test_client().get("/api/v1/me", headers=headers).status_code == 401
    assert not _signed_out(_signed_in(app, password=NEW_PASSWORD))


@pytest.mark.parametrize(
    "change",
    [
        {"role": "recruiter", "scope": "44", "enabled": True},
        {"role": "officer", "scope": "19363", "enabled": True},
        {"role": "officer", "scope": "44", "enabled": False},
    ],
    ids=["role", "scope", "disabled"],
)
def test_role_scope_or_disabling_ends_sessions_and_tokens(app, db, officer, change):
    client = _signed_in(app)
    token = issue_token(db.session, officer.id)
    admin = make_user(db.session, "admin", password=PASSWORD)
    db.session.commit()
    update_user(db.session, db.session.get(User, officer.id), person_id=None, actor=admin, **change)
    db.session.commit()
    assert _signed_out(client)
    headers = {"Authorization": f"Bearer {token}"}
    assert app.test_client().get("/api/v1/me", headers=headers).status_code == 401


def test_saving_a_user_unchanged_keeps_their_session(app, db, officer):
    client = _signed_in(app)
    admin = make_user(db.session, "admin", password=PASSWORD)
    db.session.commit()
    update_user(
        db.session,
        db.session.get(User, officer.id),
        role="officer",
        scope="44",
        person_id=None,
        enabled=True,
        actor=admin,
    )
    db.session.commit()
    assert not _signed_out(client)


def test_sign_out_everywhere(app, officer):
    here, elsewhere = _signed_in(app), _signed_in(app)
    assert "Đăng xuất khỏi mọi nơi" in here.get("/account").get_data(as_text=True)
    response = here.post("/account/sign-out-everywhere")
    assert response.status_code == 302
    assert _signed_out(here) and _signed_out(elsewhere)


def test_own_password_change_signs_out_other_sessions_only(app, db, officer):
    here, elsewhere = _signed_in(app), _signed_in(app)
    response = here.post(
        "/account",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert not _signed_out(here)
    assert _signed_out(elsewhere)
    db.session.expire_all()
    assert db.session.get(User, officer.id).check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    "data, field",
    [
        ({"current_password": "wrong-password!", "new_password": NEW_PASSWORD}, "hiện tại"),
        ({"current_password": PASSWORD, "new_password": "short"}, "ít nhất"),
        ({"current_password": PASSWORD, "new_password": PASSWORD}, "khác mật khẩu hiện tại"),
    ],
)
def test_own_password_change_refuses_bad_input(app, db, officer, data, field):
    here, elsewhere = _signed_in(app), _signed_in(app)
    data.setdefault("confirm_password", data["new_password"])
    response = here.post("/account", data=data)
    assert response.status_code == 422
    assert field in response.get_data(as_text=True)
    assert not _signed_out(elsewhere)
    db.session.expire_all()
    assert db.session.get(User, officer.id).check_password(PASSWORD)


def test_password_confirmation_must_match(app, officer):
    response = _signed_in(app).post(
        "/account",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD + "x",
        },
    )
    assert response.status_code == 422
    assert "không khớp" in response.get_data(as_text=True)


def _age_sessions(db, **delta):
    for row in db.session.scalars(select(UserSession)):
        row.last_seen_at = utcnow() - timedelta(**delta)
        if "hours" in delta:
            row.created_at = utcnow() - timedelta(**delta)
    db.session.commit()


def test_idle_timeout(app, db, officer):
    client = _signed_in(app)
    _age_sessions(db, minutes=31)
    assert _signed_out(client)


def test_recent_activity_keeps_the_session(app, db, officer):
    client = _signed_in(app)
    _age_sessions(db, minutes=20)
    assert not _signed_out(client)
    db.session.expire_all()
    row = db.session.scalars(select(UserSession)).one()
    assert utcnow() - row.last_seen_at.replace(tzinfo=utcnow().tzinfo) < timedelta(minutes=1)


def test_absolute_timeout(app, db, officer):
    client = _signed_in(app)
    for row in db.session.scalars(select(UserSession)):
        row.created_at = utcnow() - timedelta(hours=9)
    db.session.commit()
    assert _signed_out(client)


def test_session_rotated_at_login(app, db, officer):
    client = app.test_client()
    client.get("/lang/en")
    before = client.get_cookie("session").value
    client.post("/login", data={"username": "sess.officer", "password": PASSWORD})
    after = client.get_cookie("session").value
    assert before != after
    first = db.session.scalars(select(UserSession.key_hash)).all()
    client.post("/logout")
    client.post("/login", data={"username": "sess.officer", "password": PASSWORD})
    keys = db.session.scalars(select(UserSession.key_hash)).all()
    assert len(keys) == 2 and set(first) < set(keys)
    assert client.get("/people").status_code == 200
