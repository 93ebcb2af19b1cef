"""Reads per person: who has a contribution (search filters and facets), the titles to add to a
person's search text, the `group=foreign` clause and country filter, a profile's records, the
shortlist's achievement part, and people to pick for a council. Public: the search engineer's
declarations call `person_ids_with_contribution`, `contribution_titles_for_people`,
`touched_people`, `foreign_clause` and `person_ids_in_country`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, case, exists, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from registry.auth.scope import visible_people
from registry.contributions.council_models import Council, CouncilMember, ForeignPartner
from registry.contributions.labels import LABELS
from registry.contributions.models import (
    AWARD_LEVELS,
    EFFECT_LEVELS,
    TASK_LEVELS,
    Award,
    Initiative,
    InitiativeAuthor,
    Publication,
    ResearchTask,
    TaskMember,
)
from registry.contributions.queries import LINKS, among
from registry.people.models import Person
from registry.text import fold


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
    if kind not in LINKS:
        raise ValueError(f"unknown contribution kind {kind!r}")
    model, link, link_col, level_name, status_name = LINKS[kind]
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


# The kinds contribution_rows() gives, each with its levels in the order reports list them.
CONTRIBUTION_LEVELS = {
    "research_task": TASK_LEVELS,
    "initiative": tuple(reversed(EFFECT_LEVELS)),
    "award": AWARD_LEVELS,
    "publication": ("",),
}


def contribution_rows():
    """(record_id, person_id, kind, level, year) for each person's research tasks, initiatives,
    awards and publications: one row per person and record (a task with three members gives three).
    Kinds are those of LABELS["contribution"]; levels those of LABELS["level"] (an initiative's
    level of effect uses the same codes; publications have none: "")."""
    return union_all(
        select(
            ResearchTask.id, TaskMember.person_id, literal("research_task"), ResearchTask.level,
            ResearchTask.year,
        ).join(TaskMember, TaskMember.task_id == ResearchTask.id),
        select(
            Initiative.id, InitiativeAuthor.person_id, literal("initiative"),
            Initiative.effect_level, Initiative.year,
        ).join(InitiativeAuthor, InitiativeAuthor.initiative_id == Initiative.id),
        select(Award.id, Award.person_id, literal("award"), Award.level, Award.year),
        select(
            Publication.id, Publication.person_id, literal("publication"), literal(""),
            Publication.year,
        ),
    ).subquery("contribution_rows")  # fmt: skip


def contribution_list(session: Session, person_id: int) -> list[tuple[str, str, str, object]]:
    """(kind, title, level, year) in words, for documents such as the printable CV."""
    found = person_contributions(session, person_id)
    kinds, levels = LABELS["contribution"], LABELS["level"]
    rows = [
        (kinds["research_task"], t.title, levels.get(t.level, ""), t.year)
        for t, _ in found["tasks"]
    ]
    rows += [
        (kinds["initiative"], i.title, LABELS["effect_level"].get(i.effect_level, ""), i.year)
        for i in found["initiatives"]
    ]
    rows += [(kinds["award"], a.title, levels.get(a.level, ""), a.year) for a in found["awards"]]
    rows += [(kinds["publication"], p.title, "", p.year) for p in found["publications"]]
    return [(str(k), title, str(level), year or "") for k, title, level, year in rows]


# The search filter "has a contribution": `kind[:level[:status[:from-to]]]`, e.g.
# `research_task:provincial:accepted:2021-2025`, `initiative`, `award:national`, `council::2024-`.
# Each level is that kind's own list (an initiative's level of effect, a council's kind).
FILTER_LEVELS = {
    "research_task": "level",
    "initiative": "effect_level",
    "award": "level",
    "publication": "publication_kind",
    "council": "council_kind",
}


def parse_contribution_filter(raw: str) -> tuple | None:
    """(kind, level, year_from, year_to, status) from the filter's value, or None if invalid."""
    parts = (raw.split(":") + ["", "", ""])[:4] if raw.count(":") <= 3 else None
    if not parts or parts[0] not in FILTER_LEVELS:
        return None
    kind, level, status, years = parts
    if level and level not in LABELS[FILTER_LEVELS[kind]]:
        return None
    if status and (kind != "research_task" or status not in LABELS["status"]):
        return None
    low, _, high = years.partition("-")
    if any(y and not (y.isascii() and y.isdigit() and 1900 <= int(y) <= 2100) for y in (low, high)):
        return None
    return (
        kind,
        level or None,
        int(low) if low else None,
        int(high) if high else None,
        status or None,
    )


def contribution_filter_label(raw: str) -> str:
    """The filter's value in words ("Đề tài, dự án... — Cấp tỉnh — Đã nghiệm thu — 2021-2025")."""
    parsed = parse_contribution_filter(raw)
    if parsed is None:
        return raw
    kind, level, low, high, status = parsed
    words = [str(LABELS["contribution"][kind])]
    if level:
        words.append(str(LABELS[FILTER_LEVELS[kind]][level]))
    if status:
        words.append(str(LABELS["status"][status]))
    if low or high:
        words.append(f"{low or ''}-{high or ''}")
    return " — ".join(words)
