"""Self-service proposals of contribution records through the review flow."""

import pytest
from sqlalchemy import func, select

from registry.contributions.models import Initiative, ResearchTask
from registry.errors import ValidationError
from registry.review.services import approve, submit_change_request
from tests.factories import make_user


def _propose(db, person, user, kind, data):
    return submit_change_request(
        db.session, person, user, {}, part_ops=[{"op": "add", "kind": kind, "data": data}]
    )


def test_a_member_proposes_a_task_naming_its_lead_and_approval_writes_it(db, people):
    lead, member, _ = people
    user = make_user(db.session, "individual", password="x" * 12, person=member)
    request = _propose(
        db,
        member,
        user,
        "research_task",
        {
            "title": "Đề tài đề xuất",
            "level": "district",
            "status": "in_progress",
            "role": "member",
            "lead_id": str(lead.id),
        },
    )
    assert db.session.scalar(select(func.count()).select_from(ResearchTask)) == 0
    approve(db.session, request, make_user(db.session, "officer", password="x" * 12))
    task = db.session.scalar(select(ResearchTask))
    assert sorted((m.person_id, m.role) for m in task.members) == sorted(
        [(member.id, "member"), (lead.id, "lead")]
    )


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        (
            "research_task",
            {"title": "X", "level": "district", "status": "in_progress", "role": "member"},
            "members",
        ),
        ("initiative", {"title": "SK", "effect_level": "tỉnh"}, "effect_level"),
        (
            "award",
            {
                "title": "BK",
                "kind": "certificate",
                "level": "provincial",
                "decision_date": "2999-01-01",
            },
            "decision_date",
        ),
        ("publication", {"title": "Bài", "kind": "journal", "doi": "abc"}, "doi"),
    ],
)
def test_bad_proposals_are_refused_before_review(db, people, kind, data, field):
    person = people[0]
    user = make_user(db.session, "individual", password="x" * 12, person=person)
    with pytest.raises(ValidationError) as caught:
        _propose(db, person, user, kind, data)
    assert field in caught.value.errors


def test_approval_applies_the_officers_scope(db, people):
    person = people[0]
    user = make_user(db.session, "individual", password="x" * 12, person=person)
    request = _propose(db, person, user, "initiative", {"title": "SK", "effect_level": "district"})
    elsewhere = make_user(db.session, "officer", password="x" * 12, scope="01")
    with pytest.raises(ValidationError, match="Không có hồ sơ"):
        approve(db.session, request, elsewhere)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Initiative)) == 0
