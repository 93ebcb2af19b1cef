"""Counts of tasks, initiatives, awards and council seats by level, year, field and area; the
same scope and filters as the lists, so a count and its list always agree."""

from __future__ import annotations

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from registry.contributions.council_models import Council, CouncilMember
from registry.contributions.labels import label
from registry.contributions.models import (
    Award,
    Initiative,
    InitiativeAuthor,
    ResearchTask,
    TaskMember,
)
from registry.contributions.queries import ListFilters, level_labels, record_clauses
from registry.people.models import Person
from registry.reference.models import Commune, PriorityField

DIMENSIONS = ("level", "year", "field", "area")
COUNTED = ("research_task", "initiative", "award")
_PEOPLE = {
    "research_task": (TaskMember, TaskMember.task_id, ResearchTask),
    "initiative": (InitiativeAuthor, InitiativeAuthor.initiative_id, Initiative),
    "award": (Award, Award.id, Award),
}


def counts_by(session: Session, user, kind: str, dimension: str, filters=None) -> list[dict]:
    """[{"key", "label", "count"}] of the visible records of `kind` grouped by `dimension`.
    By area, a record counts once in each province of the people it names (a task led from one
    province with a member in another counts in both); by field, records with no field count
    under an empty key."""
    model = _PEOPLE[kind][2]
    clauses = record_clauses(session, user, kind, filters or ListFilters())
    if dimension == "area":
        link, link_col, _ = _PEOPLE[kind]
        key = Commune.province_code
        query = (
            select(key, func.count(func.distinct(link_col)))
            .select_from(link)
            .join(Person, Person.id == link.person_id)
            .join(Commune, Commune.code == Person.commune_code)
            .group_by(key)
        )
        if link is not model:
            query = query.join(model, model.id == link_col)
        query = query.where(*clauses)
    else:
        column = {
            "level": model.effect_level if kind == "initiative" else model.level,
            "year": model.year,
            "field": getattr(model, "field_code", None),
        }[dimension]
        if column is None:
            return []
        query = select(column, func.count()).where(*clauses).group_by(column)
    rows = session.execute(query).all()
    return [
        {"key": k, "label": _label(session, kind, dimension, k), "count": n}
        for k, n in sorted(rows, key=lambda r: (r[0] is None, str(r[0])))
    ]


def _label(session: Session, kind: str, dimension: str, key) -> str:
    if key in (None, ""):
        return "—"
    if dimension == "level":
        return str(level_labels(kind).get(key, key))
    if dimension == "field":
        row = session.get(PriorityField, key)
        return row.name_vi if row else key
    if dimension == "area":
        from registry.people.areas import area_name

        return area_name(session, key) or key
    return str(key)


def council_seats(session: Session, user, year: int | None = None) -> list[dict]:
    """Seats on councils by kind (and year), counting members the user may see."""
    from registry.auth.scope import visible_people

    query = (
        select(Council.kind, func.count())
        .join(CouncilMember, CouncilMember.council_id == Council.id)
        .join(Person, Person.id == CouncilMember.person_id)
        .where(visible_people(session, user))
        .group_by(Council.kind)
    )
    if year:
        query = query.where(extract("year", Council.start_date) == year)
    return [
        {"key": k, "label": label("council_kind", k), "count": n}
        for k, n in session.execute(query).all()
    ]


def all_counts(session: Session, user, filters_by_kind=None) -> dict:
    filters_by_kind = filters_by_kind or {}
    data = {
        kind: {
            dim: counts_by(session, user, kind, dim, filters_by_kind.get(kind))
            for dim in DIMENSIONS
        }
        for kind in COUNTED
    }
    data["council_seats"] = council_seats(session, user)
    return data
