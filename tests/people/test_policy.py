from datetime import date

from registry.people.policy import person_groups, years_before
from registry.reference.models import CommuneClass
from tests.factories import make_person

TODAY = date(2026, 11, 24)


def _born(age_years: int, days_after_birthday: int = 0) -> date:
    from datetime import timedelta

    return years_before(TODAY, age_years) - timedelta(days=days_after_birthday)


def test_youth_is_16_to_30_inclusive(db):
    thirty = make_person(db.session, full_name="Lê Văn An", sex="male", birth_date=_born(30, 364))
    thirty_one = make_person(db.session, full_name="Lê Văn Bình", sex="male", birth_date=_born(31))
    assert "youth" in person_groups(db.session, thirty, TODAY)
    assert "youth" not in person_groups(db.session, thirty_one, TODAY)


def test_young_intellectual_needs_a_degree_and_under_35(db):
    young_graduate = make_person(db.session, birth_date=_born(34, 300))
    young_college = make_person(
        db.session,
        full_name="Hồ Thị Lin",
        birth_date=_born(30),
        qualifications=[("cao_dang", None)],
    )
    thirty_five = make_person(db.session, full_name="Võ Thị Mai", birth_date=_born(35))
    assert "young_intellectual" in person_groups(db.session, young_graduate, TODAY)
    assert "young_intellectual" not in person_groups(db.session, young_college, TODAY)
    assert "young_intellectual" not in person_groups(db.session, thirty_five, TODAY)


def test_woman_minority_armed_forces_overseas(db):
    person = make_person(db.session, ethnicity_code="23", sector="armed_forces", is_overseas=True)
    groups = person_groups(db.session, person, TODAY)
    assert {"woman", "ethnic_minority", "armed_forces", "overseas"} <= set(groups)
    kinh_man = make_person(db.session, full_name="Trần Văn Nam", sex="male", ethnicity_code="01")
    assert not {"woman", "ethnic_minority", "armed_forces", "overseas"} & set(
        person_groups(db.session, kinh_man, TODAY)
    )


def test_disadvantaged_follows_the_current_periods_classification(db):
    person = make_person(db.session, commune_code="19366")
    old_record = make_person(
        db.session, full_name="Hồ Văn Păng", commune_code=None, legacy_commune_code="19366"
    )
    assert "disadvantaged" not in person_groups(db.session, person, TODAY)
    db.session.add_all(
        [
            CommuneClass(start_year=2026, end_year=2030, commune_code="19366", region="III"),
            CommuneClass(start_year=2021, end_year=2025, commune_code="19363", region="III"),
        ]
    )
    db.session.flush()
    assert "disadvantaged" in person_groups(db.session, person, TODAY)
    assert "disadvantaged" not in person_groups(
        db.session, make_person(db.session, full_name="Lê Thị Hoa", commune_code="19363"), TODAY
    )  # only an expired period
    assert "disadvantaged" in person_groups(db.session, person, TODAY)
    assert old_record.commune_code is not None
