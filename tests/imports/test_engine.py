from datetime import date

from sqlalchemy import func, select

from registry.imports.engine import Options, run_import
from registry.imports.reading import open_book
from registry.people.models import Person
from tests.imports.files import office_list, xlsx


def _run(db, content, actor=None, commit=False, **options):
    book = open_book(content, "danh-sach.xlsx")
    return run_import(db.session, book, Options(**options), actor, commit=commit)


def test_preview_of_an_untidy_office_list_writes_nothing(db):
    report = _run(db, xlsx(office_list()))
    assert report.counts() == {
        "total": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "invalid": 0,
    }, report.problems
    assert db.session.scalar(select(func.count(Person.id))) == 0


def test_commit_creates_people_with_normalised_values(db):
    report = _run(db, xlsx(office_list()), commit=True)
    db.session.commit()
    assert report.created == 3
    dao = db.session.scalar(select(Person).where(Person.national_id == "044190001234"))
    assert dao.full_name == "Nguyễn Thị Đào"
    assert dao.sex == "female" and dao.birth_date == date(1990, 5, 17)
    assert dao.phone == "+84905123456" and dao.highest_level_code == "dai_hoc"
    assert dao.commune_code is not None
    lam = db.session.scalar(select(Person).where(Person.national_id == "044085002345"))
    assert lam.ethnicity_code == "23" and lam.highest_level_code == "thac_si"
    hoa = db.session.scalar(select(Person).where(Person.full_name == "Le Thi Hoa"))
    assert hoa.ethnicity_code == "31" and hoa.sex == "female"
    again = _run(db, xlsx(office_list()), commit=True)
    db.session.commit()
    assert again.counts()["unchanged"] == 3 and again.created == 0
    assert db.session.scalar(select(func.count(Person.id))) == 3


def test_same_person_twice_with_and_without_id_is_stable_on_reimport(db):
    from tests.imports.files import PEOPLE

    dao_again = list(PEOPLE[0])
    dao_again[5] = None  # the second unit's list has no ID number
    people = [*PEOPLE, dao_again]
    first = _run(db, xlsx(office_list(people)), commit=True)
    db.session.commit()
    assert first.created == 3 and first.skipped == 1 and first.updated == 0
    again = _run(db, xlsx(office_list(people)), commit=True)
    assert again.updated == 0 and again.unchanged == 3
