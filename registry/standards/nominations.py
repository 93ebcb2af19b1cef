"""Nominating people to a course and recording their results. Functions flush, never commit."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.services import mark_fields, record
from registry.auth.scope import visible_people
from registry.errors import ValidationError
from registry.people.models import Person
from registry.people.parts import add_part
from registry.people.services import person_input, update_person
from registry.standards.models import TrainingCourse, TrainingNomination
from registry.standards.positions import parse_day
from registry.standards.training import PERSON_LEVEL, already_has, level_rank, seats_taken


def nominate(
    session: Session, course: TrainingCourse, person_ids: list[int], actor, user
) -> list[TrainingNomination]:
    """Nominate people to `course`: all of them or none (seats, scope, duplicates, completions)."""
    ids = sorted({int(i) for i in person_ids})
    if not ids:
        raise ValidationError({"person_ids": str(_l("Chọn ít nhất một người để cử đi học."))})
    people = {
        p.id: p
        for p in session.scalars(
            select(Person).where(
                Person.id.in_(ids), Person.status == "active", visible_people(session, user)
            )
        )
    }
    errors = []
    outside = [i for i in ids if i not in people]
    if outside:
        errors.append(
            str(
                _l(
                    "%(n)d người không thuộc phạm vi của bạn hoặc không còn công tác.",
                    n=len(outside),
                )
            )
        )
    listed = set(
        session.scalars(
            select(TrainingNomination.person_id).where(
                TrainingNomination.course_id == course.id, TrainingNomination.person_id.in_(ids)
            )
        )
    )
    for person in people.values():
        if person.id in listed:
            errors.append(
                str(_l("%(name)s đã có trong danh sách khóa này.", name=person.full_name))
            )
        elif already_has(session, person, course):
            errors.append(str(_l("%(name)s đã đạt trình độ của khóa này.", name=person.full_name)))
    free = course.seats - seats_taken(session, course.id)
    if len(ids) > free:
        errors.append(
            str(_l("Khóa học còn %(free)d chỗ, không thể cử %(n)d người.", free=free, n=len(ids)))
        )
    if errors:
        raise ValidationError({"person_ids": " ".join(errors)})
    made = [
        TrainingNomination(
            course_id=course.id, person_id=i, nominated_by_id=getattr(actor, "id", None)
        )
        for i in ids
    ]
    session.add_all(made)
    session.flush()
    record(
        session,
        actor=actor,
        action="training.nominate",
        target_type="training_course",
        target_id=course.id,
        details={"person_ids": ids},
    )
    return made


def _check_result(nomination: TrainingNomination, state: str, certificate: str, raw_day) -> date:
    course = nomination.course
    if nomination.state == "completed":
        raise ValidationError({"state": str(_l("Kết quả hoàn thành đã được ghi nhận trước đó."))})
    if state not in ("completed", "dropped"):
        raise ValidationError({"state": str(_l("Kết quả phải là hoàn thành hoặc bỏ học."))})
    if state == "dropped":
        return None
    errors = {}
    if not certificate:
        errors["certificate_no"] = str(_l("Số chứng chỉ, văn bằng là bắt buộc khi hoàn thành."))
    try:
        day = parse_day(raw_day)
    except ValueError:
        day = None
    begins = course.start_date or date(course.year, 1, 1)
    if day is None:
        errors["completed_on"] = str(_l("Ngày cấp chứng chỉ không hợp lệ (dd/mm/yyyy)."))
    elif day < begins:
        errors["completed_on"] = str(
            _l(
                "Ngày hoàn thành không thể trước ngày khóa học bắt đầu (%(d)s).",
                d=begins.strftime("%d/%m/%Y"),
            )
        )
    elif day > date.today():
        errors["completed_on"] = str(_l("Ngày hoàn thành không thể ở tương lai."))
    if errors:
        raise ValidationError(errors)
    return day


def raise_level(session: Session, person: Person, course: TrainingCourse, day: date, actor):
    """Bring the person's profile up to the course's level (never down)."""
    wanted = level_rank(session, course.kind, course.level_code)
    if course.kind in PERSON_LEVEL:
        column = PERSON_LEVEL[course.kind]
        if level_rank(session, course.kind, getattr(person, column)) < wanted:
            data = person_input(person, **{column: course.level_code})
            update_person(session, person, data, person.version, actor=actor, source="officer")
        return
    if course.kind == "language":
        part, data = "language", {"language": course.language, "level_code": course.level_code}
    else:
        part = "qualification"
        data = {
            "level_code": course.level_code,
            "field_code": course.field_code,
            "institution": course.provider,
            "year": day.year,
        }
    add_part(session, person, part, data, actor=actor)
    mark_fields(session, person.id, [f"{part}s"], "officer", actor)


def record_result(
    session: Session,
    nomination: TrainingNomination,
    *,
    state: str,
    actor,
    user,
    certificate_no: str | None = None,
    completed_on=None,
) -> TrainingNomination:
    """Record a result; a completion updates the person's level, verified by `actor`."""
    person = session.scalar(
        select(Person).where(Person.id == nomination.person_id, visible_people(session, user))
    )
    if person is None:
        raise ValidationError({"": str(_l("Người này không thuộc phạm vi của bạn."))})
    certificate = (certificate_no or "").strip()[:60]
    day = _check_result(nomination, state, certificate, completed_on)
    nomination.state, nomination.result_by_id = state, getattr(actor, "id", None)
    nomination.certificate_no, nomination.completed_on = (certificate or None), day
    session.flush()
    if state == "completed":
        raise_level(session, person, nomination.course, day, actor)
    record(
        session,
        actor=actor,
        action=f"training.{state}",
        target_type="person",
        target_id=person.id,
        details={"course_id": nomination.course_id, "certificate_no": certificate, "on": day},
    )
    return nomination
