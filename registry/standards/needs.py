"""Training needs: for each person who falls short, the training that closes each missing
requirement, counted by kind, level, organisation and commune; and the people behind a need."""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from registry.core.pagination import Page
from registry.people.models import Person
from registry.standards.compliance import (
    Filters,
    holders_query,
    people_clauses,
    people_in_name_order,
    people_rows,
)
from registry.standards.models import (
    TRAINING_KINDS,
    PositionHolder,
    TrainingCourse,
    TrainingNomination,
)
from registry.standards.requirements import (
    KIND_LABELS,
    REQUIREMENTS,
    Standard,
    level_names,
    level_ranks,
    standards_at,
    training_label,
)


def needs_of(standard: Standard, mask: int) -> set[tuple[str, str]]:
    """The (kind, level) trainings that close the requirements missing in `mask`."""
    return {standard.need(r) for r in REQUIREMENTS if mask & r.bit}


def planned_counts(session: Session, user, filters: Filters) -> dict[tuple[str, str], Counter]:
    """People in the filters already nominated to (or through) a course, by (kind, level)."""
    keys = (TrainingCourse.kind, TrainingCourse.level_code, TrainingNomination.state)
    rows = session.execute(
        select(*keys, func.count(func.distinct(TrainingNomination.person_id)))
        .join(TrainingNomination.course)
        .join(Person, Person.id == TrainingNomination.person_id)
        .where(*people_clauses(session, user, filters))
        .group_by(*keys)
    )
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for kind, level, state, n in rows:
        counts[(kind, level)][state] += n
    return counts


def training_needs(session: Session, user, result: dict) -> list[dict]:
    """One row per (kind, level) needed: how many people, and by organisation and commune."""
    standards, names = result["standards"], level_names(session)
    needs: dict[tuple[str, str], dict] = {}
    for org, commune, position_id, mask, n in result["rows"]:
        if mask <= 0 or position_id not in standards:
            continue
        for key in needs_of(standards[position_id], mask):
            need = needs.setdefault(
                key, {"people": 0, "by_org": Counter(), "by_commune": Counter()}
            )
            need["people"] += n
            need["by_org"][org] += n
            need["by_commune"][commune] += n
    planned = planned_counts(session, user, result["filters"])
    ranks = level_ranks(session)
    rows = []
    for (kind, level), need in needs.items():
        rows.append(
            {
                "kind": kind,
                "kind_label": str(KIND_LABELS[kind]),
                "level": level,
                "label": training_label(kind, names[kind].get(level, level)),
                "nominated": planned[(kind, level)]["nominated"],
                "completed": planned[(kind, level)]["completed"],
                **need,
            }
        )
    return sorted(
        rows,
        key=lambda r: (TRAINING_KINDS.index(r["kind"]), ranks[r["kind"]].get(r["level"], 0)),
    )


def _needing_positions(standards: dict[int, Standard], kind: str, level: str) -> list[int]:
    return [
        pid
        for pid, standard in standards.items()
        if any(
            standard.need(r) == (kind, level)
            for r in REQUIREMENTS
            if r.kind == kind and (r.column is None or getattr(standard, r.column))
        )
    ]


def already_planned(kind: str, level: str, person_column):
    """People nominated to, or through, a course of this kind and level (drop-outs excluded)."""
    return exists().where(
        TrainingNomination.person_id == person_column,
        TrainingNomination.state != "dropped",
        TrainingNomination.course_id == TrainingCourse.id,
        and_(TrainingCourse.kind == kind, TrainingCourse.level_code == level),
    )


def people_needing(
    session: Session,
    user,
    kind: str,
    level: str,
    filters: Filters | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Page:
    """The people who need a (kind, level) training and are not yet planned for one."""
    standards, filters = standards_at(session), filters or Filters()
    query, mask = holders_query(session, user, filters, standards, Person.id)
    bits = sum(r.bit for r in REQUIREMENTS if r.kind == kind)
    query = people_in_name_order(
        query,
        PositionHolder.position_id.in_(_needing_positions(standards, kind, level)),
        mask.op("&")(bits) != 0,
        ~already_planned(kind, level, Person.id),
    )
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    keys = session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    items = people_rows(session, keys, standards)
    return Page(items=items, page=page, per_page=per_page, total=total or 0)
