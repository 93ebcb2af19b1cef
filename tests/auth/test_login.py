import pytest
from sqlalchemy import select

from registry.auth.models import User
from registry.auth.services import authenticate, create_user
from registry.errors import ValidationError
from tests.conftest import PASSWORD, csrf_token
from tests.factories import make_user


def test_password_is_stored_with_scrypt(db):
    user = make_user(db.session, "admin", password=PASSWORD)
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash


def test_login_and_logout(client, db):
    make_user(db.session, "admin", password=PASSWORD, username="quantri")
    db.session.commit()
    response = client.post("/login", data={"username": "quantri", "password": PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert "quantri" in home.get_data(as_text=True)
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_in_vietnamese(client, db):
    make_user(db.session, "admin", password=PASSWORD, username="quantri")
    db.session.commit()
    response = client.post("/login", data={"username": "quantri", "password": "wrong-password"})
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_disabled_user_cannot_log_in(db):
    user = make_user(db.session, "officer", password=PASSWORD)
    user.is_enabled = False
    assert authenticate(db.session, user.username, PASSWORD) is None


def test_failed_logins_are_rate_limited(client, db):
    for _ in range(5):
        assert client.post("/login", data={"username": "x", "password": "y"}).status_code == 401
    blocked = client.post("/login", data={"username": "x", "password": "y"})
    assert blocked.status_code == 429
    assert "Quá nhiều lần đăng nhập sai" in blocked.get_data(as_text=True)


def test_session_cookie_is_httponly_and_samesite(client, db):
    make_user(db.session, "admin", password=PASSWORD, username="quantri")
    db.session.commit()
    response = client.post("/login", data={"username": "quantri", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_login_form_requires_csrf(app, client, db):
    make_user(db.session, "admin", password=PASSWORD, username="quantri")
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post("/login", data={"username": "quantri", "password": PASSWORD})
        assert refused.status_code == 400
        token = csrf_token(client, "/login")
        accepted = client.post(
            "/login", data={"username": "quantri", "password": PASSWORD, "csrf_token": token}
        )
        assert accepted.status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_login_redirects_only_to_local_pages(client, db):
    make_user(db.session, "admin", password=PASSWORD, username="quantri")
    db.session.commit()
    response = client.post(
        "/login?next=//evil.example/x", data={"username": "quantri", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"username": "ab", "role": "admin"}, "username"),
        ({"username": "người dùng", "role": "admin"}, "username"),
        ({"username": "valid.name", "role": "boss"}, "role"),
        ({"username": "valid.name", "role": "officer"}, "scope"),
        ({"username": "valid.name", "role": "officer", "scope": "999"}, "scope"),
        ({"username": "valid.name", "role": "officer", "scope": "org:424242"}, "scope"),
        ({"username": "valid.name", "role": "individual"}, "person"),
        ({"username": "valid.name", "role": "admin", "password": "short"}, "password"),
    ],
)
def test_create_user_refuses_bad_input(db, kwargs, field):
    values = {"password": PASSWORD, **kwargs}
    with pytest.raises(ValidationError) as caught:
        create_user(db.session, **values)
    assert field in caught.value.errors
    assert db.session.scalar(select(User.id)) is None


def test_duplicate_username_is_refused(db):
    make_user(db.session, "admin", password=PASSWORD, username="quantri")
    with pytest.raises(ValidationError):
        create_user(db.session, username="QuanTri", password=PASSWORD, role="admin")
