from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from registry.errors import StaleRecordError, ValidationError
from registry.people.models import Person
from registry.people.services import (
    PersonInput,
    QualificationInput,
    add_qualification,
    create_person,
    remove_qualification,
    update_person,
)
from tests.factories import make_person


def _count(db):
    return db.session.scalar(select(func.count(Person.id)))


def test_create_person_normalises_and_derives_search_fields(db):
    person = create_person(
        db.session,
        PersonInput(
            full_name="  ĐẶNG   VĂN ÂN ",
            sex="male",
            birth_date=date(1985, 2, 1),
            ethnicity_code="23",
            national_id="045085000123",
            phone="0912 345 678",
            email="An.Dang@Example.VN",
            commune_code="19363",
        ),
    )
    assert person.full_name == "Đặng Văn Ân"
    assert person.name_folded == "dang van an"
    assert person.phone == "+84912345678"
    assert person.email == "An.Dang@example.vn"
    assert person.version == 1


def test_highest_level_is_derived_from_qualifications(db):
    person = make_person(
        db.session, qualifications=[("dai_hoc", "7620101"), ("thac_si", "8620101")]
    )
    assert person.highest_level_code == "thac_si"
    assert {q.discipline for q in person.qualifications} == {"620101"}
    master = next(q for q in person.qualifications if q.level_code == "thac_si")
    remove_qualification(db.session, person, master)
    assert person.highest_level_code == "dai_hoc"


def test_legacy_commune_rolls_up_to_the_new_commune(db):
    person = make_person(db.session, commune_code=None, legacy_commune_code="19366")
    assert person.commune_code is not None
    assert person.legacy_commune_code == "19366"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ethnicity_code", "77"),
        ("commune_code", "99999"),
        ("legacy_commune_code", "00000"),
        ("sex", "x"),
        ("sector", "pirate"),
        ("status", "gone"),
        ("organization_id", 999999),
        ("phone", "12345"),
        ("phone", "091234567890123"),
        ("email", "not-an-email"),
        ("birth_date", date.today() + timedelta(days=1)),
        ("full_name", ""),
    ],
)
def test_bad_fields_are_refused_with_a_message_and_nothing_saved(db, field, value):
    with pytest.raises(ValidationError) as caught:
        make_person(db.session, **{field: value})
    assert field in caught.value.errors and caught.value.errors[field]
    db.session.rollback()
    assert _count(db) == 0


@pytest.mark.parametrize(
    ("national_id", "sex", "birth"),
    [
        ("04508500012", "male", date(1985, 1, 1)),  # 11 digits
        ("04508500012A", "male", date(1985, 1, 1)),  # not digits
        ("045185000123", "male", date(1985, 1, 1)),  # digit 4 says female
        ("045090000123", "male", date(1985, 1, 1)),  # year 1990 vs 1985
        ("045285000123", "male", date(1985, 1, 1)),  # century 2000s vs 1985
    ],
)
def test_invalid_national_id_is_refused(db, national_id, sex, birth):
    with pytest.raises(ValidationError) as caught:
        make_person(db.session, national_id=national_id, sex=sex, birth_date=birth)
    assert "national_id" in caught.value.errors


def test_valid_national_id_for_a_woman_born_in_2001(db):
    person = make_person(
        db.session, national_id="045301000777", sex="female", birth_date=date(2001, 3, 3)
    )
    assert person.national_id == "045301000777"


def test_duplicate_national_id_is_refused(db):
    make_person(db.session, national_id="045085000123", sex="male", birth_date=date(1985, 2, 1))
    with pytest.raises(ValidationError) as caught:
        make_person(
            db.session,
            full_name="Lê Văn Bình",
            national_id="045085000123",
            sex="male",
            birth_date=date(1985, 6, 1),
        )
    assert "national_id" in caught.value.errors


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("level_code", "phd"),
        ("field_code", "72010"),
        ("field_code", "7990101"),
        ("year", 1800),
        ("year", date.today().year + 2),
        ("country", "Vietnam"),
    ],
)
def test_bad_qualification_is_refused(db, field, value):
    person = make_person(db.session, qualifications=())
    values = {"level_code": "dai_hoc", "field_code": "7720101", field: value}
    with pytest.raises(ValidationError) as caught:
        add_qualification(db.session, person, QualificationInput(**values))
    assert field in caught.value.errors
    assert person.qualifications == []
    assert person.highest_level_code is None


def test_update_refuses_a_stale_version(db):
    person = make_person(db.session)
    db.session.commit()
    loaded_version = person.version
    data = PersonInput(full_name="Nguyễn Thị Đào", sex="female", position="Chuyên viên")
    update_person(db.session, person, data, expected_version=loaded_version)
    db.session.commit()
    assert person.version == loaded_version + 1
    with pytest.raises(StaleRecordError):
        update_person(
            db.session,
            person,
            PersonInput(full_name="X Y", sex="female"),
            expected_version=loaded_version,
        )
    assert person.position == "Chuyên viên"
