"""The in-memory search columns answer exactly what the SQL builder answers, and stay current."""

import random
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from registry.auth.principal import Principal
from registry.people.conditions import PERSON_COLUMNS, HasBit, to_sql
from registry.people.models import Person
from registry.people.parts import add_part
from registry.people.policy import GROUPS, group_clause, years_before
from registry.people.services import PersonInput, update_person
from registry.reference import models as ref
from registry.search import columns, memory, queries
from registry.search.criteria import parse
from registry.search.filters import FILTERS
from registry.search.models import SearchState
from registry.search.service import run_search
from tests.factories import make_org, make_person

ADMIN = Principal.system()
SURNAMES = ["Nguyễn", "Hồ", "Lê", "Đào", "Trần", "Hồ Văn", "Nguyễn Thị"]
GIVEN = ["Đào", "Văn An", "Thị Hoa", "Minh", "Thị Đào", "Xi", "Y", "Văn", "Hồ"]
MAJORS = ["7720101", "7140209", "7620110", "7480201", "7220201", "8720101", "7340101", None]


def _officer(role="officer", area=None, org=None, person=None):
    return Principal(role=role, person_id=person, scope_org_id=org, scope_area_code=area)


@pytest.fixture()
def population(db):
    """About a hundred varied people: names that share words, new and old commune codes, missing
    birth dates, titles, languages, organisations in a tree, declared fields."""
    rng = random.Random(45)
    session = db.session
    new_communes = list(
        session.scalars(
            select(ref.Commune.code)
            .where(ref.Commune.province_code == "44")
            .order_by(ref.Commune.code)
            .limit(4)
        )
    )
    old_communes = list(
        session.scalars(
            select(ref.LegacyCommune.code)
            .where(ref.LegacyCommune.district_code == "464")
            .order_by(ref.LegacyCommune.code)
            .limit(3)
        )
    )
    root = make_org(session, name="Sở Y tế", kind="health")
    child = make_org(session, name="Trạm Y tế xã", kind="health", parent=root)
    school = make_org(session, name="Trường THCS Bến Quan", kind="school")
    orgs = [root.id, child.id, school.id, None]
    today = date.today()
    people = []
    for _ in range(70):
        old = rng.random() < 0.2
        birth = (
            None if rng.random() < 0.1 else today - timedelta(days=rng.randint(18 * 365, 64 * 365))
        )
        majors = [m for m in rng.sample(MAJORS, rng.randint(0, 2)) if m]
        levels = {
            "7": rng.choice(["dai_hoc", "dai_hoc", "cao_dang"]),
            "8": rng.choice(["thac_si", "tien_si"]),
        }
        person = make_person(
            session,
            full_name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
            sex=rng.choice(["male", "female"]),
            birth_date=birth,
            ethnicity_code=rng.choice(["01", "01", "23", "52"]),
            commune_code=None if old else rng.choice(new_communes),
            legacy_commune_code=rng.choice(old_communes) if old else None,
            organization_id=rng.choice(orgs),
            position=rng.choice(["Bác sĩ", "Giáo viên", "Kỹ sư", None]),
            sector=rng.choice(["state_agency", "public_service", "enterprise", "armed_forces"]),
            status=rng.choice(["active", "active", "retired", "moved"]),
            is_overseas=rng.random() < 0.1,
            is_foreign_national=rng.random() < 0.1,
            academic_title_code=rng.choice([None, None, None, "pho_giao_su", "giao_su"]),
            political_theory_code=rng.choice([None, "so_cap", "trung_cap", "cao_cap"]),
            state_management_code=rng.choice([None, "chuyen_vien", "chuyen_vien_chinh"]),
            qualifications=[(levels[m[0]], m) for m in majors],
        )
        if rng.random() < 0.4:
            add_part(
                session,
                person,
                "language",
                {"language": "en", "level_code": rng.choice(["bac_2", "bac_3", "bac_4"])},
            )
        if rng.random() < 0.2:
            add_part(session, person, "expertise", {"field_code": "nong_nghiep_sinh_thai"})
        people.append(person)
    # birthdays on the edges of every age bound used below; names that match a phrase exactly, at
    # their start and inside, so relevance order differs from name order
    for n, age in enumerate((16, 25, 26, 30, 31, 34, 35, 36, 40, 50, 51)):
        for shift in (0, 1):
            people.append(
                make_person(
                    session,
                    full_name=f"Trần Văn {GIVEN[n % len(GIVEN)]}",
                    sex=rng.choice(["male", "female"]),
                    birth_date=years_before(today, age) + timedelta(days=shift),
                    commune_code=new_communes[shift],
                    qualifications=[("thac_si", "8720101")],
                )
            )
    for name in ("Nguyễn Thị Đào", "Nguyễn Thị Đào An", "Lê Nguyễn Thị Đào", "Nguyễn Thị Đào"):
        people.append(make_person(session, full_name=name, commune_code=new_communes[0]))
    session.commit()
    return SimpleNamespace(
        people=people, new=new_communes, old=old_communes, orgs=[root.id, child.id, school.id]
    )


def _random_args(rng: random.Random, pop) -> dict:
    """Random criteria: every declared filter's examples (the population's own areas and
    organisations added), so a new filter is compared as soon as it is declared."""
    pools = {item.name: list(item.examples) for item in FILTERS}
    pools["area"] += [*pop.new[:2], *pop.old[:2]]
    pools["org"] = [str(i) for i in pop.orgs]
    pools["q"] = [
        "nguyen thi dao",
        "nguyen thi dao",
        "tran van",
        "nguyen",
        "thi dao",
        "dao",
        "ho van",
        "y te",
        "giao",
        "van",
        "zzz",
        "le",
        "bac si",
        "'%_",
    ]
    assert all(pools.values()), "every filter declares example values"
    args = {
        name: rng.choice(values)
        for name, values in pools.items()
        if rng.random() < (0.4 if name in ("q", "status") else 0.15)
    }
    args["sort"] = rng.choice(["relevance", "relevance", "name", "age", "-age", "level"])
    args["page"] = str(rng.choice([1, 1, 2]))
    return args


def _sql_facets(session: Session, criteria, user) -> dict:
    """The facet counts the plain SQL way: one GROUP BY per facet over the builder's clauses."""
    clauses = queries.filter_clauses(session, criteria, user)
    result = {}
    for item in FILTERS:
        if item.facet == "fields":
            result[item.name] = _sql_field_counts(session, clauses)
        elif item.facet == "groups":
            counts = {
                g: session.scalar(
                    select(func.count())
                    .select_from(Person)
                    .where(*clauses, group_clause(session, g))
                )
                for g in GROUPS
            }
            result[item.name] = {g: n for g, n in counts.items() if n}
        elif item.facet:
            column = PERSON_COLUMNS[item.facet]
            rows = session.execute(
                select(column, func.count()).where(*clauses).group_by(column).order_by(column)
            )
            result[item.name] = {value: n for value, n in rows if value is not None}
    result["area"] = dict(sorted(result["area"].items(), key=lambda item: -item[1])[:30])
    return result


def _sql_field_counts(session: Session, clauses) -> dict:
    bits = dict(session.execute(select(ref.PriorityField.code, ref.PriorityField.bit)).all())
    fields = {}
    for code, bit in bits.items():
        n = (
            session.scalar(select(func.count()).where(*clauses, to_sql(HasBit("fields", bit))))
            if bit is not None
            else 0
        )
        if n:
            fields[code] = n
    return fields


USERS = {
    "admin": lambda pop: ADMIN,
    "officer of a commune": lambda pop: _officer(area=pop.new[0]),
    "officer of the province": lambda pop: _officer(area="44"),
    "recruiter of a former district": lambda pop: _officer(role="recruiter", area="464"),
    "officer of an organisation subtree": lambda pop: _officer(org=pop.orgs[0]),
    "individual": lambda pop: _officer(role="individual", person=pop.people[3].id),
    "anonymous": lambda pop: Principal.anonymous(),
}


@pytest.mark.parametrize("who", list(USERS))
def test_columns_answer_what_the_builder_answers(db, population, who):
    """Random criteria: the same total, the same page of ids in the same order, the same facets."""
    rng = random.Random(f"columns-{who}")
    user = USERS[who](population)
    per_page = 7
    for _ in range(60):
        args = _random_args(rng, population)
        criteria, _ = parse(db.session, MultiDict(args))
        offset = (criteria.page - 1) * per_page
        expected = list(db.session.scalars(queries.search_ids(db.session, criteria, user)))
        found = memory.answer(db.session, criteria, user, offset=offset, limit=per_page)
        assert found.total == len(expected), args
        assert found.ids == expected[offset : offset + per_page], args
        facets = {name: values for name, values in found.facets.items()}
        assert facets == _sql_facets(db.session, criteria, user), args


def test_the_unfiltered_search_is_not_trivially_empty(db, population):
    """Guards the comparison above: the population gives real answers to real filters."""
    assert run_search(db.session, {"status": "all"}, ADMIN).page.total == 96
    assert 0 < run_search(db.session, {}, ADMIN).page.total < 96  # active people by default
    assert 0 < run_search(db.session, {"q": "nguyen"}, ADMIN).page.total < 70
    assert 0 < run_search(db.session, {"area": population.old[0]}, ADMIN).page.total
    # the whole name first, then names that start with it, then names with it inside
    names = _names(db.session, {"q": "nguyen thi dao"})
    exact = names.count("Nguyễn Thị Đào")
    assert exact >= 2 and names[: exact + 2] == ["Nguyễn Thị Đào"] * exact + [
        "Nguyễn Thị Đào An",
        "Lê Nguyễn Thị Đào",
    ]


def _names(session, args):
    return [p.full_name for p in run_search(session, args, ADMIN, per_page=500).page.items]


def test_edits_reach_the_columns_at_once(db):
    an = make_person(db.session, full_name="Đặng Văn Ân", sex="male")
    make_person(db.session, full_name="Lê Thị Bình")
    db.session.commit()
    assert _names(db.session, {"sex": "female"}) == ["Lê Thị Bình"]
    # another worker's commit: a change of sex, then a new name that sorts first
    with Session(db.engine) as other:
        person = other.get(Person, an.id)
        update_person(
            other,
            person,
            PersonInput(
                full_name="Đặng Thị Ân",
                sex="female",
                birth_date=person.birth_date,
                ethnicity_code="01",
                commune_code=person.commune_code,
            ),
            person.version,
        )
        other.commit()
    db.session.rollback()
    assert _names(db.session, {"sex": "female", "sort": "name"}) == ["Đặng Thị Ân", "Lê Thị Bình"]
    assert _names(db.session, {"q": "dang thi"}) == ["Đặng Thị Ân"]
    make_person(db.session, full_name="Trần Văn An", sex="male")
    db.session.commit()
    assert _names(db.session, {"sort": "name"}) == ["Trần Văn An", "Đặng Thị Ân", "Lê Thị Bình"]


def test_parts_of_a_profile_reach_the_columns(db):
    hoa = make_person(db.session, full_name="Lê Thị Hoa", qualifications=())
    db.session.commit()
    assert _names(db.session, {"language_level": "bac_3"}) == []
    assert _names(db.session, {"field": "y_te"}) == []
    add_part(db.session, hoa, "language", {"language": "en", "level_code": "bac_4"})
    add_part(db.session, hoa, "qualification", {"level_code": "thac_si", "field_code": "8720101"})
    db.session.commit()
    assert _names(db.session, {"language_level": "bac_3"}) == ["Lê Thị Hoa"]
    assert _names(db.session, {"field": "y_te", "min_level": "thac_si"}) == ["Lê Thị Hoa"]
    assert run_search(db.session, {}, ADMIN).facets["field"] == {"y_te": 1}


def test_changes_made_under_the_columns_are_followed(db):
    """Each commit takes the next version; a worker loads only the rows stamped after its own."""
    make_person(db.session, full_name="Lê Thị Hoa")
    db.session.commit()
    run_search(db.session, {}, ADMIN)
    first = db.session.scalar(select(SearchState.version))
    key = str(db.engine.url)
    before = columns._cache[key]
    make_person(db.session, full_name="Lê Văn Nam", sex="male")
    db.session.commit()
    assert db.session.scalar(select(SearchState.version)) == first + 1
    assert _names(db.session, {"sex": "male"}) == ["Lê Văn Nam"]
    after = columns._cache[key]
    assert after is not before and after.stamp.epoch == before.stamp.epoch and after.size == 2
    # new field prefixes change everyone's masks: a new epoch, and everything is read again
    prefix = ref.PriorityFieldPrefix(field_code="giao_duc_dao_tao", prefix="6201")
    db.session.add(prefix)
    db.session.commit()
    try:
        assert _names(db.session, {"field": "giao_duc_dao_tao", "sort": "name"}) == [
            "Lê Thị Hoa",
            "Lê Văn Nam",
        ]
        assert columns._cache[key].stamp.epoch != after.stamp.epoch
    finally:  # reference data outlives the test
        db.session.delete(prefix)
        db.session.commit()


def test_a_search_that_changes_nothing_writes_nothing(db):
    make_person(db.session, full_name="Lê Thị Hoa")
    db.session.commit()
    version = db.session.scalar(select(SearchState.version))
    run_search(db.session, {"q": "hoa"}, ADMIN)
    db.session.commit()
    assert db.session.scalar(select(SearchState.version)) == version


@pytest.mark.parametrize("few_names", [0, 10_000])
def test_relevance_is_the_same_whether_names_are_scanned_or_looked_at_one_by_one(
    db, population, monkeypatch, few_names
):
    monkeypatch.setattr(columns, "FEW_NAMES", few_names)
    for q in ("nguyen thi dao", "tran van", "dao", "ho", "van an"):
        criteria, _ = parse(db.session, MultiDict({"q": q}))
        expected = list(db.session.scalars(queries.search_ids(db.session, criteria, ADMIN)))
        assert memory.answer(db.session, criteria, ADMIN, limit=1000).ids == expected, q


def test_preload_loads_the_columns_when_a_worker_starts(app, db):
    make_person(db.session, full_name="Lê Thị Hoa")
    db.session.commit()
    columns.forget()
    columns.preload(app).join(timeout=60)
    assert columns._cache[str(db.engine.url)].size == 1


def test_uncommitted_changes_are_never_kept_for_others(db):
    make_person(db.session, full_name="Lê Thị Hoa")
    db.session.commit()
    columns.forget()
    make_person(db.session, full_name="Trần Văn Nháp")  # flushed, not committed
    run_search(db.session, {}, ADMIN)
    db.session.rollback()
    result = run_search(db.session, {}, ADMIN)
    assert result.page.total == 1 and result.facets["sex"] == {"female": 1}
