from datetime import date, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from registry.auth.principal import Principal
from registry.people.parts import add_part
from registry.people.policy import years_before
from registry.search.criteria import parse
from registry.search.queries import count, search
from registry.search.service import run_search
from tests.factories import make_org, make_person

ADMIN = Principal.system()


def officer(scope):
    return Principal(role="officer", scope_area_code=scope)


def names(db, args, user=ADMIN):
    """The builder's names in order, after checking that the page (in-memory columns) agrees.
    People of every status unless the test asks for one (the page's default is active people)."""
    args = {"status": "all", **args}
    criteria, _notices = parse(db.session, MultiDict(args))
    built = [p.full_name for p in db.session.scalars(search(db.session, criteria, user))]
    page = run_search(db.session, MultiDict(args), user, per_page=1000).page
    assert ([p.full_name for p in page.items], page.total) == (built, len(built))
    return built


def facets(db, args, user=ADMIN):
    return run_search(db.session, MultiDict({"status": "all", **args}), user).facets


@pytest.fixture()
def people(db):
    clinic = make_org(db.session, name="Trạm Y tế xã Vĩnh Linh", kind="health")
    school = make_org(db.session, name="Trường THCS Bến Quan", kind="school")
    today = date.today()
    dao = make_person(
        db.session,
        full_name="Nguyễn Thị Đào",
        organization_id=clinic.id,
        position="Bác sĩ",
        birth_date=years_before(today, 32),
        qualifications=[("dai_hoc", "7720101"), ("thac_si", "8720101")],
    )
    an = make_person(
        db.session,
        full_name="Đặng Văn Ân",
        sex="male",
        ethnicity_code="23",
        commune_code="19366",
        organization_id=school.id,
        position="Giáo viên",
        birth_date=years_before(today, 45),
        qualifications=[("dai_hoc", "7140209")],
    )
    xi = make_person(
        db.session,
        full_name="Hồ Thị Xi",
        ethnicity_code="23",
        commune_code=None,
        legacy_commune_code="19366",
        birth_date=years_before(today, 26) - timedelta(days=10),
        qualifications=[("dai_hoc", "7620110")],
        sector="enterprise",
        status="moved",
    )
    add_part(db.session, an, "expertise", {"field_code": "nong_nghiep_sinh_thai"})
    db.session.commit()
    return {"dao": dao, "an": an, "xi": xi}


def test_text_is_accent_and_case_insensitive(db, people):
    assert names(db, {"q": "nguyen thi dao"}) == ["Nguyễn Thị Đào"]
    assert names(db, {"q": "DAO"}) == ["Nguyễn Thị Đào"]
    assert names(db, {"q": "Đặng văn ân"}) == ["Đặng Văn Ân"]
    assert names(db, {"q": "ngu"}) == ["Nguyễn Thị Đào"]  # word prefixes match


def test_text_matches_major_institution_position_organisation_and_expertise(db, people):
    assert names(db, {"q": "y khoa"}) == ["Nguyễn Thị Đào"]
    assert names(db, {"q": "bac si"}) == ["Nguyễn Thị Đào"]
    assert names(db, {"q": "tram y te"}) == ["Nguyễn Thị Đào"]
    assert names(db, {"q": "sinh thai"}) == ["Đặng Văn Ân"]  # declared expertise
    assert names(db, {"q": "khoa hoc cay trong"}) == ["Hồ Thị Xi"]


@pytest.mark.parametrize(
    "nasty",
    [
        '"',
        "'",
        "%",
        "_",
        "a AND b",
        "NEAR(x y)",
        "*",
        "x" * 10_000,
        "😀",
        "'; DROP TABLE person; --",
        "dao OR",
        "-",
    ],
)
def test_any_text_returns_results_or_nothing_never_an_error(db, people, nasty):
    assert isinstance(names(db, {"q": nasty}), list)


def test_filters(db, people):
    assert names(db, {"field": "y_te"}) == ["Nguyễn Thị Đào"]
    assert names(db, {"field": "nong_nghiep_sinh_thai", "sort": "name"}) == [
        "Đặng Văn Ân",
        "Hồ Thị Xi",
    ]
    assert names(db, {"study": "72"}) == ["Nguyễn Thị Đào"]
    assert names(db, {"study": "7620110"}) == ["Hồ Thị Xi"]
    assert names(db, {"min_level": "thac_si"}) == ["Nguyễn Thị Đào"]
    assert names(db, {"level": "dai_hoc", "sort": "name"}) == ["Đặng Văn Ân", "Hồ Thị Xi"]
    assert names(db, {"sex": "male"}) == ["Đặng Văn Ân"]
    assert names(db, {"age_min": "40"}) == ["Đặng Văn Ân"]
    assert names(db, {"age_max": "29"}) == ["Hồ Thị Xi"]
    assert names(db, {"ethnicity": "23", "sort": "name"}) == ["Đặng Văn Ân", "Hồ Thị Xi"]
    assert names(db, {"group": "youth"}) == ["Hồ Thị Xi"]
    assert names(db, {"group": ["woman", "ethnic_minority"]}) == ["Hồ Thị Xi"]
    assert names(db, {"sector": "enterprise"}) == ["Hồ Thị Xi"]
    assert names(db, {"status": "moved"}) == ["Hồ Thị Xi"]
    assert names(db, {"org": str(people["an"].organization_id)}) == ["Đặng Văn Ân"]


def test_old_commune_codes_roll_up_to_new_ones(db, people):
    assert set(names(db, {"area": people["xi"].commune_code})) >= {"Hồ Thị Xi"}
    assert "Hồ Thị Xi" in names(db, {"area": "19366"})  # the old code itself
    assert set(names(db, {"area": "44"})) == {"Nguyễn Thị Đào", "Đặng Văn Ân", "Hồ Thị Xi"}


def test_scope_limits_every_search(db, people):
    xi_commune = people["xi"].commune_code
    assert "Nguyễn Thị Đào" not in names(db, {}, officer(xi_commune))
    assert names(db, {"q": "nguyen"}, officer(xi_commune)) == []
    criteria, _ = parse(db.session, MultiDict({}))
    assert count(db.session, criteria, officer("19363")) == 1


def test_unknown_filter_values_are_ignored_with_a_notice(db, people):
    criteria, notices = parse(
        db.session,
        MultiDict(
            {
                "field": "bogus",
                "age_min": "abc",
                "group": "aliens",
                "area": "99999",
                "sex": "x",
                "page": "-3",
            }
        ),
    )
    assert len(notices) == 6
    assert all("Bỏ qua giá trị không hợp lệ" in n for n in notices)
    assert count(db.session, criteria, ADMIN) == 2  # the active people (Hồ Thị Xi moved away)


def test_facets_count_the_current_result_set(db, people):
    result = facets(db, {"ethnicity": "23"})
    assert result["sex"] == {"male": 1, "female": 1}
    # Xi studied 7620110 (prefix 6201: both agriculture fields); Ân declared organic agriculture
    assert result["field"] == {
        "nong_nghiep_sinh_thai": 2,
        "nong_nghiep_cong_nghe_cao": 1,
        "giao_duc_dao_tao": 1,
    }
    assert result["group"]["ethnic_minority"] == 2 and result["group"]["woman"] == 1
    assert result["status"] == {"active": 1, "moved": 1}
    assert "overseas" not in result["group"]
    everyone = facets(db, {})
    assert everyone["level"] == {"thac_si": 1, "dai_hoc": 2}


def test_overseas_group_is_counted_once(db, people):
    make_person(db.session, full_name="Lý Thị Kiều", is_overseas=True)
    db.session.commit()
    result = facets(db, {})
    assert result["group"]["overseas"] == 1
    filtered = facets(db, {"sex": "female"})
    assert filtered["group"]["overseas"] == 1


def test_sorting(db, people):
    assert names(db, {"sort": "name"}) == ["Đặng Văn Ân", "Nguyễn Thị Đào", "Hồ Thị Xi"]
    assert names(db, {"sort": "age"}) == ["Hồ Thị Xi", "Nguyễn Thị Đào", "Đặng Văn Ân"]
    assert names(db, {"sort": "level"})[0] == "Nguyễn Thị Đào"
    assert names(db, {"q": "dao"})[0] == "Nguyễn Thị Đào"
