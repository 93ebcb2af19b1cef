"""Uploads written only after validation, pending requests limited, orphan files cleaned,
security headers on every page, private files on disk, SQLite synchronous=FULL."""

from __future__ import annotations

import io
import os
import stat
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from registry.review.models import ChangeRequest
from registry.review.services import MAX_PENDING_REQUESTS
from tests.conftest import PASSWORD
from tests.factories import make_person, make_user

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _evidence_files(app) -> set[str]:
    folder = Path(app.config["UPLOAD_PATH"]) / "evidence"
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


@pytest.fixture()
def individual(app, db):
    person = make_person(db.session, position="Giáo viên")
    make_user(db.session, "individual", password=PASSWORD, person=person, username="me.person")
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"username": "me.person", "password": PASSWORD})
    return client, person


def _me_form(person, **changes):
    values = {
        "full_name": person.full_name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "ethnicity_code": person.ethnicity_code,
        "commune_code": person.commune_code,
        "sector": person.sector,
        "position": person.position or "",
    }
    values.update(changes)
    return values


def test_rejected_request_leaves_no_file(app, db, individual):
    client, person = individual
    before = _evidence_files(app)
    response = client.post(
        "/me",
        data={
            **_me_form(person, birth_date="2999-01-01"),  # invalid: the request is refused
            "evidence": (io.BytesIO(PDF), "quyet-dinh.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert _evidence_files(app) == before


def test_accepted_upload_is_private_on_disk(app, db, individual):
    client, person = individual
    before = _evidence_files(app)
    response = client.post(
        "/me",
        data={**_me_form(person, position="Hiệu phó"), "evidence": (io.BytesIO(PDF), "qd.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    (name,) = _evidence_files(app) - before
    mode = (Path(app.config["UPLOAD_PATH"]) / "evidence" / name).stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_pending_requests_per_person_are_limited(app, db, individual):
    client, person = individual
    for i in range(MAX_PENDING_REQUESTS):
        response = client.post("/me", data=_me_form(person, position=f"Chức vụ {i}"))
        assert response.status_code == 302
    response = client.post("/me", data=_me_form(person, position="Một lần nữa"))
    assert response.status_code == 422
    assert "đang chờ duyệt" in response.get_data(as_text=True)
    count = db.session.scalar(select(func.count(ChangeRequest.id)))
    assert count == MAX_PENDING_REQUESTS


def test_cleanup_removes_only_old_unreferenced_files(app, db, individual):

    client, person = individual
    client.post(
        "/me",
        data={**_me_form(person, position="Hiệu phó"), "evidence": (io.BytesIO(PDF), "qd.pdf")},
        content_type="multipart/form-data",
    )
    folder = Path(app.config["UPLOAD_PATH"]) / "evidence"
    kept = db.session.scalar(select(ChangeRequest.evidence_path))
    old_orphan, new_orphan = folder / "orphan-old.pdf", folder / "orphan-new.pdf"
    for path in (old_orphan, new_orphan):
        path.write_bytes(PDF)
    two_hours_ago = time.time() - 7200
    os.utime(old_orphan, (two_hours_ago, two_hours_ago))
    os.utime(Path(app.config["UPLOAD_PATH"]) / kept, (two_hours_ago, two_hours_ago))
    result = app.test_cli_runner().invoke(args=["cleanup", "--dry-run"])
    assert "1 orphan file(s) would be removed" in result.output and old_orphan.exists()
    result = app.test_cli_runner().invoke(args=["cleanup"])
    assert result.exit_code == 0, result.output
    assert not old_orphan.exists()
    assert new_orphan.exists() and (Path(app.config["UPLOAD_PATH"]) / kept).exists()
    new_orphan.unlink()


def test_security_headers_on_pages(client, login_as):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    login_as("officer")
    for url in ("/people", "/people/export.csv", "/api/v1/people", "/account"):
        assert client.get(url).headers.get("Cache-Control") == "no-store", url


def test_static_files_stay_cacheable(client):
    response = client.get("/static/js/app.js")
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"


def test_pages_carry_no_inline_script(client, login_as):
    login_as("admin")
    root = Path(__file__).resolve().parents[2] / "templates"
    for template in root.rglob("*.html"):
        source = template.read_text()
        assert "<script>" not in source and " on" + "change=" not in source, template
        assert "onclick=" not in source and "javascript:" not in source, template
    body = client.get("/people").get_data(as_text=True)
    assert "<script>" not in body


def test_sqlite_writes_are_synchronous_full(app, db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_instance_files_are_private(tmp_path):
    from registry import create_app

    instance = tmp_path / "inst"
    instance.mkdir(mode=0o755)
    database = instance / "registry.db"
    database.write_bytes(b"")
    os.chmod(database, 0o644)
    (instance / "uploads" / "evidence").mkdir(parents=True)
    (instance / "uploads" / "evidence" / "a.pdf").write_bytes(PDF)
    os.chmod(instance / "uploads" / "evidence" / "a.pdf", 0o644)
    create_app(
        {
            "INSTANCE_PATH": str(instance),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "UPLOAD_PATH": str(instance / "uploads"),
            "SECRET_KEY": "x",
        }
    )
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE((instance / "uploads" / "evidence" / "a.pdf").stat().st_mode) == 0o600
