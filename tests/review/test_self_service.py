import io
from datetime import date

from sqlalchemy import select

from registry.audit.models import AuditEntry
from registry.people.models import Person
from registry.review.models import ChangeRequest
from tests.conftest import PASSWORD
from tests.factories import make_person, make_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _individual(client, db):
    person = make_person(db.session, phone="0912345678", position="Giáo viên")
    user = make_user(db.session, "individual", password=PASSWORD, person=person)
    db.session.commit()
    client.post("/login", data={"username": user.username, "password": PASSWORD})
    return person


def _me_form(person, **changes):
    values = {
        "full_name": person.full_name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "ethnicity_code": person.ethnicity_code,
        "commune_code": person.commune_code,
        "sector": person.sector,
        "phone": "0912345678",
        "position": person.position or "",
    }
    values.update(changes)
    return values


def _officer_client(app, db, scope="44"):
    officer = app.test_client()
    user = make_user(db.session, "officer", password=PASSWORD, scope=scope)
    db.session.commit()
    officer.post("/login", data={"username": user.username, "password": PASSWORD})
    return officer, user


def test_individual_sees_only_their_own_profile(client, db):
    person = _individual(client, db)
    other = make_person(db.session, full_name="Lê Văn Bình", sex="male")
    db.session.commit()
    assert person.full_name in client.get("/me").get_data(as_text=True)
    assert client.get(f"/people/{person.id}").status_code == 200
    assert client.get(f"/people/{other.id}").status_code == 404
    assert client.get("/review").status_code == 403
    assert client.get(f"/people/{person.id}/edit").status_code == 403


def test_change_waits_for_review_then_is_applied_and_verified(app, client, db):
    person = _individual(client, db)
    response = client.post(
        "/me",
        data={
            **_me_form(person, position="Tổ trưởng chuyên môn"),
            "note": "Được bổ nhiệm tháng 9",
            "evidence": (io.BytesIO(PDF), "quyet-dinh.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Person, person.id).position == "Giáo viên"  # unchanged until approved
    change = db.session.scalar(select(ChangeRequest))
    assert change.changes["fields"] == {"position": ["Giáo viên", "Tổ trưởng chuyên môn"]}
    assert change.evidence_type == "application/pdf"

    officer, officer_user = _officer_client(app, db)
    queue = officer.get("/review").get_data(as_text=True)
    assert "Tổ trưởng chuyên môn" in queue
    evidence = officer.get(f"/review/{change.id}/evidence")
    assert evidence.status_code == 200 and evidence.data == PDF
    assert (
        officer.post(
            f"/review/{change.id}", data={"decision": "approve", "comment": "Đúng"}
        ).status_code
        == 302
    )

    db.session.expire_all()
    assert db.session.get(Person, person.id).position == "Tổ trưởng chuyên môn"
    mine = client.get("/me").get_data(as_text=True)
    assert 'data-state="approved"' in mine and "Đúng" in mine
    assert f"tự khai, đã duyệt: {officer_user.username}" in mine
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"change_request.submit", "change_request.approve", "person.update"} <= actions


def test_rejection_needs_a_comment_and_changes_nothing(app, client, db):
    person = _individual(client, db)
    client.post("/me", data=_me_form(person, phone="0987654321"))
    change = db.session.scalar(select(ChangeRequest))
    officer, _user = _officer_client(app, db)
    officer.post(f"/review/{change.id}", data={"decision": "reject", "comment": ""})
    db.session.expire_all()
    assert db.session.get(ChangeRequest, change.id).state == "pending"
    officer.post(f"/review/{change.id}", data={"decision": "reject", "comment": "Số không đúng"})
    db.session.expire_all()
    assert db.session.get(ChangeRequest, change.id).state == "rejected"
    assert db.session.get(Person, person.id).phone == "+84912345678"
    assert "Số không đúng" in client.get("/me").get_data(as_text=True)


def test_bad_self_service_input_is_refused(client, db):
    person = _individual(client, db)
    response = client.post("/me", data=_me_form(person, birth_date="2999-01-01"))
    assert response.status_code == 422
    assert "Ngày sinh không thể ở tương lai." in response.get_data(as_text=True)
    unchanged = client.post("/me", data=_me_form(person))
    assert "Không có thay đổi nào để gửi." in unchanged.get_data(as_text=True)
    assert db.session.scalar(select(ChangeRequest.id)) is None


def test_disguised_and_oversized_uploads_are_refused(client, db):
    person = _individual(client, db)
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200
    for content, name in (
        (exe, "bang.pdf"),
        (PNG, "anh.pdf"),
        (b"%PDF-1.4" + b"0" * (10 * 1024 * 1024), "big.pdf"),
    ):
        response = client.post(
            "/me",
            data={**_me_form(person, position="Hiệu phó"), "evidence": (io.BytesIO(content), name)},
            content_type="multipart/form-data",
        )
        assert response.status_code in (413, 422)
    assert db.session.scalar(select(ChangeRequest.id)) is None


def test_part_requests_are_applied_on_approval(app, client, db):
    person = _individual(client, db)
    client.post(
        "/me/parts/qualification",
        data={
            "qualification-level_code": "thac_si",
            "qualification-field_code": "8140209",
            "qualification-year": "2022",
        },
    )
    client.post(
        "/me/parts/work",
        data={"work-organization_name": "Trường THCS", "work-start_date": "2030-01-01"},
    )
    requests = db.session.scalars(select(ChangeRequest)).all()
    assert len(requests) == 1  # the future start date was refused at once
    officer, _user = _officer_client(app, db)
    officer.post(f"/review/{requests[0].id}", data={"decision": "approve"})
    db.session.expire_all()
    assert db.session.get(Person, person.id).highest_level_code == "thac_si"


def test_approval_is_refused_when_the_profile_moved_on(app, client, db):
    person = _individual(client, db)
    client.post("/me", data=_me_form(person, position="Hiệu phó"))
    change = db.session.scalar(select(ChangeRequest))
    stored = db.session.get(Person, person.id)
    stored.position = "Hiệu trưởng"
    db.session.commit()
    officer, _user = _officer_client(app, db)
    officer.post(f"/review/{change.id}", data={"decision": "approve"})
    db.session.expire_all()
    assert db.session.get(ChangeRequest, change.id).state == "pending"
    assert db.session.get(Person, person.id).position == "Hiệu trưởng"


def test_officer_outside_scope_cannot_see_or_decide(app, client, db):
    person = _individual(client, db)
    client.post("/me", data=_me_form(person, position="Hiệu phó"))
    change = db.session.scalar(select(ChangeRequest))
    officer, _user = _officer_client(app, db, scope="19366")
    assert "Hiệu phó" not in officer.get("/review").get_data(as_text=True)
    assert officer.post(f"/review/{change.id}", data={"decision": "approve"}).status_code == 404
    assert officer.get(f"/review/{change.id}/evidence").status_code == 404


def test_birth_date_edit_round_trips_through_json(app, client, db):
    person = _individual(client, db)
    client.post("/me", data=_me_form(person, birth_date="1991-06-02", national_id=""))
    change = db.session.scalar(select(ChangeRequest))
    officer, _user = _officer_client(app, db)
    officer.post(f"/review/{change.id}", data={"decision": "approve"})
    db.session.expire_all()
    assert db.session.get(Person, person.id).birth_date == date(1991, 6, 2)


def test_a_decision_must_be_chosen(app, client, db):
    person = _individual(client, db)
    client.post("/me", data=_me_form(person, position="Hiệu phó"))
    change = db.session.scalar(select(ChangeRequest))
    officer, _user = _officer_client(app, db)
    response = officer.post(
        f"/review/{change.id}", data={"decision": "maybe"}, follow_redirects=True
    )
    assert "Chọn duyệt hoặc từ chối." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ChangeRequest, change.id).state == "pending"
