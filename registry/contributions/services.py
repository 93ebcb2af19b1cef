"""Writes of research tasks, initiatives, awards and publications. Flush, never commit.

Each kind has one reader (raw data -> checked values, raising ValidationError before anything is
written) and one writer; officer forms, the API, self-service proposals (applied on approval) and
the migration of old profile achievements all go through them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.services import record
from registry.auth.scope import can_see_person
from registry.contributions import inputs
from registry.contributions.models import (
    Award,
    Initiative,
    InitiativeAuthor,
    Publication,
    ResearchTask,
    TaskFunding,
    TaskMember,
)
from registry.errors import ValidationError
from registry.text import fold

FIRST_YEAR = 1950


def _year(data: dict, fallback: date | None, today: date) -> int | None:
    year = inputs.integer(data, "year", FIRST_YEAR, today.year + 10)
    return year if year is not None else (fallback.year if fallback else None)


def people_of(session: Session, rows, key: str, actor, roles: str | None = None):
    """[(Person, role)] from [{"person_id", "role"}]; each person once and visible to `actor`."""
    seen, found = set(), []
    for row in rows or ():
        row = row if isinstance(row, dict) else {"person_id": row}
        person = inputs.person(session, row.get("person_id"), key)
        if actor is not None and not can_see_person(session, actor, person.id):
            raise ValidationError({key: str(_l("Không có hồ sơ số %(id)s.", id=person.id))})
        if person.id in seen:
            raise ValidationError(
                {key: str(_l("%(name)s được thêm hai lần.", name=person.full_name))}
            )
        seen.add(person.id)
        role = inputs.choice(row, "role", roles) if roles else None
        found.append((person, role))
    return found


@dataclass
class TaskValues:
    fields: dict
    members: list
    funding: list


def read_task(session: Session, data: dict, actor=None, today: date | None = None) -> TaskValues:
    today = today or date.today()
    start, end = inputs.period(data)
    status = inputs.choice(data, "status", "status")
    result = inputs.choice(data, "result", "result", required=False)
    accepted_on = inputs.day(data, "acceptance_date", past=True, today=today)
    if accepted_on and start and accepted_on < start:
        raise ValidationError(
            {"acceptance_date": str(_l("Ngày nghiệm thu phải sau ngày bắt đầu."))}
        )
    if result and status not in ("accepted", "failed"):
        raise ValidationError(
            {"result": str(_l("Chỉ ghi kết quả khi nhiệm vụ đã nghiệm thu hoặc không đạt."))}
        )
    title = inputs.text(data, "title", 500, required=True)
    fields = {
        "code": inputs.text(data, "code", 40),
        "title": title,
        "title_folded": fold(title)[:500],
        "level": inputs.choice(data, "level", "level"),
        "ordering_body": inputs.text(data, "ordering_body"),
        "field_code": inputs.priority_field(session, data),
        "study_code": inputs.study_code(data),
        "start_date": start,
        "end_date": end,
        "year": _year(data, start, today),
        "status": status,
        "acceptance_date": accepted_on,
        "result": result,
        "application": inputs.text(data, "application", 4000),
    }
    members = people_of(session, data.get("members"), "members", actor, "task_role")
    leads = [p for p, role in members if role == "lead"]
    if len(leads) != 1:
        message = (
            _l("Nhiệm vụ cần đúng một chủ nhiệm.") if leads else _l("Nhiệm vụ chưa có chủ nhiệm.")
        )
        raise ValidationError({"members": str(message)})
    funding = [
        (inputs.choice(row, "source", "source"), inputs.money(row.get("amount"), "funding"))
        for row in data.get("funding") or ()
    ]
    return TaskValues(fields, members, funding)


def _unique_code(session: Session, code: str | None, task_id: int | None) -> None:
    if not code:
        return
    other = session.scalar(select(ResearchTask.id).where(ResearchTask.code == code))
    if other is not None and other != task_id:
        raise ValidationError({"code": str(_l("Mã nhiệm vụ “%(c)s” đã có.", c=code))})


def save_task(
    session: Session, data: dict, actor, task: ResearchTask | None = None, today=None
) -> ResearchTask:
    values = read_task(session, data, actor, today)
    _unique_code(session, values.fields["code"], task.id if task else None)
    before = task_summary(task) if task else None
    if task is None:
        task = ResearchTask()
        session.add(task)
    for name, value in values.fields.items():
        setattr(task, name, value)
    clear_children(session, task, "members", "funding")
    task.members = [TaskMember(person_id=p.id, role=role) for p, role in values.members]
    task.funding = [TaskFunding(source=s, amount=a) for s, a in values.funding]
    session.flush()
    _audit(session, actor, "research_task", task.id, before, task_summary(task))
    return task


def clear_children(session: Session, item, *collections: str) -> None:
    """Empty child rows before new ones go in, so (record, person) stays unique on the way."""
    if item.id is None:
        return
    for name in collections:
        setattr(item, name, [])
    session.flush()


def task_summary(task: ResearchTask) -> dict:
    return {
        "code": task.code,
        "title": task.title,
        "level": task.level,
        "status": task.status,
        "result": task.result,
        "members": [[m.person_id, m.role] for m in task.members],
        "funding": [[f.source, f.amount] for f in task.funding],
    }


def _audit(session, actor, kind: str, target_id: int, before, after) -> None:
    action = f"{kind}.{'update' if before else 'create'}"
    details = {"after": after, **({"before": before} if before else {})}
    record(
        session, actor=actor, action=action, target_type=kind, target_id=target_id, details=details
    )


def read_initiative(session: Session, data: dict, actor=None, today: date | None = None) -> dict:
    today = today or date.today()
    decided = inputs.day(data, "decision_date", past=True, today=today)
    title = inputs.text(data, "title", 500, required=True)
    authors = people_of(session, data.get("authors"), "authors", actor)
    if not authors:
        raise ValidationError({"authors": str(_l("Sáng kiến cần ít nhất một tác giả."))})
    return {
        "title": title,
        "title_folded": fold(title)[:500],
        "recognising_body": inputs.text(data, "recognising_body"),
        "decision_number": inputs.text(data, "decision_number", 60),
        "decision_date": decided,
        "effect_level": inputs.choice(data, "effect_level", "effect_level"),
        "field_code": inputs.priority_field(session, data),
        "year": _year(data, decided, today),
        "authors": [p for p, _ in authors],
    }


def save_initiative(
    session: Session, data: dict, actor, item: Initiative | None = None, today=None
) -> Initiative:
    values = read_initiative(session, data, actor, today)
    authors = values.pop("authors")
    before = initiative_summary(item) if item else None
    if item is None:
        item = Initiative()
        session.add(item)
    for name, value in values.items():
        setattr(item, name, value)
    clear_children(session, item, "authors")
    item.authors = [InitiativeAuthor(person_id=p.id) for p in authors]
    session.flush()
    _audit(session, actor, "initiative", item.id, before, initiative_summary(item))
    return item


def initiative_summary(item: Initiative) -> dict:
    return {
        "title": item.title,
        "effect_level": item.effect_level,
        "decision_number": item.decision_number,
        "decision_date": item.decision_date,
        "authors": [a.person_id for a in item.authors],
    }


def _owner(session: Session, data: dict, actor):
    return people_of(session, [data.get("person_id")], "person_id", actor)[0][0]


def read_award(session: Session, data: dict, actor=None, today: date | None = None) -> dict:
    today = today or date.today()
    decided = inputs.day(data, "decision_date", past=True, today=today)
    title = inputs.text(data, "title", 500, required=True)
    return {
        "person_id": _owner(session, data, actor).id,
        "kind": inputs.choice(data, "kind", "award_kind"),
        "title": title,
        "title_folded": fold(title)[:500],
        "level": inputs.choice(data, "level", "level"),
        "decision_number": inputs.text(data, "decision_number", 60),
        "decision_date": decided,
        "year": _year(data, decided, today),
    }


def read_publication(session: Session, data: dict, actor=None, today: date | None = None) -> dict:
    today = today or date.today()
    title = inputs.text(data, "title", 500, required=True)
    return {
        "person_id": _owner(session, data, actor).id,
        "kind": inputs.choice(data, "kind", "publication_kind"),
        "title": title,
        "title_folded": fold(title)[:500],
        "venue": inputs.text(data, "venue"),
        "year": inputs.integer(data, "year", FIRST_YEAR, today.year),
        "issn": inputs.identifier(data, "issn", r"\d{4}-\d{3}[\dX]", _l("ISSN có dạng 1234-5678.")),
        "isbn": inputs.identifier(
            data, "isbn", r"(97[89]-?)?[\d-]{9,13}[\dX]", _l("ISBN gồm 10 hoặc 13 chữ số.")
        ),
        "doi": inputs.identifier(data, "doi", r"10\.\d{4,9}/\S+", _l("DOI có dạng 10.xxxx/...")),
    }


def _save_simple(session, model, reader, kind, data, actor, item, today):
    values = reader(session, data, actor, today)
    before = {k: getattr(item, k) for k in values} if item else None
    if item is None:
        item = model()
        session.add(item)
    for name, value in values.items():
        setattr(item, name, value)
    session.flush()
    after = {k: v for k, v in values.items() if k != "title_folded"}
    _audit(session, actor, kind, item.id, before, after)
    return item


def save_award(session: Session, data: dict, actor, item: Award | None = None, today=None):
    return _save_simple(session, Award, read_award, "award", data, actor, item, today)


def save_publication(session: Session, data: dict, actor, item=None, today=None):
    return _save_simple(
        session, Publication, read_publication, "publication", data, actor, item, today
    )


@dataclass(frozen=True)
class RecordKind:
    model: type
    read: object
    save: object


KINDS = {
    "research_task": RecordKind(ResearchTask, read_task, save_task),
    "initiative": RecordKind(Initiative, read_initiative, save_initiative),
    "award": RecordKind(Award, read_award, save_award),
    "publication": RecordKind(Publication, read_publication, save_publication),
}


def delete_record(session: Session, kind: str, item, actor) -> None:
    record(
        session,
        actor=actor,
        action=f"{kind}.delete",
        target_type=kind,
        target_id=item.id,
        details={"title": getattr(item, "title", None)},
    )
    session.delete(item)
    session.flush()
