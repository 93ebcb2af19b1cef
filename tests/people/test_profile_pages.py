from datetime import date

from sqlalchemy import select

from registry.audit.models import AuditEntry
from registry.people.models import Person
from tests.factories import make_person

SECRET_ID = "045190000123"


def _sensitive_person(db):
    person = make_person(
        db.session,
        full_name="Hồ Thị Xi",
        ethnicity_code="23",
        national_id=SECRET_ID,
        birth_date=date(1990, 5, 17),
        phone="0912345678",
        address="Thôn Bến Hải",
        party_member=True,
        party_joined_on=date(2015, 5, 19),
    )
    db.session.commit()
    return person


def test_officer_sees_the_full_profile_and_the_view_is_audited(client, db, login_as):
    person = _sensitive_person(db)
    officer = login_as("officer", scope="19363")
    html = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert (
        "Hồ Thị Xi" in html
        and SECRET_ID in html
        and "0912 345 678" in html
        and "Bru-Vân Kiều" in html
    )
    assert "17/05/1990" in html and "Đảng viên" in html
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "person.view"))
    assert entry.actor_id == officer.id and entry.target_id == person.id


def test_recruiter_sees_masked_personal_data(client, db, login_as):
    person = _sensitive_person(db)
    login_as("recruiter")
    html = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert "Hồ Thị Xi" in html
    for secret in (
        SECRET_ID,
        "0912 345 678",
        "17/05/1990",
        "Bru-Vân Kiều",
        "Thôn Bến Hải",
        "19/05/2015",
    ):
        assert secret not in html
    assert 'data-group="ethnic_minority"' not in html
    assert "35-39" in html  # an age band instead of the birth date
    assert 'data-testid="masked-note"' in html


def test_out_of_scope_profile_is_404(client, db, login_as):
    person = make_person(db.session, commune_code="19366")
    db.session.commit()
    login_as("officer", scope="19363")
    assert client.get(f"/people/{person.id}").status_code == 404
    assert client.get(f"/people/{person.id}/edit").status_code == 404
    assert client.get("/people/999999").status_code == 404


def test_officer_of_an_organisation_sees_its_subtree_only(client, db, login_as):
    from tests.factories import make_org

    parent = make_org(db.session, name="Sở Y tế")
    child = make_org(db.session, name="Trạm Y tế xã Vĩnh Linh", kind="health", parent=parent)
    other = make_org(db.session, name="Trường THCS Vĩnh Linh", kind="school")
    inside = make_person(db.session, organization_id=child.id)
    outside = make_person(db.session, full_name="Lê Văn Bình", sex="male", organization_id=other.id)
    db.session.commit()
    login_as("officer", scope=f"org:{parent.id}")
    assert client.get(f"/people/{inside.id}").status_code == 200
    assert client.get(f"/people/{outside.id}").status_code == 404


def test_officer_creates_a_person_and_fields_are_verified(client, db, login_as):
    officer = login_as("officer", scope="44")
    response = client.post(
        "/people/new",
        data={
            "full_name": "Phan Văn Đức",
            "sex": "male",
            "birth_date": "1988-03-04",
            "ethnicity_code": "01",
            "commune_code": "19363",
            "sector": "state_agency",
            "status": "active",
            "phone": "0987654321",
        },
    )
    assert response.status_code == 302
    person = db.session.scalar(select(Person).where(Person.full_name == "Phan Văn Đức"))
    html = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert f"đã xác minh: {officer.username}" in html


def test_bad_input_on_create_is_refused_with_messages_and_nothing_saved(client, db, login_as):
    login_as("officer", scope="44")
    response = client.post(
        "/people/new",
        data={
            "full_name": "Phan Văn Đức",
            "sex": "male",
            "birth_date": "2999-01-01",
            "ethnicity_code": "01",
            "commune_code": "19363",
            "sector": "state_agency",
            "status": "active",
            "national_id": "12345",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Ngày sinh không thể ở tương lai." in html
    assert db.session.scalar(select(Person.id)) is None


def test_officer_cannot_create_outside_scope(client, db, login_as):
    login_as("officer", scope="19363")
    response = client.post(
        "/people/new",
        data={
            "full_name": "Phan Văn Đức",
            "sex": "male",
            "commune_code": "19366",
            "sector": "other",
            "status": "active",
        },
    )
    assert response.status_code == 422
    assert "phạm vi" in response.get_data(as_text=True)
    assert db.session.scalar(select(Person.id)) is None


def test_html_in_text_fields_is_shown_as_text(client, db, login_as):
    person = make_person(db.session, position="<script>alert('x')</script>")
    db.session.commit()
    login_as("admin")
    html = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def _edit_form(person, **changes):
    values = {
        "version": str(person.version),
        "full_name": person.full_name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "ethnicity_code": person.ethnicity_code or "",
        "commune_code": person.commune_code or "",
        "sector": person.sector,
        "status": person.status,
        "position": person.position or "",
    }
    values.update(changes)
    return values


def test_second_officer_save_is_refused_and_shows_what_changed(app, db, login_as):
    person = make_person(db.session)
    db.session.commit()
    first, second = app.test_client(), app.test_client()
    for browser in (first, second):
        from tests.conftest import PASSWORD
        from tests.factories import make_user

        user = make_user(db.session, "officer", password=PASSWORD)
        db.session.commit()
        browser.post("/login", data={"username": user.username, "password": PASSWORD})
    loaded = _edit_form(person)
    assert (
        first.post(
            f"/people/{person.id}/edit", data={**loaded, "position": "Trưởng trạm"}
        ).status_code
        == 302
    )
    refused = second.post(f"/people/{person.id}/edit", data={**loaded, "position": "Bác sĩ"})
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert "Trưởng trạm" in html and 'data-testid="changed-since"' in html
    db.session.expire_all()
    assert db.session.get(Person, person.id).position == "Trưởng trạm"


def test_parts_are_added_and_removed_by_officers(client, db, login_as):
    person = make_person(db.session, qualifications=())
    db.session.commit()
    login_as("officer", scope="44")
    client.post(
        f"/people/{person.id}/parts/qualification",
        data={
            "qualification-level_code": "thac_si",
            "qualification-field_code": "8720101",
            "qualification-major_name": "Y khoa",
            "qualification-year": "2019",
        },
    )
    client.post(
        f"/people/{person.id}/parts/work",
        data={
            "work-organization_name": "Trạm Y tế",
            "work-start_date": "2020-01-01",
            "work-end_date": "2019-01-01",
        },
    )
    client.post(
        f"/people/{person.id}/parts/language",
        data={"language-language": "en", "language-level_code": "bac_3"},
    )
    client.post(f"/people/{person.id}/parts/expertise", data={"expertise-field_code": "y_te"})
    db.session.expire_all()
    person = db.session.get(Person, person.id)
    assert person.highest_level_code == "thac_si"
    assert person.work_history == []  # end before start: refused
    assert [(x.language, x.level_code) for x in person.languages] == [("en", "bac_3")]
    assert [x.field_code for x in person.expertise] == ["y_te"]
    language_id = person.languages[0].id
    client.post(f"/people/{person.id}/parts/language/{language_id}/delete")
    db.session.expire_all()
    assert db.session.get(Person, person.id).languages == []
