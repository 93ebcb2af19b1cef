"""Councils and forums, attraction cases, overseas and foreign partners and the cooperation log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.contributions.models import (
    COOPERATION_KINDS,
    COUNCIL_KINDS,
    COUNCIL_ROLES,
    SUPPORT_KINDS,
    TASK_RESULTS,
    WILLINGNESS,
    _in,
)
from registry.extensions import db
from registry.people.models import utcnow


class Council(db.Model):
    """An advisory, critique, social-assessment or acceptance council, or a forum/seminar."""

    __tablename__ = "council"
    __table_args__ = (
        CheckConstraint(_in("kind", COUNCIL_KINDS), name="kind"),
        CheckConstraint(_in("result", TASK_RESULTS, True), name="result"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    topic: Mapped[str] = mapped_column(String(500))
    field_code: Mapped[str | None] = mapped_column(ForeignKey("priority_field.code"))
    organiser: Mapped[str | None] = mapped_column(String(255))
    decision_number: Mapped[str | None] = mapped_column(String(60))
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("research_task.id", ondelete="SET NULL"), index=True
    )
    recommendations: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    members: Mapped[list[CouncilMember]] = relationship(
        cascade="all, delete-orphan", order_by="CouncilMember.id", back_populates="council"
    )
    task = relationship("ResearchTask")
    field = relationship("PriorityField")


class CouncilMember(db.Model):
    __tablename__ = "council_member"
    __table_args__ = (
        UniqueConstraint("council_id", "person_id"),
        CheckConstraint(_in("role", COUNCIL_ROLES), name="role"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    council: Mapped[Council] = relationship(back_populates="members")
    person = relationship("Person")


class AttractionCase(db.Model):
    """A person attracted under the locality's policy, with the support they received."""

    __tablename__ = "attraction_case"
    __table_args__ = (CheckConstraint("commitment_years >= 0", name="commitment"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    decision_number: Mapped[str] = mapped_column(String(60))
    decision_date: Mapped[date] = mapped_column(Date, index=True)
    field_code: Mapped[str | None] = mapped_column(ForeignKey("priority_field.code"), index=True)
    position: Mapped[str | None] = mapped_column(String(255))
    commitment_years: Mapped[int] = mapped_column(Integer, default=0)
    supports: Mapped[list[AttractionSupport]] = relationship(
        cascade="all, delete-orphan", order_by="AttractionSupport.id"
    )
    person = relationship("Person")
    field = relationship("PriorityField")


class AttractionSupport(db.Model):
    __tablename__ = "attraction_support"
    __table_args__ = (
        CheckConstraint(_in("kind", SUPPORT_KINDS), name="kind"),
        CheckConstraint("amount >= 0", name="amount"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("attraction_case.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int] = mapped_column(BigInteger)  # VND


class ForeignPartner(db.Model):
    """What the locality keeps about an overseas Vietnamese or foreign intellectual."""

    __tablename__ = "foreign_partner"
    __table_args__ = (CheckConstraint(_in("willingness", WILLINGNESS), name="willingness"),)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    residence_country: Mapped[str] = mapped_column(String(2), index=True)
    nationality_country: Mapped[str | None] = mapped_column(String(2), index=True)
    contact_channel: Mapped[str | None] = mapped_column(String(255))
    expertise: Mapped[str | None] = mapped_column(String(255))
    field_code: Mapped[str | None] = mapped_column(ForeignKey("priority_field.code"), index=True)
    willingness: Mapped[str] = mapped_column(String(10))
    person = relationship("Person")
    field = relationship("PriorityField")


class Cooperation(db.Model):
    """One entry of the cooperation log: a visit, joint task, lecture or advice."""

    __tablename__ = "cooperation"
    __table_args__ = (CheckConstraint(_in("kind", COOPERATION_KINDS), name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    day: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(String(1000))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("research_task.id", ondelete="SET NULL"))
    council_id: Mapped[int | None] = mapped_column(ForeignKey("council.id", ondelete="SET NULL"))
    person = relationship("Person")
    task = relationship("ResearchTask")
    council = relationship("Council")
