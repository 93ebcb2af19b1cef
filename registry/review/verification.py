"""Per-field provenance: self-declared, entered by an officer, or imported; verified by whom, when."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.people.models import utcnow
from registry.review.models import FieldVerification


def mark_fields(session: Session, person_id: int, field_names, source: str, verifier) -> None:
    """Record that these fields now hold values from `source`, verified by `verifier` (a User)."""
    names = list(field_names)
    if not names:
        return
    existing = {row.field: row for row in session.scalars(
        select(FieldVerification).where(FieldVerification.person_id == person_id,
                                        FieldVerification.field.in_(names)))}
    now = utcnow()
    for name in names:
        row = existing.get(name) or FieldVerification(person_id=person_id, field=name)
        row.source = source
        row.verified_by_id = getattr(verifier, "id", None)
        row.verified_at = now
        session.add(row)
    session.flush()


def verification_map(session: Session, person_id: int) -> dict[str, FieldVerification]:
    return {row.field: row for row in session.scalars(
        select(FieldVerification).where(FieldVerification.person_id == person_id))}
