from sqlalchemy.exc import OperationalError

from registry.extensions import db as _db
from tests.factories import make_person


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_database_unreachable(client, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(_db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_home_shows_counts_from_the_database(client, db, login_as):
    make_person(db.session, full_name="Hồ Thị Xi", ethnicity_code="23")
    make_person(db.session, full_name="Lê Văn An", sex="male", qualifications=[("cao_dang", None)])
    make_person(db.session, full_name="Trần Văn Bình", sex="male", status="retired")
    db.session.commit()
    login_as("admin")
    html = client.get("/").get_data(as_text=True)
    assert 'data-testid="count-people">2<' in html
    assert 'data-testid="count-intellectuals">1<' in html
    assert 'data-testid="count-women">1<' in html
    assert 'data-testid="count-minority">1<' in html
    assert "Đại học" in html and "Cao đẳng" in html


def test_pages_are_vietnamese_by_default_and_switch_to_english(client):
    assert "Đăng nhập" in client.get("/login").get_data(as_text=True)
    client.get("/lang/en")
    html = client.get("/login").get_data(as_text=True)
    assert "Sign in" in html and 'lang="en"' in html
    client.get("/lang/vi")
    assert "Đăng nhập" in client.get("/login").get_data(as_text=True)


def test_error_pages_are_in_the_users_language(client, login_as):
    login_as("officer")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.get_data(as_text=True)
    client.get("/lang/en")
    assert "Not found" in client.get("/no-such-page").get_data(as_text=True)


def test_server_error_page_is_friendly(app, client, login_as, monkeypatch):
    login_as("admin")

    def boom(_session, _user):
        raise RuntimeError("boom")

    monkeypatch.setitem(app.extensions, "registry.home_counts", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.get("/")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.get_data(as_text=True)


def test_no_page_loads_anything_from_the_internet(client):
    html = client.get("/login").get_data(as_text=True)
    assert "http://" not in html.replace("http://localhost", "") and "https://" not in html
    assert "/bootstrap/static/" in html


def test_home_counts_stay_within_the_users_scope(client, db, login_as):
    make_person(db.session, full_name="Hồ Thị Xi", commune_code="19363")
    make_person(db.session, full_name="Lê Văn An", sex="male", commune_code="19366")
    make_person(
        db.session,
        full_name="Lê Văn Bình",
        sex="male",
        commune_code=None,
        legacy_commune_code="19366",
    )
    db.session.commit()
    login_as("officer", scope="19366")
    html = client.get("/").get_data(as_text=True)
    assert 'data-testid="count-people">2<' in html
    assert 'data-testid="count-women">0<' in html
