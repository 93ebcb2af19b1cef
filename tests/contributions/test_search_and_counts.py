"""The public functions search calls, and counts that agree with the lists."""

from sqlalchemy import select

from registry.contributions.counts import counts_by
from registry.contributions.people_queries import (
    achievement_points,
    contribution_titles_for_people,
    foreign_clause,
    person_ids_in_country,
    person_ids_with_contribution,
)
from registry.contributions.queries import ListFilters, list_records
from registry.contributions.services import save_award, save_initiative, save_task
from registry.people.models import Person
from tests.factories import make_person, make_user


def _task(db, lead, level="provincial", year=2022, status="accepted", member=None):
    members = [{"person_id": lead.id, "role": "lead"}]
    if member:
        members.append({"person_id": member.id, "role": "member"})
    return save_task(
        db.session,
        {
            "title": f"Đề tài lúa {level} {year}",
            "level": level,
            "status": status,
            "year": year,
            "members": members,
        },
        actor=None,
    )


def test_people_with_a_contribution_by_level_year_and_status(db, people):
    lead, member, third = people
    _task(db, lead, member=member)
    _task(db, third, level="national", year=2018, status="in_progress")
    save_initiative(
        db.session,
        {"title": "Sáng kiến A", "effect_level": "district", "year": 2023, "authors": [member.id]},
        actor=None,
    )

    def ids(kind, **kw):
        return set(db.session.scalars(person_ids_with_contribution(db.session, kind, **kw)))

    assert ids("research_task") == {lead.id, member.id, third.id}
    assert ids("research_task", level="provincial") == {lead.id, member.id}
    assert ids("research_task", year_from=2019, year_to=2023) == {lead.id, member.id}
    assert ids("research_task", status="in_progress") == {third.id}
    assert ids("initiative", level="district", year_from=2023) == {member.id}
    assert ids("award") == set()


def test_titles_found_by_text_search_are_folded_per_person(db, people):
    lead, member, third = people
    _task(db, lead, member=member)
    save_award(
        db.session,
        {
            "person_id": lead.id,
            "kind": "prize",
            "title": "Giải Nhì Sáng tạo",
            "level": "provincial",
            "year": 2021,
        },
        actor=None,
    )
    titles = contribution_titles_for_people(db.session, [lead.id, member.id, third.id])
    assert (
        "de tai lua provincial 2022" in titles[lead.id] and "giai nhi sang tao" in titles[lead.id]
    )
    assert titles[member.id] == "de tai lua provincial 2022" and third.id not in titles


def test_foreign_group_and_country(db):
    from registry.contributions.overseas import save_partner

    flagged = make_person(db.session, full_name="John Smith", is_foreign_national=True)
    recorded = make_person(db.session, full_name="Marie Curie")
    overseas = make_person(db.session, full_name="Nguyễn Văn Kiều", is_overseas=True)
    save_partner(
        db.session,
        {
            "person_id": recorded.id,
            "residence_country": "fr",
            "nationality_country": "FR",
            "willingness": "ready",
        },
        actor=None,
    )
    save_partner(
        db.session,
        {
            "person_id": overseas.id,
            "residence_country": "JP",
            "nationality_country": "VN",
            "willingness": "possible",
        },
        actor=None,
    )
    foreign = set(db.session.scalars(select(Person.id).where(foreign_clause())))
    assert foreign == {flagged.id, recorded.id}
    assert set(db.session.scalars(person_ids_in_country(db.session, "jp"))) == {overseas.id}


def test_counts_agree_with_the_list_and_respect_scope(db, people):
    lead, member, _ = people
    outsider = make_person(db.session, full_name="Người Tỉnh Khác", commune_code="00004")
    _task(db, lead, member=member)
    _task(db, lead, year=2023)
    _task(db, outsider, level="national")
    officer = make_user(db.session, "officer", password="x" * 12)
    admin = make_user(db.session, "admin", password="x" * 12)
    listed = db.session.scalars(
        list_records(db.session, officer, "research_task", ListFilters(level="provincial"))
    ).all()
    by_year = counts_by(
        db.session, officer, "research_task", "year", ListFilters(level="provincial")
    )
    assert len(listed) == 2 == sum(r["count"] for r in by_year)
    assert {r["key"]: r["count"] for r in by_year} == {2022: 1, 2023: 1}
    by_level = counts_by(db.session, admin, "research_task", "level")
    assert {r["label"]: r["count"] for r in by_level} == {"Cấp quốc gia": 1, "Cấp tỉnh": 2}
    by_area = counts_by(db.session, admin, "research_task", "area")
    assert {r["key"]: r["count"] for r in by_area} == {"01": 1, "44": 2}


def test_achievements_weigh_in_the_shortlist_points(db, people):
    lead, member, third = people
    _task(db, lead, member=member)
    _task(db, lead, year=2020)
    _task(db, lead, year=2021)
    points = achievement_points(db.session, [lead.id, member.id, third.id])
    assert points[lead.id][0] == 4  # three tasks led would be 6: capped
    assert points[member.id] == (1, "1 đề tài, 0 sáng kiến, 0 giải thưởng")
    assert third.id not in points


def test_touched_people_name_whose_search_text_changes(db, people):
    from registry.contributions.people_queries import touched_people

    lead, member, _ = people
    task = _task(db, lead, member=member)
    assert sorted(touched_people(task)) == sorted([lead.id, member.id])
    assert touched_people(task.members[0]) == [lead.id]
    assert touched_people(lead) == []


def test_tasks_led_from_an_area(db, people):
    from registry.contributions.queries import read_filters

    lead, member, _ = people
    outsider = make_person(db.session, full_name="Chủ Nhiệm Hà Nội", commune_code="00004")
    ours = _task(db, lead, member=member)
    theirs = _task(db, outsider, member=member, year=2021)
    admin = make_user(db.session, "admin", password="x" * 12)

    def titles(args):
        filters = read_filters(args, "research_task")
        return {
            t.id
            for t in db.session.scalars(list_records(db.session, admin, "research_task", filters))
        }

    assert titles({"area": "44"}) == {ours.id, theirs.id}
    assert titles({"area": "44", "led": "1"}) == {ours.id}
    assert titles({"area": "01", "led": "1"}) == {theirs.id}
