"""Record audited actions and field provenance. Called by services; flushes with the caller's transaction."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.models import AuditEntry, FieldVerification, utcnow


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def record(
    session: Session,
    *,
    actor,
    action: str,
    target_type: str | None = None,
    target_id: int | None = None,
    details: dict | None = None,
    ip: str | None = None,
) -> AuditEntry:
    """Append one entry. `actor` is a User or None (the system, or an unknown login name)."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "username", None),
        action=action,
        target_type=target_type,
        target_id=target_id,
        details=_plain(details) if details else None,
        ip=ip,
    )
    session.add(entry)
    session.flush()
    return entry


def mark_fields(session: Session, person_id: int, field_names, source: str, verifier) -> None:
    """Record that these fields now hold values from `source`, verified by `verifier` (a User)."""
    names = list(field_names)
    if not names:
        return
    existing = {
        row.field: row
        for row in session.scalars(
            select(FieldVerification).where(
                FieldVerification.person_id == person_id, FieldVerification.field.in_(names)
            )
        )
    }
    now = utcnow()
    for name in names:
        row = existing.get(name) or FieldVerification(person_id=person_id, field=name)
        row.source = source
        row.verified_by_id = getattr(verifier, "id", None)
        row.verified_at = now
        session.add(row)
    session.flush()


def verification_map(session: Session, person_id: int) -> dict[str, FieldVerification]:
    return {
        row.field: row
        for row in session.scalars(
            select(FieldVerification).where(FieldVerification.person_id == person_id)
        )
    }
