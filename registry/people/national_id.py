"""National ID (CCCD) duplicates without an oracle.

A duplicate the user may see (same scope, or the CLI and importer acting for the system) is
named plainly. One outside the user's scope is not confirmed: the profile is saved without the
number, which waits in the duplicates queue for an administrator or officer (audited). Each user
may cause only a few such reports a day; past that, every national ID they type is refused
whatever it is, so the refusal tells nothing. Individuals never get a duplicate answer: their ID
changes go through review, and the check runs as the reviewing officer.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from registry.extensions import db
from registry.people.models import Person, utcnow

# Reports of out-of-scope duplicates one user may cause in 24 hours.
MAX_REPORTS_PER_DAY = 5


class PossibleDuplicate(db.Model):
    __tablename__ = "possible_duplicate"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    national_id: Mapped[str] = mapped_column(String(12))
    reported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    resolution: Mapped[str | None] = mapped_column(Text)

    person = relationship("Person", foreign_keys=[person_id])
    holder = relationship("Person", foreign_keys=[holder_id])


def reports_today(session: Session, actor) -> int:
    since = utcnow() - timedelta(days=1)
    return session.scalar(
        select(func.count(PossibleDuplicate.id)).where(
            PossibleDuplicate.reported_by_id == actor.id, PossibleDuplicate.created_at >= since
        )
    )


def check_national_id_holder(
    session: Session, national_id: str, person_id: int | None, actor
) -> tuple[str | None, int | None]:
    """(error message or None, holder to report) for a national ID being set on a profile."""
    role = getattr(actor, "role", None)
    if role == "individual":
        return None, None  # checked when an officer reviews the request
    if role not in (None, "admin") and reports_today(session, actor) >= MAX_REPORTS_PER_DAY:
        return str(
            _l("Bạn đã nhập quá nhiều số CCCD cần kiểm tra trong hôm nay. Vui lòng thử lại sau.")
        ), None
    holder = session.scalar(select(Person.id).where(Person.national_id == national_id))
    if holder is None or holder == person_id:
        return None, None
    from registry.auth.scope import can_see_person

    if actor is None or can_see_person(session, actor, holder):
        return str(_l("Số CCCD này đã có trong hồ sơ khác.")), None
    return None, holder


def report_duplicate(session: Session, person: Person, national_id: str, holder_id: int, actor):
    from registry.audit.services import record

    entry = PossibleDuplicate(
        person_id=person.id,
        holder_id=holder_id,
        national_id=national_id,
        reported_by_id=getattr(actor, "id", None),
    )
    session.add(entry)
    session.flush()
    record(
        session,
        actor=actor,
        action="person.possible_duplicate",
        target_type="person",
        target_id=person.id,
        details={"holder_id": holder_id, "queue_id": entry.id},
    )
    return entry


def open_duplicates(session: Session, user) -> list[PossibleDuplicate]:
    from registry.auth.scope import visible_people

    return list(
        session.scalars(
            select(PossibleDuplicate)
            .join(Person, Person.id == PossibleDuplicate.person_id)
            .where(PossibleDuplicate.resolved_at.is_(None), visible_people(session, user))
            .order_by(PossibleDuplicate.created_at)
        )
    )


def resolve_duplicate(session: Session, entry: PossibleDuplicate, actor, note: str) -> None:
    from registry.audit.services import record

    entry.resolved_at, entry.resolved_by_id = utcnow(), actor.id
    entry.resolution = (note or "")[:2000] or None
    session.flush()
    record(
        session,
        actor=actor,
        action="person.possible_duplicate.resolve",
        target_type="person",
        target_id=entry.person_id,
        details={"queue_id": entry.id},
    )
