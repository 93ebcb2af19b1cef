"""Reads of contribution records: scope, list filters, counts, and the public functions search
uses (people with a contribution, the titles to add to their search text). Every query applies
`visible_people` through the people a record names."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Select,
    any_,
    bindparam,
    exists,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from registry.auth.scope import visible_people
from registry.contributions import inputs
from registry.contributions.council_models import Council, CouncilMember
from registry.contributions.labels import LABELS
from registry.contributions.models import (
    Award,
    Initiative,
    InitiativeAuthor,
    Publication,
    ResearchTask,
    TaskMember,
)
from registry.errors import ValidationError
from registry.people.areas import person_in_area
from registry.people.models import Person
from registry.text import fold

# kind -> (record, link table with person_id, link column to the record, level column, status)
LINKS = {
    "research_task": (ResearchTask, TaskMember, TaskMember.task_id, "level", "status"),
    "initiative": (
        Initiative,
        InitiativeAuthor,
        InitiativeAuthor.initiative_id,
        "effect_level",
        None,
    ),
    "award": (Award, Award, Award.id, "level", None),
    "publication": (Publication, Publication, Publication.id, "kind", None),
    "council": (Council, CouncilMember, CouncilMember.council_id, "kind", None),
}
CONTRIBUTION_KINDS = tuple(LINKS)


def among(session: Session, column, ids) -> ColumnElement[bool]:
    """`column IN ids` sent as ONE parameter (a PostgreSQL array, a JSON list on SQLite): a list of
    thousands of ids costs the client more to bind than the database to match."""
    ids = [int(i) for i in ids]
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, ids, type_=ARRAY(Integer)))
    values = select(literal_column("value")).select_from(func.json_each(json.dumps(ids)))
    return column.in_(values)


def _people_clause(kind: str, person_clause) -> ColumnElement[bool]:
    """Records naming at least one person matching `person_clause`, as an IN over the link table
    (one pass over the people, rather than a correlated lookup per record)."""
    model, link, link_col, *_ = LINKS[kind]
    if link is model:
        return model.person_id.in_(select(Person.id).where(person_clause))
    return model.id.in_(
        select(link_col).join(Person, Person.id == link.person_id).where(person_clause)
    )


def visible_records(session: Session, user, kind: str) -> ColumnElement[bool]:
    """Records naming at least one person the user may see (councils without members too)."""
    if getattr(user, "role", None) == "admin" and user.is_authenticated:
        return true()
    clause = _people_clause(kind, visible_people(session, user))
    if kind == "council":
        return or_(clause, ~exists(select(1).where(CouncilMember.council_id == Council.id)))
    return clause


@dataclass
class ListFilters:
    q: str = ""
    level: str = ""
    status: str = ""
    field: str = ""
    year_from: int | None = None
    year_to: int | None = None
    body: str = ""
    area: str = ""
    led: bool = False  # tasks: the chủ nhiệm is in the area (or, without an area, in scope)
    errors: dict = dataclasses.field(default_factory=dict)

    def args(self) -> dict:
        names = ("q", "level", "status", "field", "year_from", "year_to", "body", "area")
        found = {n: getattr(self, n) for n in names if getattr(self, n) not in (None, "")}
        return {**found, "led": 1} if self.led else found


def read_filters(args, kind: str) -> ListFilters:
    """Filters from query arguments; a bad value is dropped and reported, never a 500."""
    found = ListFilters()
    level_labels = "effect_level" if kind == "initiative" else "level"
    checks = {
        "level": lambda v: inputs.choice({"level": v}, "level", level_labels),
        "status": lambda v: inputs.choice({"status": v}, "status", "status"),
        "year_from": lambda v: inputs.integer({"year_from": v}, "year_from", 1900, 2200),
        "year_to": lambda v: inputs.integer({"year_to": v}, "year_to", 1900, 2200),
    }
    for name in ("q", "field", "body", "area"):
        setattr(found, name, str(args.get(name) or "").strip()[:200])
    found.led = kind == "research_task" and str(args.get("led") or "") in ("1", "on", "true")
    for name, check in checks.items():
        raw = str(args.get(name) or "").strip()
        if raw:
            try:
                setattr(found, name, check(raw))
            except ValidationError as error:
                found.errors.update(error.errors)
    if found.area and not (found.area.isdigit() and len(found.area) in (2, 3, 5)):
        found.errors["area"] = str(_l("Mã địa bàn gồm 2, 3 hoặc 5 chữ số."))
        found.area = ""
    return found


def _led_by(session, user, area: str) -> ColumnElement[bool]:
    """Tasks whose chủ nhiệm is in `area` (or, without one, one the user may see)."""
    people = person_in_area(area, session) if area else visible_people(session, user)
    return exists(
        select(1)
        .select_from(TaskMember)
        .join(Person, Person.id == TaskMember.person_id)
        .where(TaskMember.task_id == ResearchTask.id, TaskMember.role == "lead", people)
    )


def _record_filters(session, kind: str, f: ListFilters, user=None) -> list:
    model, *_, level_name, status_name = LINKS[kind]
    clauses = []
    if f.q:
        clauses.append(model.title_folded.contains(fold(f.q)))
    if f.level:
        clauses.append(getattr(model, level_name) == f.level)
    if f.status and status_name:
        clauses.append(getattr(model, status_name) == f.status)
    if f.field and hasattr(model, "field_code"):
        clauses.append(model.field_code == f.field)
    if f.year_from is not None:
        clauses.append(model.year >= f.year_from)
    if f.year_to is not None:
        clauses.append(model.year <= f.year_to)
    if f.body:
        body = (
            ResearchTask.ordering_body if kind == "research_task" else Initiative.recognising_body
        )
        clauses.append(func.lower(body).contains(f.body.lower()))
    if f.led and kind == "research_task":
        clauses.append(_led_by(session, user, f.area))
    elif f.area:
        clauses.append(_people_clause(kind, person_in_area(f.area, session)))
    return clauses


def record_clauses(session: Session, user, kind: str, f: ListFilters) -> list:
    """The WHERE clauses of a list: scope plus filters (counts use the same ones)."""
    return [visible_records(session, user, kind), *_record_filters(session, kind, f, user)]


def list_records(session: Session, user, kind: str, f: ListFilters) -> Select:
    model = LINKS[kind][0]
    return (
        select(model)
        .where(*record_clauses(session, user, kind, f))
        .order_by(model.year.desc().nulls_last(), model.id.desc())
    )


def level_labels(kind: str) -> dict:
    return LABELS["effect_level" if kind == "initiative" else "level"]


def record_for(session: Session, user, kind: str, record_id: int):
    """One record the user may see, else None (the view answers 404)."""
    model = LINKS[kind][0]
    return session.scalar(
        select(model).where(model.id == record_id, visible_records(session, user, kind))
    )


def visible_ids(session: Session, user, person_ids) -> set[int]:
    """Which of these people the user may see (names of the others are not shown)."""
    ids = set(person_ids)
    if not ids:
        return set()
    return set(
        session.scalars(select(Person.id).where(Person.id.in_(ids), visible_people(session, user)))
    )
