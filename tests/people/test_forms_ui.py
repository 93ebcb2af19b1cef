"""Forms that keep work: Vietnamese dates, names instead of codes, errors beside fields,
possible duplicates, confirmation before removal, verification without change."""

from datetime import date

import pytest
from sqlalchemy import func, select

from registry.audit.models import AuditEntry, FieldVerification
from registry.core.form_fields import parse_vn_date
from registry.people.models import Person, WorkHistory
from registry.people.parts import add_part
from tests.factories import make_org, make_person


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1/2/1990", date(1990, 2, 1)),
        ("01-02-1990", date(1990, 2, 1)),
        ("17.05.1990", date(1990, 5, 17)),
        (" 7 / 3 / 2001 ", date(2001, 3, 7)),
        ("1990-02-01", date(1990, 2, 1)),
        ("", None),
    ],
)
def test_dates_are_read_day_first_and_leniently(text, expected):
    assert parse_vn_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/1990", "13/13/1990", "hôm qua", "1990"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_vn_date(text)


def _new_profile(**changes):
    data = {
        "full_name": "Trần Văn Bình",
        "sex": "male",
        "birth_date": "3/12/1995",
        "commune_code": "Xã Vĩnh Linh, Tỉnh Quảng Trị",
        "sector": "state_agency",
        "status": "active",
    }
    data.update(changes)
    return data


def test_new_profile_takes_a_vietnamese_date_and_a_commune_by_name(client, db, login_as):
    login_as("officer", scope="44")
    response = client.post("/people/new", data=_new_profile())
    assert response.status_code == 302, response.get_data(as_text=True)
    person = db.session.scalar(select(Person))
    assert (person.birth_date, person.commune_code) == (date(1995, 12, 3), "19363")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "03/12/1995" in page and "Xã Vĩnh Linh, Tỉnh Quảng Trị" in page
    assert "19363" not in page.split("<main", 1)[1]  # the code is never shown


def test_a_bad_form_keeps_everything_typed_and_says_why_beside_each_field(client, db, login_as):
    login_as("officer", scope="44")
    response = client.post(
        "/people/new", data=_new_profile(birth_date="31/02/1995", commune_code="", phone="12")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="31/02/1995"' in html and 'value="Trần Văn Bình"' in html
    assert "Xã, phường là bắt buộc." in html  # not "must be in your scope"
    assert 'id="birth_date-error"' in html and 'aria-invalid="true"' in html
    assert 'data-testid="error-summary"' in html and 'href="#birth_date"' in html
    assert db.session.scalar(select(func.count(Person.id))) == 0


def test_required_fields_are_marked_and_the_edit_form_can_be_cancelled(client, db, login_as):
    login_as("officer", scope="44")
    person = make_person(db.session)
    db.session.commit()
    html = client.get(f"/people/{person.id}/edit").get_data(as_text=True)
    assert 'aria-required="true"' in html and "(bắt buộc)" in html
    assert f'href="/people/{person.id}">Hủy, không lưu' in html


def test_possible_duplicates_are_shown_and_the_officer_confirms(client, db, login_as):
    login_as("officer", scope="44")
    twin = make_person(
        db.session, full_name="Trần Văn Bình", sex="male", birth_date=date(1990, 4, 2)
    )
    db.session.commit()
    data = _new_profile(full_name="TRAN VAN BINH", birth_date="05/06/1990")
    warned = client.post("/people/new", data=data)
    html = warned.get_data(as_text=True)
    assert warned.status_code == 409 and 'data-testid="duplicates"' in html
    assert f'href="/people/{twin.id}"' in html and 'value="TRAN VAN BINH"' in html
    assert db.session.scalar(select(func.count(Person.id))) == 1
    confirmed = client.post("/people/new", data={**data, "not_duplicate": "1"})
    assert confirmed.status_code == 302
    assert db.session.scalar(select(func.count(Person.id))) == 2


def test_a_different_birth_year_is_not_a_duplicate(client, db, login_as):
    login_as("officer", scope="44")
    make_person(db.session, full_name="Trần Văn Bình", sex="male", birth_date=date(1980, 1, 1))
    db.session.commit()
    assert client.post("/people/new", data=_new_profile()).status_code == 302


def test_work_history_error_keeps_the_form_open_with_what_was_typed(client, db, login_as):
    login_as("officer", scope="44")
    person = make_person(db.session)
    db.session.commit()
    response = client.post(
        f"/people/{person.id}/parts/work",
        data={
            "work-organization_name": "Trạm Y tế xã Vĩnh Linh",
            "work-position": "Y sĩ",
            "work-start_date": "01/09/2015",
            "work-end_date": "01/09/2010",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert (
        'data-part-form="work"' in html and "open" in html.split('data-part-form="work"')[0][-40:]
    )
    assert 'value="Trạm Y tế xã Vĩnh Linh"' in html and 'value="01/09/2010"' in html
    assert "Ngày kết thúc phải sau ngày bắt đầu." in html
    assert db.session.scalar(select(func.count(WorkHistory.id))) == 0


def test_removing_a_part_asks_first_and_says_what_goes(client, db, login_as):
    login_as("officer", scope="44")
    person = make_person(db.session)
    item = add_part(
        db.session,
        person,
        "work",
        {"organization_name": "Trường THCS Hồ Xá", "start_date": "2010-09-01"},
    )
    db.session.commit()
    url = f"/people/{person.id}/parts/work/{item.id}/delete"
    profile = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert f'href="{url}"' in profile
    confirm = client.get(url).get_data(as_text=True)
    assert "Trường THCS Hồ Xá" in confirm and "01/09/2010" in confirm
    assert db.session.scalar(select(func.count(WorkHistory.id))) == 1
    assert client.post(url).status_code == 302
    assert db.session.scalar(select(func.count(WorkHistory.id))) == 0


def test_officer_marks_fields_verified_without_changing_them(client, db, login_as):
    officer = login_as("officer", scope="44")
    person = make_person(db.session)
    db.session.commit()
    version = person.version
    response = client.post(
        f"/people/{person.id}/verify", data={"field": ["full_name", "birth_date"]}
    )
    assert response.status_code == 302
    rows = db.session.scalars(select(FieldVerification)).all()
    assert {(r.field, r.source, r.verified_by_id) for r in rows} == {
        ("full_name", "officer", officer.id),
        ("birth_date", "officer", officer.id),
    }
    db.session.expire_all()
    assert db.session.get(Person, person.id).version == version
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "person.verify"))
    bad = client.post(f"/people/{person.id}/verify", data={"field": ["version"]})
    assert bad.status_code == 302
    assert db.session.scalar(select(func.count(FieldVerification.person_id))) == 2


def test_organisation_is_picked_by_name(client, db, login_as):
    login_as("officer", scope="44")
    org = make_org(db.session, name="Trạm Y tế xã Vĩnh Linh")
    db.session.commit()
    response = client.post(
        "/people/new", data=_new_profile(organization_id="tram y te xa vinh linh")
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Person.organization_id)) == org.id
    unknown = client.post("/people/new", data=_new_profile(organization_id="Không có"))
    assert "Không tìm thấy “Không có” trong danh mục." in unknown.get_data(as_text=True)
