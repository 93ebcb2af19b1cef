"""Councils (members, conflicts, outcome), attraction follow-up, overseas partners."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from registry.contributions import attraction, councils, overseas
from registry.contributions.council_models import AttractionCase, Council, ForeignPartner
from registry.contributions.services import save_task
from registry.errors import ValidationError
from tests.factories import make_person


def _council(db, members, **overrides):
    data = {
        "kind": "critique",
        "topic": "Phản biện quy hoạch",
        "start_date": "2025-03-01",
        "members": [{"person_id": p.id, "role": r} for p, r in members],
    }
    data.update(overrides)
    return councils.save_council(db.session, data, actor=None)


def test_a_member_added_twice_is_refused_and_nothing_written(db, people):
    lead, member, _ = people
    with pytest.raises(ValidationError, match="hai lần"):
        _council(db, [(lead, "chair"), (lead, "member")])
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Council)) == 0
    council = _council(db, [(lead, "chair")])
    with pytest.raises(ValidationError, match="đã có trong hội đồng"):
        councils.add_member(db.session, council, {"person_id": lead.id, "role": "member"}, None)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_date": "2025-01-01"}, "end_date"),
        ({"kind": "acceptance"}, "task_id"),
        ({"start_date": ""}, "start_date"),
        ({"topic": ""}, "topic"),
    ],
)
def test_bad_councils_are_refused(db, people, overrides, field):
    with pytest.raises(ValidationError) as caught:
        _council(db, [(people[0], "chair")], **overrides)
    assert field in caught.value.errors


def test_conflicts_warn_and_the_acceptance_result_feeds_the_task(db, people):
    lead, member, third = people
    task = save_task(
        db.session,
        {
            "title": "Đề tài X",
            "level": "provincial",
            "status": "in_progress",
            "members": [{"person_id": lead.id, "role": "lead"}],
        },
        actor=None,
    )
    for n in range(3):
        _council(db, [(third, "member")], topic=f"Hội đồng {n}")
    council = _council(
        db, [(lead, "reviewer"), (third, "chair")], kind="acceptance", task_id=task.id
    )
    warnings = councils.conflicts(db.session, council)
    assert any("Trần Văn Chủ là thành viên của nhiệm vụ" in w for w in warnings)
    assert any("Phạm Minh Ba đã tham gia 4 hội đồng trong năm 2025" in w for w in warnings)
    councils.record_outcome(
        db.session,
        council,
        {"result": "good", "decided_on": "2025-03-02", "recommendations": "Đạt yêu cầu"},
        None,
    )
    assert (task.status, task.result, task.acceptance_date) == (
        "accepted",
        "good",
        date(2025, 3, 2),
    )
    critique = _council(db, [(member, "chair")])
    with pytest.raises(ValidationError, match="nghiệm thu"):
        councils.record_outcome(db.session, critique, {"result": "good"}, None)


def test_attraction_follow_up_and_retention(app, db, people):
    lead, member, third = people
    today = date(2026, 6, 1)
    data = {
        "decision_number": "15/QĐ-UBND",
        "field_code": "y_te",
        "commitment_years": "5",
        "supports": [{"kind": "one_off", "amount": "200.000.000"}],
    }
    attraction.save_case(
        db.session, {**data, "person_id": lead.id, "decision_date": "2021-05-01"}, None, today=today
    )
    attraction.save_case(
        db.session,
        {**data, "person_id": member.id, "decision_date": "2024-01-01", "field_code": "du_lich"},
        None,
        today=today,
    )
    member.status = "moved"
    cases = db.session.scalars(select(AttractionCase).order_by(AttractionCase.id)).all()
    follows = attraction.follow_up(db.session, cases, today=today)
    assert follows[0].milestones == {1: "staying", 3: "staying", 5: "staying"}
    assert follows[1].milestones == {1: "moved", 3: None, 5: None}
    summary = attraction.summary(db.session, follows, {"y_te"}, since=2021)
    assert summary["into_short_fields"] == 1 and summary["staying_in_short_fields"] == 1
    assert summary["retention"][1] == {"reached": 2, "staying": 1, "rate": 50.0}
    assert cases[0].supports[0].amount == 200_000_000


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"decision_date": (date.today() + timedelta(days=3)).isoformat()}, "decision_date"),
        ({"supports": [{"kind": "housing", "amount": "-1"}]}, "supports"),
        ({"supports": [{"kind": "housing", "amount": "1tr"}]}, "supports"),
        ({"decision_number": ""}, "decision_number"),
    ],
)
def test_bad_attraction_cases_are_refused(db, people, overrides, field):
    data = {"person_id": people[0].id, "decision_number": "1/QĐ", "decision_date": "2022-01-01"}
    with pytest.raises(ValidationError) as caught:
        attraction.save_case(db.session, {**data, **overrides}, None)
    assert field in caught.value.errors
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AttractionCase)) == 0


def test_an_unknown_country_is_refused_and_a_known_one_kept(db):
    person = make_person(db.session, full_name="Trần Kiều Bào", is_overseas=True)
    with pytest.raises(ValidationError, match="Không có quốc gia mã “XY”"):
        overseas.save_partner(
            db.session,
            {"person_id": person.id, "residence_country": "XY", "willingness": "ready"},
            None,
        )
    assert db.session.get(ForeignPartner, person.id) is None
    partner = overseas.save_partner(
        db.session,
        {
            "person_id": person.id,
            "residence_country": "de",
            "expertise": "Nông nghiệp hữu cơ",
            "willingness": "ready",
        },
        None,
    )
    assert partner.residence_country == "DE"
    entry = overseas.log_cooperation(
        db.session,
        {"person_id": person.id, "kind": "lecture", "day": "2025-05-05", "description": "Báo cáo"},
        None,
    )
    assert entry.id
    with pytest.raises(ValidationError) as caught:
        overseas.log_cooperation(
            db.session,
            {
                "person_id": person.id,
                "kind": "visit",
                "day": "2025-05-05",
                "description": "X",
                "task_id": "99999",
            },
            None,
        )
    assert "task_id" in caught.value.errors


def test_erasure_forgets_the_contact_channel(db):
    from registry.people.consent import erase_person

    person = make_person(db.session, full_name="Kiều Bào Xóa", is_overseas=True)
    overseas.save_partner(
        db.session,
        {
            "person_id": person.id,
            "residence_country": "FR",
            "contact_channel": "+33 6 12 34 56 78",
            "willingness": "ready",
        },
        None,
    )
    erase_person(db.session, person, actor=None)
    partner = db.session.get(ForeignPartner, person.id)
    assert partner.contact_channel is None and partner.residence_country == "FR"
