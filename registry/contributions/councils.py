"""Councils and forums: create, pick members, warn about conflicts, record the outcome.
Flush, never commit."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from registry.audit.services import record
from registry.contributions import inputs
from registry.contributions.council_models import Council, CouncilMember
from registry.contributions.models import ResearchTask, TaskMember
from registry.contributions.services import clear_children, people_of
from registry.errors import ValidationError

MAX_COUNCILS_A_YEAR = 3


def read_council(session: Session, data: dict, actor=None) -> dict:
    start, end = inputs.period(data, required=True)
    task_id = inputs.integer(data, "task_id", 1, 2**31)
    if task_id is not None and session.get(ResearchTask, task_id) is None:
        raise ValidationError({"task_id": str(_l("Không có nhiệm vụ số %(id)s.", id=task_id))})
    kind = inputs.choice(data, "kind", "council_kind")
    if kind == "acceptance" and task_id is None:
        raise ValidationError({"task_id": str(_l("Hội đồng nghiệm thu cần chọn nhiệm vụ."))})
    return {
        "kind": kind,
        "topic": inputs.text(data, "topic", 500, required=True),
        "field_code": inputs.priority_field(session, data),
        "organiser": inputs.text(data, "organiser"),
        "decision_number": inputs.text(data, "decision_number", 60),
        "start_date": start,
        "end_date": end,
        "task_id": task_id,
    }


def save_council(session: Session, data: dict, actor, council: Council | None = None) -> Council:
    values = read_council(session, data, actor)
    members = people_of(session, data.get("members"), "members", actor, "council_role")
    before = council_summary(council) if council else None
    if council is None:
        council = Council()
        session.add(council)
    for name, value in values.items():
        setattr(council, name, value)
    if "members" in data:
        clear_children(session, council, "members")
        council.members = [CouncilMember(person_id=p.id, role=r) for p, r in members]
    session.flush()
    action = "council.update" if before else "council.create"
    details = {"after": council_summary(council), **({"before": before} if before else {})}
    record(
        session,
        actor=actor,
        action=action,
        target_type="council",
        target_id=council.id,
        details=details,
    )
    return council


def council_summary(council: Council) -> dict:
    return {
        "kind": council.kind,
        "topic": council.topic,
        "start_date": council.start_date,
        "task_id": council.task_id,
        "members": [[m.person_id, m.role] for m in council.members],
        "result": council.result,
    }


def add_member(session: Session, council: Council, data: dict, actor) -> CouncilMember:
    person, role = people_of(session, [data], "person_id", actor, "council_role")[0]
    if any(m.person_id == person.id for m in council.members):
        raise ValidationError(
            {"person_id": str(_l("%(name)s đã có trong hội đồng.", name=person.full_name))}
        )
    member = CouncilMember(person_id=person.id, role=role)
    council.members.append(member)
    session.flush()
    record(
        session,
        actor=actor,
        action="council.member_add",
        target_type="council",
        target_id=council.id,
        details={"person": person.id, "role": role},
    )
    return member


def remove_member(session: Session, council: Council, person_id: int, actor) -> None:
    member = next((m for m in council.members if m.person_id == person_id), None)
    if member is None:
        raise ValidationError({"person_id": str(_l("Người này không có trong hội đồng."))})
    council.members.remove(member)
    session.flush()
    record(
        session,
        actor=actor,
        action="council.member_remove",
        target_type="council",
        target_id=council.id,
        details={"person": person_id},
    )


def conflicts(session: Session, council: Council, limit: int = MAX_COUNCILS_A_YEAR) -> list[str]:
    """Warnings, not errors: members who worked on the task being assessed, and members who sit
    on more than `limit` councils in the council's year."""
    ids = [m.person_id for m in council.members]
    names = {m.person_id: m.person.full_name for m in council.members}
    warnings = []
    if council.task_id and ids:
        authors = session.scalars(
            select(TaskMember.person_id).where(
                TaskMember.task_id == council.task_id, TaskMember.person_id.in_(ids)
            )
        )
        for person_id in authors:
            warnings.append(
                str(
                    _l(
                        "%(name)s là thành viên của nhiệm vụ đang được đánh giá.",
                        name=names[person_id],
                    )
                )
            )
    year = council.start_date.year
    busy = session.execute(
        select(CouncilMember.person_id, func.count())
        .join(Council, Council.id == CouncilMember.council_id)
        .where(CouncilMember.person_id.in_(ids), extract("year", Council.start_date) == year)
        .group_by(CouncilMember.person_id)
        .having(func.count() > limit)
    ).all()
    for person_id, count in busy:
        warnings.append(
            str(
                _l(
                    "%(name)s đã tham gia %(n)d hội đồng trong năm %(y)d (quá %(max)d).",
                    name=names[person_id],
                    n=count,
                    y=year,
                    max=limit,
                )
            )
        )
    return warnings


def record_outcome(
    session: Session, council: Council, data: dict, actor, today: date | None = None
) -> Council:
    """Recommendations and, for an acceptance council, the result, which becomes the task's."""
    result = inputs.choice(data, "result", "result", required=False)
    if result and council.kind != "acceptance":
        raise ValidationError({"result": str(_l("Chỉ hội đồng nghiệm thu mới ghi kết quả."))})
    decided = inputs.day(data, "decided_on", past=True, today=today) or council.end_date
    council.recommendations = inputs.text(data, "recommendations", 4000)
    council.result = result
    task = council.task
    if result and task is not None:
        task.result = result
        task.status = "failed" if result == "fail" else "accepted"
        task.acceptance_date = decided or council.start_date
    session.flush()
    record(
        session,
        actor=actor,
        action="council.outcome",
        target_type="council",
        target_id=council.id,
        details={"result": result, "task": council.task_id},
    )
    return council
