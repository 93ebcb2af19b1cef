from collections import Counter
from datetime import date

from sqlalchemy import func, select

from registry.demo.generator import REFERENCE_DAY, VINH_LINH, generate
from registry.people import rules
from registry.people.areas import person_in_area
from registry.people.models import Person, Qualification
from registry.people.policy import age_on
from registry.reference.models import Commune, CommuneConversion, Major


def _snapshot(session):
    return session.execute(
        select(
            Person.full_name,
            Person.sex,
            Person.birth_date,
            Person.national_id,
            Person.commune_code,
            Person.highest_level_code,
        ).order_by(Person.id)
    ).all()


def test_same_seed_gives_the_same_people(db):
    generate(db.session, 300, seed=7)
    first = _snapshot(db.session)
    db.session.rollback()
    generate(db.session, 300, seed=7)
    assert _snapshot(db.session) == first
    db.session.rollback()
    generate(db.session, 300, seed=8)
    assert _snapshot(db.session) != first


def test_population_is_realistic(db):
    counts = generate(db.session, 1500, seed=45)
    session = db.session
    assert counts["people"] == session.scalar(select(func.count(Person.id))) == 1500
    people = session.scalars(select(Person)).all()
    # concentrated in Vĩnh Linh, all in Quảng Trị (old codes roll up)
    in_vinh_linh = sum(
        session.scalar(select(func.count(Person.id)).where(person_in_area(code)))
        for code in VINH_LINH
    )
    assert in_vinh_linh > 1500 * 0.6
    assert session.scalar(select(func.count(Person.id)).where(person_in_area("44"))) == 1500
    # records made before July 2025 keep their old commune code beside the converted new one
    converted = [p for p in people if p.legacy_commune_code]
    assert 0.1 < len(converted) / 1500 < 0.3
    assert all(
        session.scalar(
            select(func.count())
            .select_from(CommuneConversion)
            .where(
                CommuneConversion.old_code == p.legacy_commune_code,
                CommuneConversion.new_code == p.commune_code,
            )
        )
        for p in converted[:50]
    )
    ethnic = Counter(p.ethnicity_code for p in people)
    assert ethnic["01"] > 1200 and ethnic["23"] > 50 and ethnic["31"] > 10
    sexes = Counter(p.sex for p in people)
    assert 0.4 < sexes["female"] / 1500 < 0.65
    ages = [age_on(p.birth_date, REFERENCE_DAY) for p in people]
    assert min(ages) >= 22 and max(ages) <= 65
    # names are exact Vietnamese, IDs and phones valid for the person
    assert all(p.full_name == p.full_name.strip() and len(p.full_name.split()) >= 2 for p in people)
    for p in people:
        if p.national_id:
            assert rules.check_national_id(p.national_id, p.sex, p.birth_date) is None
        if p.phone:
            assert rules.normalise_phone(p.phone)[0] == p.phone
    assert len({p.national_id for p in people if p.national_id}) == sum(
        1 for p in people if p.national_id
    )


def test_qualifications_agree_with_the_highest_level(db):
    generate(db.session, 400, seed=11)
    session = db.session
    majors = set(session.scalars(select(Major.code.op("||")(""))))
    majors = {code[1:] for code in majors}
    levels = Counter(session.scalars(select(Person.highest_level_code)))
    assert levels["dai_hoc"] > levels["thac_si"] > levels["tien_si"] > 0
    for person in session.scalars(select(Person).limit(200)):
        assert person.highest_level_code in {q.level_code for q in person.qualifications}
        for q in person.qualifications:
            if q.field_code:
                assert q.discipline in majors and q.field_code[0] in "789"
            assert q.year <= date.today().year
    assert session.scalar(select(func.count(Qualification.id))) >= 400
    assert session.scalar(select(func.count(Commune.code))) == 3321
