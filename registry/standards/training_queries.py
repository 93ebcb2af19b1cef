"""Reads about training: courses with their counts, nominees within scope, yearly figures,
and a person's own needs and nominations (for /me)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, joinedload

from registry.auth.scope import visible_people
from registry.people.models import Person
from registry.standards.compliance import Filters, grouped
from registry.standards.models import PositionHolder, TrainingCourse, TrainingNomination
from registry.standards.needs import needs_of
from registry.standards.requirements import (
    KIND_LABELS,
    level_names,
    standards_at,
    training_label,
)


def _count(state: str | None = None):
    if state is None:
        return func.sum(case((TrainingNomination.state != "dropped", 1), else_=0))
    return func.sum(case((TrainingNomination.state == state, 1), else_=0))


def courses_with_counts(session: Session, year: int | None = None) -> list[dict]:
    """Every course (of `year`) with seats, nominated (not dropped), completed and dropped."""
    query = (
        select(
            TrainingCourse,
            func.coalesce(_count(), 0),
            func.coalesce(_count("completed"), 0),
            func.coalesce(_count("dropped"), 0),
        )
        .outerjoin(TrainingNomination, TrainingNomination.course_id == TrainingCourse.id)
        .group_by(TrainingCourse.id)
        .order_by(TrainingCourse.year.desc(), TrainingCourse.start_date, TrainingCourse.title)
    )
    if year:
        query = query.where(TrainingCourse.year == year)
    return [
        {"course": c, "nominated": n, "completed": done, "dropped": dropped, "free": c.seats - n}
        for c, n, done, dropped in session.execute(query)
    ]


def yearly_figures(session: Session) -> list[dict]:
    """Per year: courses and seats planned, people nominated, completed."""
    figures: dict[int, dict] = defaultdict(
        lambda: {"courses": 0, "seats": 0, "nominated": 0, "completed": 0, "dropped": 0}
    )
    for row in courses_with_counts(session):
        year = figures[row["course"].year]
        year["courses"] += 1
        year["seats"] += row["course"].seats
        for key in ("nominated", "completed", "dropped"):
            year[key] += row[key]
    return [{"year": y, **v} for y, v in sorted(figures.items())]


def course_nominees(session: Session, user, course_id: int) -> tuple[list, int]:
    """The nominations of a course whose people the user may see, and how many others there are."""
    rows = list(
        session.scalars(
            select(TrainingNomination)
            .join(Person, Person.id == TrainingNomination.person_id)
            .options(joinedload(TrainingNomination.person).joinedload(Person.organization))
            .where(TrainingNomination.course_id == course_id, visible_people(session, user))
            .order_by(Person.name_sort_key, Person.id)
        )
    )
    total = session.scalar(select(func.count()).where(TrainingNomination.course_id == course_id))
    return rows, total - len(rows)


def own_training(session: Session, user, person: Person) -> dict:
    """What the person needs to meet their position's standard, and their nominations."""
    holder = session.get(PositionHolder, person.id)
    needs = []
    if holder is not None:
        standards = standards_at(session)
        rows = grouped(session, user, Filters(position_id=holder.position_id), standards)
        names = level_names(session)
        for *_, mask, _n in rows:
            for kind, level in sorted(needs_of(standards[holder.position_id], mask)):
                needs.append(
                    {
                        "kind": str(KIND_LABELS[kind]),
                        "label": training_label(kind, names[kind].get(level, level)),
                    }
                )
    nominations = list(
        session.scalars(
            select(TrainingNomination)
            .options(joinedload(TrainingNomination.course))
            .where(TrainingNomination.person_id == person.id)
            .order_by(TrainingNomination.nominated_at.desc())
        )
    )
    return {"holder": holder, "needs": needs, "nominations": nominations}
