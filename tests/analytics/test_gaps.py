from datetime import date

import pytest

from registry.analytics.dashboard import dashboard
from registry.analytics.models import Target
from registry.analytics.queries import breakdown, target_statuses
from registry.analytics.retirement import load_schedule, retirement_date
from registry.auth.principal import Principal
from registry.people.parts import add_part
from tests.factories import make_person

TODAY = date(2026, 11, 24)
ADMIN = Principal.system()


def officer(scope):
    return Principal(role="officer", scope_area_code=scope)


@pytest.mark.parametrize(
    ("sex", "birth", "expected"),
    [
        ("male", date(1961, 1, 15), date(2021, 4, 15)),  # 60 years 3 months in 2021
        ("male", date(1966, 6, 1), date(2028, 6, 1)),  # 62 from 2028
        ("male", date(1958, 5, 5), date(2018, 5, 5)),  # before the schedule: 60
        ("female", date(1970, 1, 10), date(2027, 5, 10)),  # 57 years 4 months in 2027
        ("female", date(1980, 3, 3), date(2040, 3, 3)),  # 60 from 2035
    ],
)
def test_retirement_dates_follow_the_labour_code_schedule(db, sex, birth, expected):
    assert retirement_date(load_schedule(db.session), sex, birth) == expected


@pytest.fixture()
def population(db):
    s = db.session
    make_person(
        s,
        full_name="Lê Thị An",
        qualifications=[("dai_hoc", "7720101")],
        birth_date=date(1990, 1, 1),
    )
    declared = make_person(
        s,
        full_name="Hồ Văn Bình",
        sex="male",
        qualifications=[("thac_si", "8140209")],
        birth_date=date(1985, 1, 1),
    )
    add_part(s, declared, "expertise", {"field_code": "y_te"})
    make_person(
        s,
        full_name="Trần Thị Cúc",
        qualifications=[("cao_dang", None)],
        birth_date=date(1995, 1, 1),
    )
    make_person(
        s,
        full_name="Võ Văn Dũng",
        sex="male",
        status="retired",
        qualifications=[("dai_hoc", "7720301")],
    )
    make_person(
        s,
        full_name="Phan Thị Em",
        commune_code=None,
        legacy_commune_code="19363",
        qualifications=[("dai_hoc", "7720201")],
        birth_date=date(1992, 1, 1),
    )
    make_person(
        s,
        full_name="Đỗ Văn Phú",
        sex="male",
        qualifications=[("tien_si", "9720101")],
        birth_date=date(1966, 6, 1),
    )  # retires 1 June 2028
    make_person(
        s, full_name="Ngô Thị Giang", commune_code="19366", qualifications=[("dai_hoc", "7720101")]
    )
    target = Target(
        field_code="y_te",
        area_code="19363",
        min_level_code="dai_hoc",
        required=10,
        target_year=2030,
        quota_group="woman",
        quota_percent=50,
    )
    other = Target(
        field_code="y_te", area_code="19366", min_level_code="dai_hoc", required=2, target_year=2027
    )
    s.add_all([target, other])
    s.commit()
    return target, other


def test_supply_gap_coverage_projection_and_rule_split(db, population):
    target, other = population
    status, second = target_statuses(db.session, ADMIN, [target, other], TODAY)
    # An (study), Bình (declared only), Em (old commune code), Phú (study, retiring); not Cúc (college),
    # not Dũng (retired), not Giang (other commune)
    assert status.supply == 4
    assert (status.by_study_only, status.by_declared_only, status.by_both) == (3, 1, 0)
    assert status.gap == 6 and status.coverage == 40.0
    assert status.leaving == 1 and status.supply_at_year == 3 and status.gap_at_year == 7
    assert status.quota_count == 2 and status.quota_needed == 5
    assert (second.supply, second.gap, second.leaving) == (1, 1, 0)


def test_projection_across_the_retirement_boundary(db, population):
    target, _ = population
    target.target_year = 2027  # Phú retires in June 2028: still working at the end of 2027
    db.session.commit()
    assert target_statuses(db.session, ADMIN, [target], TODAY)[0].leaving == 0
    target.target_year = 2028
    db.session.commit()
    assert target_statuses(db.session, ADMIN, [target], TODAY)[0].leaving == 1


def test_breakdowns(db, population):
    target, _ = population
    parts = breakdown(db.session, ADMIN, target, TODAY)
    assert parts["level"] == {"dai_hoc": 2, "thac_si": 1, "tien_si": 1}
    assert parts["sex"] == {"female": 2, "male": 2}
    assert parts["age"] == {"30-39": 2, "40-49": 1, "60+": 1}
    assert parts["group"]["woman"] == 2 and parts["group"]["youth"] == 0


def test_scope_limits_the_numbers(db, population):
    target, _ = population
    assert target_statuses(db.session, officer("19366"), [target], TODAY)[0].supply == 0
    assert target_statuses(db.session, officer("19363"), [target], TODAY)[0].supply == 4


def test_former_district_adds_up_its_communes(db, population):
    data = dashboard(db.session, ADMIN, "464", 2030, TODAY)
    assert [row["area"] for row in data["targets"]] == [
        "19363"
    ]  # the 2027 target is filtered by year
    all_years = dashboard(db.session, ADMIN, "464", None, TODAY)
    assert all_years["totals"]["required"] == 12 and all_years["totals"]["gap"] == 7
    assert dashboard(db.session, ADMIN, "01", None, TODAY)["targets"] == []


def test_changing_prefixes_recounts_people(db, population):
    from registry.analytics.fields import save_priority_field
    from registry.reference.models import PriorityField

    target, _ = population
    field = db.session.get(PriorityField, "y_te")
    save_priority_field(
        db.session,
        field,
        code="y_te",
        name_vi="Y tế",
        name_en="Health",
        description=None,
        prefixes="720101",
        actor=None,
    )
    db.session.commit()
    status = target_statuses(db.session, ADMIN, [target], TODAY)[0]
    assert (
        status.supply == 3
    )  # An, Phú by major 720101; Bình declared; Em (720201) no longer counts
    save_priority_field(
        db.session,
        field,
        code="y_te",
        name_vi="Y tế",
        name_en="Health",
        description=None,
        prefixes="72",
        actor=None,
    )
    db.session.commit()


def test_supply_trend_counts_people_from_their_first_degree_year(db):
    from registry.analytics.queries import supply_trend
    from registry.people.services import QualificationInput, add_qualification

    person = make_person(db.session, qualifications=())
    add_qualification(
        db.session,
        person,
        QualificationInput(level_code="dai_hoc", field_code="7720101", year=2019),
    )
    add_qualification(
        db.session,
        person,
        QualificationInput(level_code="thac_si", field_code="8720101", year=2023),
    )
    make_person(
        db.session,
        full_name="Lê Văn Hưu",
        sex="male",
        status="retired",
        qualifications=[("dai_hoc", "7720101")],
    )
    db.session.commit()
    trend = supply_trend(db.session, ADMIN, [2018, 2019, 2024], "19363")
    assert trend["y_te"] == {2018: 0, 2019: 1, 2024: 1}
    assert trend["giao_duc_dao_tao"] == {2018: 0, 2019: 0, 2024: 0}
