import io

from sqlalchemy import func, select

from registry.api.services import issue_token
from registry.people.models import Person
from tests import factories
from tests.imports.files import office_list, xlsx


def _token(db, role="officer"):
    user = factories.make_user(
        db.session, role, password="x" * 14, scope="44" if role == "officer" else "default"
    )
    token = issue_token(db.session, user.id)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_api_preview_then_commit(client, db):
    headers = _token(db)
    response = client.post(
        "/api/v1/imports",
        data={"file": (io.BytesIO(xlsx(office_list())), "ds.xlsx")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["counts"]["created"] == 3 and body["sheet"] == "Danh sách"
    assert db.session.scalar(select(func.count(Person.id))) == 0
    done = client.post(f"/api/v1/imports/{body['job_id']}/commit", headers=headers)
    assert done.status_code == 200, done.get_json()
    assert db.session.scalar(select(func.count(Person.id))) == 3
    assert (
        client.get(f"/api/v1/imports/{body['job_id']}", headers=headers).get_json()["state"]
        == "done"
    )
    assert (
        client.post(f"/api/v1/imports/{body['job_id']}/commit", headers=headers).status_code == 409
    )


def test_api_refuses_bad_files_and_roles(client, db):
    headers = _token(db)
    response = client.post(
        "/api/v1/imports",
        data={"file": (io.BytesIO(b"PK\x03\x04junk"), "ds.xlsx")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "ds.xlsx" in response.get_json()["messages"]["file"]
    recruiter = _token(db, "recruiter")
    response = client.post("/api/v1/imports", data={}, headers=recruiter)
    assert response.status_code == 403
    assert "/imports" in client.get("/api/v1/openapi.json").get_json()["paths"]


def test_api_commit_with_invalid_rows_writes_nothing(client, db):
    headers = _token(db, "admin")
    people = [[1, None, "1990", "Nam"] + [None] * 8, [2, "Lê Văn An", "1990", "Nam"] + [None] * 8]
    body = client.post(
        "/api/v1/imports",
        data={"file": (io.BytesIO(xlsx(office_list(people))), "ds.xlsx")},
        headers=headers,
        content_type="multipart/form-data",
    ).get_json()
    assert body["counts"]["invalid"] == 1
    response = client.post(f"/api/v1/imports/{body['job_id']}/commit", headers=headers)
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Person.id))) == 0
    response = client.post(
        f"/api/v1/imports/{body['job_id']}/commit?skip_invalid=1", headers=headers
    )
    assert response.status_code == 200
    assert db.session.scalar(select(func.count(Person.id))) == 1
