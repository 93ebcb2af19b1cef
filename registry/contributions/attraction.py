"""Attraction and retention: cases under the locality's policy, their support, and how many stayed.
Writes flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.services import record
from registry.contributions import inputs
from registry.contributions.council_models import AttractionCase, AttractionSupport
from registry.contributions.services import clear_children, people_of
from registry.people.areas import person_in_area
from registry.people.models import Person
from registry.people.policy import years_before

MILESTONES = (1, 3, 5)


def save_case(session: Session, data: dict, actor, case=None, today: date | None = None):
    person = people_of(session, [data.get("person_id")], "person_id", actor)[0][0]
    values = {
        "person_id": person.id,
        "decision_number": inputs.text(data, "decision_number", 60, required=True),
        "decision_date": inputs.day(data, "decision_date", required=True, past=True, today=today),
        "field_code": inputs.priority_field(session, data),
        "position": inputs.text(data, "position"),
        "commitment_years": inputs.integer(data, "commitment_years", 0, 50) or 0,
    }
    supports = [
        (inputs.choice(row, "kind", "support"), inputs.money(row.get("amount"), "supports"))
        for row in data.get("supports") or ()
    ]
    before = bool(case)
    if case is None:
        case = AttractionCase()
        session.add(case)
    for name, value in values.items():
        setattr(case, name, value)
    clear_children(session, case, "supports")
    case.supports = [AttractionSupport(kind=k, amount=a) for k, a in supports]
    session.flush()
    record(
        session,
        actor=actor,
        action=f"attraction.{'update' if before else 'create'}",
        target_type="attraction_case",
        target_id=case.id,
        details={**values, "supports": supports},
    )
    return case


@dataclass
class Follow:
    case: AttractionCase
    now: str  # staying / moved / left
    milestones: dict  # years -> state, or None when not reached yet


def stay_state(session: Session, person: Person, home: str) -> str:
    if person.status == "moved":
        return "moved"
    if person.status != "active":
        return "left"
    here = session.scalar(
        select(Person.id).where(Person.id == person.id, person_in_area(home, session))
    )
    return "staying" if here else "moved"


def follow_up(session: Session, cases, today: date | None = None) -> list[Follow]:
    """Where each attracted person is now, and at the 1, 3, 5-year marks they have reached
    (read from the person's current status: the registry keeps no status history)."""
    today = today or date.today()
    home = current_app.config["HOME_PROVINCE"]
    rows = []
    for case in cases:
        now = stay_state(session, case.person, home)
        marks = {
            years: (now if case.decision_date <= years_before(today, years) else None)
            for years in MILESTONES
        }
        rows.append(Follow(case, now, marks))
    return rows


def short_fields(session: Session, user, area: str) -> set[str]:
    """The priority fields the gap dashboard shows as short (supply below target) in `area`."""
    from registry.analytics.dashboard import dashboard

    return {row["field"] for row in dashboard(session, user, area)["fields"] if row["gap"] > 0}


def summary(session: Session, follows: list[Follow], short: set[str], since: int | None) -> dict:
    """Counts by field and year, "into short fields" vs elsewhere, and retention at each mark."""
    chosen = [f for f in follows if since is None or f.case.decision_date.year >= since]
    by_field: dict[str, int] = {}
    by_year: dict[int, int] = {}
    for follow in chosen:
        by_field[follow.case.field_code or ""] = by_field.get(follow.case.field_code or "", 0) + 1
        by_year[follow.case.decision_date.year] = by_year.get(follow.case.decision_date.year, 0) + 1
    into_short = [f for f in chosen if f.case.field_code in short]
    retention = {}
    for years in MILESTONES:
        reached = [f for f in chosen if f.milestones[years] is not None]
        stayed = sum(1 for f in reached if f.milestones[years] == "staying")
        retention[years] = {
            "reached": len(reached),
            "staying": stayed,
            "rate": round(100 * stayed / len(reached), 1) if reached else None,
        }
    return {
        "total": len(chosen),
        "into_short_fields": len(into_short),
        "staying_in_short_fields": sum(1 for f in into_short if f.now == "staying"),
        "elsewhere": len(chosen) - len(into_short),
        "staying_now": sum(1 for f in chosen if f.now == "staying"),
        "by_field": dict(sorted(by_field.items())),
        "by_year": dict(sorted(by_year.items())),
        "retention": retention,
    }


def visible_cases(session: Session, user):
    from registry.auth.scope import visible_people

    return session.scalars(
        select(AttractionCase)
        .join(Person, Person.id == AttractionCase.person_id)
        .where(visible_people(session, user))
        .order_by(AttractionCase.decision_date.desc())
    ).all()
