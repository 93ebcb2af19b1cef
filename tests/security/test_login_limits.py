"""Sign-in limits: only failures count, per username and per address, with back-off; an office
behind one address is never locked out by its own successful sign-ins or by colleagues' typos."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from registry import create_app
from registry.audit.models import AuditEntry
from registry.extensions import limiter
from tests.conftest import PASSWORD
from tests.factories import make_user


def _login(client, username, password=PASSWORD, **kwargs):
    return client.post("/login", data={"username": username, "password": password}, **kwargs)


@pytest.fixture()
def office(db):
    users = [
        make_user(db.session, "officer", password=PASSWORD, username=f"office{i}")
        for i in range(12)
    ]
    db.session.commit()
    return users


def test_fifty_correct_sign_ins_from_one_address_all_succeed(app, db, office):
    for round_ in range(5):
        for user in office[:10]:
            response = _login(app.test_client(), user.username)
            assert response.status_code == 302, (round_, user.username)


def test_guessing_one_username_is_stopped_then_told_when_to_retry(app, db, office):
    client = app.test_client()
    for _ in range(5):
        assert _login(client, "office0", "wrong-password").status_code == 401
    refused = _login(client, "office0")  # even the right password waits now
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) <= 60
    assert "Quá nhiều lần đăng nhập sai" in refused.get_data(as_text=True)
    assert _login(app.test_client(), "office1").status_code == 302


def test_back_off_grows_with_more_failures(app, db, office, monkeypatch):
    import time as time_module

    now = [time_module.time()]
    monkeypatch.setattr(time_module, "time", lambda: now[0])
    client = app.test_client()
    for _ in range(5):
        _login(client, "office0", "wrong-password")
    assert int(_login(client, "office0").headers["Retry-After"]) <= 60
    now[0] += 61
    for _ in range(5):
        assert _login(client, "office0", "wrong-password").status_code == 401
    wait = int(_login(client, "office0").headers["Retry-After"])
    assert 60 < wait <= 15 * 60


def test_address_limit_never_refuses_a_colleague_with_the_right_password(app, db, office):
    app.config["LOGIN_ADDRESS_LIMITS"] = "10/minute"
    try:
        for i in range(10):  # ten people mistype once each from the office address
            assert _login(app.test_client(), f"office{i}", "typo-password").status_code == 401
        assert _login(app.test_client(), "office11").status_code == 302
        # a name that already failed from this saturated address waits
        assert _login(app.test_client(), "office0").status_code == 429
        # an attacker spraying names gets one guess per name, then waits
        assert _login(app.test_client(), "nobody", "guess-password").status_code == 401
        assert _login(app.test_client(), "nobody", "guess-password").status_code == 429
    finally:
        app.config["LOGIN_ADDRESS_LIMITS"] = "30/minute;100/hour;300/day"


def test_owner_keeps_their_usual_browser_while_someone_guesses_elsewhere(app, db, office):
    usual = app.test_client()
    assert _login(usual, "office0").status_code == 302
    usual.post("/logout")
    attacker = app.test_client()
    for _ in range(6):
        _login(attacker, "office0", "wrong-password")
    assert _login(attacker, "office0").status_code == 429
    assert _login(usual, "office0").status_code == 302


def test_forged_device_cookie_is_ignored(app, db, office):
    client = app.test_client()
    client.set_cookie("registry_device", "forged")
    for _ in range(5):
        _login(client, "office0", "wrong-password")
    assert _login(client, "office0").status_code == 429


def _ip_of_last_failure(db):
    db.session.expire_all()
    return db.session.scalars(
        select(AuditEntry.ip).where(AuditEntry.action == "login.failed").order_by(AuditEntry.id)
    ).all()[-1]


def test_forwarded_address_ignored_without_trusted_proxies(app, db, office):
    _login(app.test_client(), "office0", "x", headers={"X-Forwarded-For": "203.0.113.9"})
    assert _ip_of_last_failure(db) == "127.0.0.1"


def test_trusted_proxy_gives_each_client_its_own_address(app, db, office):
    proxied = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": False,
            "TRUSTED_PROXIES": 1,
        }
    )
    proxied.config["LOGIN_ADDRESS_LIMITS"] = "3/minute"
    with proxied.app_context():
        limiter.reset()
    for i in range(3):
        response = _login(
            proxied.test_client(),
            f"office{i}",
            "typo-password",
            headers={"X-Forwarded-For": "203.0.113.9"},
        )
        assert response.status_code == 401
    assert _ip_of_last_failure(db) == "203.0.113.9"
    # another client behind the same proxy is not affected by that address's failures
    response = _login(
        proxied.test_client(), "office0", "typo", headers={"X-Forwarded-For": "198.51.100.7"}
    )
    assert response.status_code == 401
    response = _login(
        proxied.test_client(), "office0", "typo", headers={"X-Forwarded-For": "203.0.113.9"}
    )
    assert response.status_code == 429
