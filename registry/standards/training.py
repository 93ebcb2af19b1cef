"""Writes to training courses: create or edit a course, nominate people, record results.

Nominations and results are in nominations.py. Functions flush, never commit."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.audit.services import record
from registry.core.params import parse_int
from registry.errors import ValidationError
from registry.people.models import Person
from registry.standards.models import TRAINING_KINDS, TrainingCourse, TrainingNomination
from registry.standards.positions import parse_day
from registry.standards.requirements import KIND_MODELS, level_names, training_label
from registry.text import nfc

PERSON_LEVEL = {
    "political_theory": "political_theory_code",
    "state_management": "state_management_code",
    "it": "it_skill_code",
}


def _int(raw, low: int, high: int) -> int | None:
    text = str(raw if raw is not None else "").strip()
    return parse_int(text, low, high)


def _dates(data: dict, errors: dict) -> tuple[date | None, date | None]:
    found = []
    for key in ("start_date", "end_date"):
        try:
            found.append(parse_day(data.get(key)))
        except ValueError:
            errors[key] = str(_l("Ngày không hợp lệ (dd/mm/yyyy)."))
            found.append(None)
    start, end = found
    if start and end and end < start:
        errors["end_date"] = str(_l("Ngày kết thúc phải sau ngày bắt đầu."))
    return start, end


def _check_what(session: Session, data: dict, errors: dict) -> dict:
    """Kind, level, language (language courses) and major (degree courses)."""
    kind = (data.get("kind") or "").strip()
    level = (data.get("level_code") or "").strip()
    if kind not in TRAINING_KINDS:
        errors["kind"] = str(_l("Loại đào tạo không hợp lệ."))
    elif session.get(KIND_MODELS[kind], level) is None:
        errors["level_code"] = str(_l("Trình độ không có trong danh mục: %(code)s", code=level))
    language = (data.get("language") or "").strip().lower() or None
    if kind == "language" and not (language and len(language) == 2 and language.isalpha()):
        errors["language"] = str(_l("Ngôn ngữ phải là mã 2 chữ cái (en, fr, ...)."))
    field_code = (data.get("field_code") or "").strip() or None
    if field_code and (len(field_code) != 7 or not field_code.isdigit()):
        errors["field_code"] = str(_l("Mã ngành phải gồm 7 chữ số."))
    return {
        "kind": kind,
        "level_code": level,
        "language": language if kind == "language" else None,
        "field_code": field_code if kind == "degree" else None,
    }


def _check_when(session: Session, course, data: dict, errors: dict) -> dict:
    """Year, dates and seats (never fewer than the people already nominated)."""
    year, seats = _int(data.get("year"), 2000, 2100), _int(data.get("seats"), 1, 10000)
    if year is None:
        errors["year"] = str(_l("Năm không hợp lệ."))
    if seats is None:
        errors["seats"] = str(_l("Số chỗ phải từ 1 đến 10.000."))
    start, end = _dates(data, errors)
    if start and year and start.year != year:
        errors["start_date"] = str(_l("Ngày bắt đầu phải trong năm của khóa học."))
    taken = seats_taken(session, course.id) if course and course.id else 0
    if seats and taken > seats:
        errors["seats"] = str(
            _l("Đã cử %(n)d người, không thể giảm xuống %(s)d chỗ.", n=taken, s=seats)
        )
    return {"year": year, "seats": seats, "start_date": start, "end_date": end}


def _check_course(session: Session, course: TrainingCourse | None, data: dict) -> dict:
    errors: dict[str, str] = {}
    values = {**_check_what(session, data, errors), **_check_when(session, course, data, errors)}
    if errors:
        raise ValidationError(errors)
    kind, level = values["kind"], values["level_code"]
    title = nfc(data.get("title")) or training_label(kind, level_names(session)[kind][level])
    return {
        **values,
        "title": title[:255],
        "provider": nfc(data.get("provider")) or None,
        "location": nfc(data.get("location")) or None,
    }


def save_course(session: Session, course: TrainingCourse | None, data: dict, actor):
    values = _check_course(session, course, data)
    course = course or TrainingCourse(created_by_id=getattr(actor, "id", None))
    for key, value in values.items():
        setattr(course, key, value)
    session.add(course)
    session.flush()
    record(
        session,
        actor=actor,
        action="training.course.save",
        target_type="training_course",
        target_id=course.id,
        details=values,
    )
    return course


def seats_taken(session: Session, course_id: int) -> int:
    return session.scalar(
        select(func.count()).where(
            TrainingNomination.course_id == course_id, TrainingNomination.state != "dropped"
        )
    )


def level_rank(session: Session, kind: str, code: str | None) -> int:
    model = KIND_MODELS[kind]
    return session.scalar(select(model.rank).where(model.code == code)) or 0 if code else 0


def already_has(session: Session, person: Person, course: TrainingCourse) -> bool:
    """Whether the person already holds the course's level, or completed such a course."""
    wanted = level_rank(session, course.kind, course.level_code)
    if course.kind in PERSON_LEVEL:
        held = getattr(person, PERSON_LEVEL[course.kind])
        if level_rank(session, course.kind, held) >= wanted:
            return True
    if course.kind == "language":
        held = [pl.level_code for pl in person.languages if pl.language == course.language]
        if any(level_rank(session, "language", code) >= wanted for code in held):
            return True
    return (
        session.scalar(
            select(TrainingNomination.id)
            .join(TrainingNomination.course)
            .where(
                TrainingNomination.person_id == person.id,
                TrainingNomination.state == "completed",
                TrainingCourse.kind == course.kind,
                TrainingCourse.level_code == course.level_code,
            )
            .limit(1)
        )
        is not None
    )
