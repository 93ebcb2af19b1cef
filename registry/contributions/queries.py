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
    case,
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
from registry.contributions.council_models import Council, CouncilMember, ForeignPartner
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
_LINKS = {
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
CONTRIBUTION_KINDS = tuple(_LINKS)


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
    model, link, link_col, *_ = _LINKS[kind]
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
    model, *_, level_name, status_name = _LINKS[kind]
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
    model = _LINKS[kind][0]
    return (
        select(model)
        .where(*record_clauses(session, user, kind, f))
        .order_by(model.year.desc().nulls_last(), model.id.desc())
    )


def person_ids_with_contribution(
    session: Session,
    kind: str,
    level: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    status: str | None = None,
) -> Select:
    """A SELECT of the ids of people named on a record of `kind` (research_task, initiative,
    award, publication, council) with the given level, year range and status (tasks only).
    For search filters and facets: `Person.id.in_(person_ids_with_contribution(...))`."""
    if kind not in _LINKS:
        raise ValueError(f"unknown contribution kind {kind!r}")
    model, link, link_col, level_name, status_name = _LINKS[kind]
    query = select(link.person_id)
    if link is not model:
        query = query.join(model, link_col == model.id)
    if level:
        query = query.where(getattr(model, level_name) == level)
    year = Council.start_date if kind == "council" else model.year
    if year_from is not None:
        query = query.where(
            func.extract("year", year) >= year_from if kind == "council" else year >= year_from
        )
    if year_to is not None:
        query = query.where(
            func.extract("year", year) <= year_to if kind == "council" else year <= year_to
        )
    if status and status_name:
        query = query.where(getattr(model, status_name) == status)
    return query.distinct()


def contribution_titles_for_people(session: Session, ids) -> dict[int, str]:
    """Folded titles of every task, initiative, award and publication naming each person: the
    words to add to the person's search document."""
    ids = list(ids)
    found: dict[int, list[str]] = {}
    queries = [
        select(TaskMember.person_id, ResearchTask.title_folded)
        .join(ResearchTask, ResearchTask.id == TaskMember.task_id)
        .where(among(session, TaskMember.person_id, ids)),
        select(InitiativeAuthor.person_id, Initiative.title_folded)
        .join(Initiative, Initiative.id == InitiativeAuthor.initiative_id)
        .where(among(session, InitiativeAuthor.person_id, ids)),
        select(Award.person_id, Award.title_folded).where(among(session, Award.person_id, ids)),
        select(Publication.person_id, Publication.title_folded).where(
            among(session, Publication.person_id, ids)
        ),
    ]
    for query in queries:
        for person_id, title in session.execute(query):
            found.setdefault(person_id, []).append(title)
    return {person_id: " ".join(titles) for person_id, titles in found.items()}


def foreign_clause() -> ColumnElement[bool]:
    """`group=foreign`: foreign nationals, by the profile flag or a recorded foreign nationality."""
    recorded = exists(
        select(1).where(
            ForeignPartner.person_id == Person.id,
            ForeignPartner.nationality_country.is_not(None),
            ForeignPartner.nationality_country != "VN",
        )
    )
    return or_(Person.is_foreign_national.is_(True), recorded)


def person_ids_in_country(session: Session, country: str) -> Select:
    """A SELECT of ids of people living in or holding the nationality of `country` (ISO alpha-2)."""
    code = (country or "").strip().upper()
    return select(ForeignPartner.person_id).where(
        or_(ForeignPartner.residence_country == code, ForeignPartner.nationality_country == code)
    )


def person_contributions(session: Session, person_id: int) -> dict:
    """Everything one person contributed, for the profile page."""
    tasks = session.execute(
        select(ResearchTask, TaskMember.role)
        .join(TaskMember, TaskMember.task_id == ResearchTask.id)
        .where(TaskMember.person_id == person_id)
        .order_by(ResearchTask.year.desc().nulls_last(), ResearchTask.id)
    ).all()
    initiatives = session.scalars(
        select(Initiative)
        .join(InitiativeAuthor, InitiativeAuthor.initiative_id == Initiative.id)
        .where(InitiativeAuthor.person_id == person_id)
        .order_by(Initiative.year.desc().nulls_last(), Initiative.id)
    ).all()
    councils = session.execute(
        select(Council, CouncilMember.role)
        .join(CouncilMember, CouncilMember.council_id == Council.id)
        .where(CouncilMember.person_id == person_id)
        .order_by(Council.start_date.desc())
    ).all()
    return {
        "tasks": tasks,
        "initiatives": initiatives,
        "awards": session.scalars(
            select(Award).where(Award.person_id == person_id).order_by(Award.year.desc())
        ).all(),
        "publications": session.scalars(
            select(Publication)
            .where(Publication.person_id == person_id)
            .order_by(Publication.year.desc())
        ).all(),
        "councils": councils,
        "partner": session.get(ForeignPartner, person_id),
    }


def level_labels(kind: str) -> dict:
    return LABELS["effect_level" if kind == "initiative" else "level"]


def record_for(session: Session, user, kind: str, record_id: int):
    """One record the user may see, else None (the view answers 404)."""
    model = _LINKS[kind][0]
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


ACHIEVEMENT_CAP = 4


def achievement_points(session: Session, ids) -> dict[int, tuple[int, str]]:
    """The shortlist's achievement part per person: 2 per research task led, 1 per task as
    secretary or member, 1 per recognised initiative, 1 per award at provincial level or above;
    at most ACHIEVEMENT_CAP. Answers {person_id: (points, reason)} for people with any."""
    ids = list(ids)
    if not ids:
        return {}
    lead = func.sum(case((TaskMember.role == "lead", 2), else_=1))
    tasks = session.execute(
        select(TaskMember.person_id, func.count(), lead)
        .where(among(session, TaskMember.person_id, ids))
        .group_by(TaskMember.person_id)
    ).all()
    initiatives = dict(
        session.execute(
            select(InitiativeAuthor.person_id, func.count())
            .where(among(session, InitiativeAuthor.person_id, ids))
            .group_by(InitiativeAuthor.person_id)
        ).all()
    )
    awards = dict(
        session.execute(
            select(Award.person_id, func.count())
            .where(
                among(session, Award.person_id, ids),
                Award.level.in_(("international", "national", "ministerial", "provincial")),
            )
            .group_by(Award.person_id)
        ).all()
    )
    task_counts = {person_id: (n, points) for person_id, n, points in tasks}
    reason = str(_l("%(t)d đề tài, %(i)d sáng kiến, %(a)d giải thưởng"))  # translated once
    result = {}
    for person_id in set(task_counts) | set(initiatives) | set(awards):
        t, task_points = task_counts.get(person_id, (0, 0))
        i, a = initiatives.get(person_id, 0), awards.get(person_id, 0)
        points = min(int(task_points) + i + a, ACHIEVEMENT_CAP)
        result[person_id] = (points, reason % {"t": t, "i": i, "a": a})
    return result


def touched_people(obj) -> list[int]:
    """The people whose search text changes when `obj` (a contribution row in a flush) changes:
    for the search index's after-flush hook. Empty for other objects."""
    if isinstance(obj, TaskMember | InitiativeAuthor | Award | Publication):
        return [obj.person_id] if obj.person_id is not None else []
    if isinstance(obj, ResearchTask):
        return [m.person_id for m in obj.members if m.person_id is not None]
    if isinstance(obj, Initiative):
        return [a.person_id for a in obj.authors if a.person_id is not None]
    return []


def people_named(session: Session, user, words: str, limit: int = 20) -> list:
    """Active people the user may see whose folded name contains `words`: to pick council members."""
    folded = fold(words)
    if not folded:
        return []
    return list(
        session.scalars(
            select(Person)
            .where(
                visible_people(session, user),
                Person.erased_at.is_(None),
                Person.name_folded.contains(folded),
            )
            .order_by(Person.name_sort_key)
            .limit(limit)
        )
    )
