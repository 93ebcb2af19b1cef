"""Research tasks and initiatives: written by the services, refused on bad input."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from registry.audit.models import AuditEntry
from registry.contributions.models import Initiative, ResearchTask
from registry.contributions.services import save_initiative, save_task
from registry.errors import ValidationError


def task_data(lead, *others, **overrides):
    data = {
        "code": "ĐT-2024-01",
        "title": "Giống lúa chịu mặn cho vùng ven biển",
        "level": "provincial",
        "ordering_body": "Sở Khoa học và Công nghệ",
        "field_code": "nong_nghiep_cong_nghe_cao",
        "start_date": "2022-03-01",
        "end_date": "2024-03-01",
        "status": "accepted",
        "acceptance_date": "2024-05-01",
        "result": "excellent",
        "members": [{"person_id": lead.id, "role": "lead"}]
        + [{"person_id": p.id, "role": "member"} for p in others],
        "funding": [{"source": "province", "amount": "1.500.000.000"}],
    }
    data.update(overrides)
    return data


def test_a_task_is_saved_with_people_funding_and_an_audit_entry(db, people):
    lead, member, _ = people
    task = save_task(db.session, task_data(lead, member), actor=None)
    db.session.commit()
    assert task.year == 2022 and task.title_folded == "giong lua chiu man cho vung ven bien"
    assert [(m.person_id, m.role) for m in task.members] == [
        (lead.id, "lead"),
        (member.id, "member"),
    ]
    assert task.funding[0].amount == 1_500_000_000
    assert db.session.scalar(select(AuditEntry.action)) == "research_task.create"


TOMORROW = (date.today() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"end_date": "2021-01-01"}, "end_date", "sau ngày bắt đầu"),
        ({"members": []}, "members", "chưa có chủ nhiệm"),
        ({"funding": [{"source": "province", "amount": "-5"}]}, "funding", "không được âm"),
        ({"funding": [{"source": "province", "amount": "12abc"}]}, "funding", "chữ số"),
        ({"acceptance_date": TOMORROW}, "acceptance_date", "sau hôm nay"),
        ({"level": "galactic"}, "level", "không hợp lệ"),
        ({"status": ""}, "status", "Hãy chọn"),
        ({"title": "  "}, "title", "bắt buộc"),
        ({"status": "in_progress"}, "result", "Chỉ ghi kết quả"),
        ({"study_code": "72"}, "study_code", "7 chữ số"),
        ({"field_code": "khong_co"}, "field_code", "danh mục"),
        ({"year": "hai nghìn"}, "year", "số nguyên"),
    ],
)
def test_bad_tasks_are_refused_and_nothing_is_written(db, people, overrides, field, words):
    lead, member, _ = people
    with pytest.raises(ValidationError) as caught:
        save_task(db.session, task_data(lead, member, **overrides), actor=None)
    assert words in caught.value.errors[field]
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ResearchTask)) == 0


def test_a_member_added_twice_or_two_leads_are_refused(db, people):
    lead, member, _ = people
    twice = task_data(lead, member, member)
    with pytest.raises(ValidationError, match="hai lần"):
        save_task(db.session, twice, actor=None)
    two_leads = task_data(
        lead,
        members=[{"person_id": lead.id, "role": "lead"}, {"person_id": member.id, "role": "lead"}],
    )
    with pytest.raises(ValidationError, match="đúng một chủ nhiệm"):
        save_task(db.session, two_leads, actor=None)


def test_task_codes_are_unique_and_updates_keep_one_record(db, people):
    lead, member, third = people
    task = save_task(db.session, task_data(lead), actor=None)
    with pytest.raises(ValidationError, match="đã có"):
        save_task(db.session, task_data(member), actor=None)
    save_task(db.session, task_data(lead, third, title="Tên mới"), actor=None, task=task)
    assert db.session.scalar(select(func.count()).select_from(ResearchTask)) == 1
    assert task.title == "Tên mới" and len(task.members) == 2


def initiative_data(*authors, **overrides):
    data = {
        "title": "Phần mềm một cửa liên thông",
        "recognising_body": "UBND tỉnh",
        "decision_number": "123/QĐ-UBND",
        "decision_date": "2024-06-01",
        "effect_level": "provincial",
        "field_code": "cong_nghe_thong_tin",
        "authors": [a.id for a in authors],
    }
    data.update(overrides)
    return data


def test_an_initiative_takes_its_year_from_the_decision(db, people):
    lead, member, _ = people
    item = save_initiative(db.session, initiative_data(lead, member), actor=None)
    assert item.year == 2024 and [a.person_id for a in item.authors] == [lead.id, member.id]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"decision_date": TOMORROW}, "decision_date"),
        ({"authors": []}, "authors"),
        ({"effect_level": "provincial_x"}, "effect_level"),
        ({"authors": [999999]}, "authors"),
        ({"decision_date": "31/12/2024"}, "decision_date"),
    ],
)
def test_bad_initiatives_are_refused(db, people, overrides, field):
    with pytest.raises(ValidationError) as caught:
        save_initiative(db.session, initiative_data(people[0], **overrides), actor=None)
    assert field in caught.value.errors
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Initiative)) == 0


def test_an_initiative_author_twice_is_refused(db, people):
    with pytest.raises(ValidationError, match="hai lần"):
        save_initiative(db.session, initiative_data(people[0], people[0]), actor=None)
