"""Record audited actions. Called by services and views; flushes with the caller's transaction."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from registry.review.models import AuditEntry


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def record(session: Session, *, actor, action: str, target_type: str | None = None,
           target_id: int | None = None, details: dict | None = None, ip: str | None = None) -> AuditEntry:
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
