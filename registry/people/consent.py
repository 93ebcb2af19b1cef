"""Consent to processing and erasure of personal data (Nghị định 13/2023/NĐ-CP). Flush, never commit."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from registry.audit.models import AuditEntry, FieldVerification
from registry.audit.services import record
from registry.errors import ValidationError
from registry.people.models import Person, utcnow

NOTICE_VERSION = "2026-01"
ERASED_NAME = "Đã xóa"


def record_consent(
    session: Session, person: Person, actor, notice_version: str = NOTICE_VERSION
) -> None:
    if person.erased_at is not None:
        raise ValidationError({"": str(_l("Hồ sơ đã bị xóa dữ liệu cá nhân."))})
    person.consent_at = utcnow()
    person.consent_version = notice_version
    session.flush()
    record(
        session,
        actor=actor,
        action="person.consent",
        target_type="person",
        target_id=person.id,
        details={"notice_version": notice_version},
    )


def withdraw_consent(session: Session, person: Person, actor) -> None:
    person.consent_at = None
    person.consent_version = None
    session.flush()
    record(
        session,
        actor=actor,
        action="person.consent_withdrawn",
        target_type="person",
        target_id=person.id,
    )


def erase_person(session: Session, person: Person, actor, upload_dir: str | None = None) -> None:
    """Remove what identifies the person; keep what aggregate counts need.

    Kept: sex, birth year (the date becomes 1 July of that year), ethnicity, commune, organisation,
    sector, status, qualifications' levels and fields, policy-relevant flags. Removed: name,
    national ID, phone, e-mail, address, hometown, party membership, exact birth date, languages'
    and achievements' details stay (they identify no one) but work-history organisation names go.
    Earlier audit entries about the person have their before/after values redacted."""
    if person.erased_at is not None:
        raise ValidationError({"": str(_l("Hồ sơ này đã được xóa dữ liệu cá nhân."))})
    person.full_name = f"{ERASED_NAME} #{person.id}"
    person.name_folded = f"da xoa {person.id}"
    person.name_sort_key = "99"
    for name in (
        "national_id",
        "phone",
        "email",
        "address",
        "hometown",
        "party_joined_on",
        "consent_at",
        "consent_version",
    ):
        setattr(person, name, None)
    person.party_member = False
    if person.birth_date:
        person.birth_date = date(person.birth_date.year, 7, 1)
    for job in person.work_history:
        job.organization_name = None
    person.erased_at = utcnow()
    from registry.contributions.overseas import forget_contact

    forget_contact(session, person.id)
    _drop_requests(session, person, upload_dir)
    _redact_audit(session, person.id)
    from registry.auth.models import User

    session.execute(
        update(User).where(User.person_id == person.id).values(is_enabled=False, person_id=None)
    )
    session.execute(
        FieldVerification.__table__.delete().where(FieldVerification.person_id == person.id)
    )
    session.flush()
    record(session, actor=actor, action="person.erase", target_type="person", target_id=person.id)


def _drop_requests(session: Session, person: Person, upload_dir: str | None) -> None:
    # review builds on people (its requests name a person), so people reaches review's requests
    # only here, when an erasure must remove them, rather than at import.
    from registry.review.evidence import evidence_file
    from registry.review.models import ChangeRequest

    for request in session.scalars(
        select(ChangeRequest).where(ChangeRequest.person_id == person.id)
    ):
        if upload_dir and request.evidence_path:
            path = evidence_file(upload_dir, request.evidence_path)
            if path:
                path.unlink()
        session.delete(request)


def _redact_audit(session: Session, person_id: int) -> None:
    entries = session.scalars(
        select(AuditEntry).where(
            AuditEntry.target_type == "person",
            AuditEntry.target_id == person_id,
            AuditEntry.details.is_not(None),
        )
    )
    for entry in entries:
        entry._redaction = True
        entry.details = {"redacted": True}
