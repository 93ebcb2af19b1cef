"""`registry backup` then `registry restore` gives back the database and the evidence files,
on SQLite and (with REGISTRY_TEST_DATABASE_URL) on PostgreSQL."""

from __future__ import annotations

import io
import stat
import tarfile
from pathlib import Path

from sqlalchemy import select

from registry.people.models import Person
from registry.review.models import ChangeRequest
from tests.conftest import PASSWORD
from tests.factories import make_person, make_user

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _request_with_evidence(app, db) -> tuple[int, Path]:
    person = make_person(db.session, full_name="Trước Sao Lưu", position="Giáo viên")
    make_user(db.session, "individual", password=PASSWORD, person=person, username="bk.person")
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"username": "bk.person", "password": PASSWORD})
    response = client.post(
        "/me",
        data={
            "full_name": person.full_name,
            "sex": person.sex,
            "birth_date": person.birth_date.isoformat(),
            "ethnicity_code": person.ethnicity_code,
            "commune_code": person.commune_code,
            "sector": person.sector,
            "position": "Hiệu phó",
            "evidence": (io.BytesIO(PDF), "qd.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    stored = db.session.scalar(select(ChangeRequest.evidence_path))
    return person.id, Path(app.config["UPLOAD_PATH"]) / stored


def test_backup_and_restore_round_trip(app, db, tmp_path):
    person_id, evidence = _request_with_evidence(app, db)
    archive = tmp_path / "registry-backup.tar.gz"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", "--out", str(archive)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert (
        "manifest.json" in names
        and f"uploads/{evidence.relative_to(app.config['UPLOAD_PATH'])}" in names
    )

    # things go wrong after the backup
    db.session.delete(db.session.get(Person, person_id))
    make_person(db.session, full_name="Sau Sao Lưu")
    db.session.commit()
    evidence.unlink()

    result = runner.invoke(args=["restore", str(archive), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    names = set(db.session.scalars(select(Person.full_name)))
    assert "Trước Sao Lưu" in names and "Sau Sao Lưu" not in names
    assert evidence.read_bytes() == PDF
    assert db.session.scalar(select(ChangeRequest.evidence_path)) is not None


def test_restore_refuses_what_is_not_a_backup(app, db, tmp_path):
    bogus = tmp_path / "not-a-backup.tar.gz"
    bogus.write_bytes(b"hello")
    result = app.test_cli_runner().invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code == 2
    assert "Not a registry backup" in result.output
