from registry.api.services import issue_token
from tests.conftest import PASSWORD
from tests.factories import make_user


def test_api_needs_credentials(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


def test_bearer_token_identifies_the_user(client, db):
    user = make_user(db.session, "recruiter", password=PASSWORD, username="tuyendung")
    token = issue_token(db.session, user.id, "test")
    db.session.commit()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.get_json() == {"username": "tuyendung", "role": "recruiter", "scope": "44"}
    assert (
        client.get("/api/v1/me", headers={"Authorization": "Bearer reg_wrong"}).status_code == 401
    )


def test_disabled_users_token_stops_working(client, db):
    user = make_user(db.session, "officer", password=PASSWORD)
    token = issue_token(db.session, user.id)
    user.is_enabled = False
    db.session.commit()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_browser_session_works_for_reads(client, login_as):
    login_as("admin")
    assert client.get("/api/v1/me").status_code == 200


def test_openapi_document_lists_the_endpoints(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert "/me" in document["paths"]


def test_cli_issues_a_token_once(app, db):
    make_user(db.session, "officer", password=PASSWORD, username="canbo")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["users", "token", "--username", "canbo"])
    assert result.exit_code == 0 and result.output.startswith("reg_")
    missing = app.test_cli_runner().invoke(args=["users", "token", "--username", "nobody"])
    assert missing.exit_code == 2
