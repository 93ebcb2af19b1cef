"""Reads for review and audit: the queue an officer may decide, a person's requests, the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from registry.audit.models import AuditEntry
from registry.auth.scope import visible_people
from registry.people.models import Person
from registry.review.models import ChangeRequest


def review_queue(session: Session, user, state: str = "pending") -> Select:
    """Change requests about people the user may see, oldest first."""
    return (
        select(ChangeRequest)
        .join(Person, Person.id == ChangeRequest.person_id)
        .where(ChangeRequest.state == state, visible_people(session, user))
        .order_by(ChangeRequest.submitted_at, ChangeRequest.id)
    )


def pending_count(session: Session, user) -> int:
    """How many requests wait for a decision among the people the user may see."""
    return session.scalar(
        select(func.count(ChangeRequest.id))
        .join(Person, Person.id == ChangeRequest.person_id)
        .where(ChangeRequest.state == "pending", visible_people(session, user))
    )


def visible_request(session: Session, user, request_id: int) -> ChangeRequest | None:
    return session.scalar(
        select(ChangeRequest)
        .join(Person, Person.id == ChangeRequest.person_id)
        .where(ChangeRequest.id == request_id, visible_people(session, user))
    )


def requests_of_person(session: Session, person_id: int) -> list[ChangeRequest]:
    return list(
        session.scalars(
            select(ChangeRequest)
            .where(ChangeRequest.person_id == person_id)
            .order_by(ChangeRequest.submitted_at.desc(), ChangeRequest.id.desc())
        )
    )


def updates_of_person(session: Session, person_id: int, since_version: int) -> list[dict]:
    """Field changes saved after `since_version`: what a second editor would overwrite."""
    entries = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.action == "person.update",
            AuditEntry.target_type == "person",
            AuditEntry.target_id == person_id,
        )
        .order_by(AuditEntry.id)
    )
    found = []
    for entry in entries:
        details = entry.details or {}
        if (details.get("version") or 0) <= since_version:
            continue
        for field, (old, new) in (details.get("changes") or {}).items():
            found.append(
                {"field": field, "old": old, "new": new, "by": entry.actor_name, "at": entry.at}
            )
    return found


@dataclass
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    target_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def audit_entries(criteria: AuditFilter) -> Select:
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if criteria.actor:
        query = query.where(AuditEntry.actor_name == criteria.actor.strip().lower())
    if criteria.action:
        query = query.where(AuditEntry.action.startswith(criteria.action.strip()))
    if criteria.target_id is not None:
        query = query.where(
            AuditEntry.target_type == "person", AuditEntry.target_id == criteria.target_id
        )
    if criteria.date_from:
        query = query.where(AuditEntry.at >= datetime.combine(criteria.date_from, time.min))
    if criteria.date_to:
        query = query.where(AuditEntry.at <= datetime.combine(criteria.date_to, time.max))
    return query
