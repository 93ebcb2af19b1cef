"""Contribution records: each kind is a table of its own, linked to people by role."""

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

from registry.extensions import db
from registry.people.models import utcnow

TASK_LEVELS = ("international", "national", "ministerial", "provincial", "district", "grassroots")
TASK_STATUSES = ("proposed", "in_progress", "accepted", "failed", "stopped")
TASK_RESULTS = ("excellent", "good", "pass", "fail")
TASK_ROLES = ("lead", "secretary", "member")
FUNDING_SOURCES = ("state", "province", "district", "enterprise", "foreign", "other")
EFFECT_LEVELS = ("grassroots", "district", "provincial", "national")
AWARD_KINDS = ("order", "medal", "emulation_title", "certificate", "prize", "other")
AWARD_LEVELS = ("international", "national", "ministerial", "provincial", "district", "grassroots")
PUBLICATION_KINDS = ("journal", "conference", "book", "chapter", "patent", "other")
COUNCIL_KINDS = ("advisory", "critique", "social_assessment", "acceptance", "forum")
COUNCIL_ROLES = ("chair", "reviewer", "member", "secretary")
SUPPORT_KINDS = ("one_off", "housing", "salary", "training", "other")
WILLINGNESS = ("ready", "possible", "not_now")
COOPERATION_KINDS = ("visit", "joint_task", "lecture", "advice", "other")


def _in(column: str, values: tuple[str, ...], nullable: bool = False) -> str:
    clause = f"{column} IN ({', '.join(repr(v) for v in values)})"
    return f"{column} IS NULL OR {clause}" if nullable else clause


class ResearchTask(db.Model):
    """A research task (đề tài, dự án, nhiệm vụ KH&CN) ordered or assigned by a body."""

    __tablename__ = "research_task"
    __table_args__ = (
        CheckConstraint(_in("level", TASK_LEVELS), name="level"),
        CheckConstraint(_in("status", TASK_STATUSES, True), name="status"),
        CheckConstraint(_in("result", TASK_RESULTS, True), name="result"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    title_folded: Mapped[str] = mapped_column(String(500), default="")
    level: Mapped[str] = mapped_column(String(15), index=True)
    ordering_body: Mapped[str | None] = mapped_column(String(255))
    field_code: Mapped[str | None] = mapped_column(ForeignKey("priority_field.code"), index=True)
    study_code: Mapped[str | None] = mapped_column(String(7))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    status: Mapped[str | None] = mapped_column(String(12), index=True)
    acceptance_date: Mapped[date | None] = mapped_column(Date)
    result: Mapped[str | None] = mapped_column(String(10))
    application: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    members: Mapped[list[TaskMember]] = relationship(
        cascade="all, delete-orphan", order_by="TaskMember.id", back_populates="task"
    )
    funding: Mapped[list[TaskFunding]] = relationship(
        cascade="all, delete-orphan", order_by="TaskFunding.id"
    )
    field = relationship("PriorityField")
    __mapper_args__ = {"version_id_col": version}


class TaskMember(db.Model):
    __tablename__ = "research_task_member"
    __table_args__ = (
        UniqueConstraint("task_id", "person_id"),
        CheckConstraint(_in("role", TASK_ROLES), name="role"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("research_task.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    task: Mapped[ResearchTask] = relationship(back_populates="members")
    person = relationship("Person")


class TaskFunding(db.Model):
    __tablename__ = "research_task_funding"
    __table_args__ = (
        CheckConstraint(_in("source", FUNDING_SOURCES), name="source"),
        CheckConstraint("amount >= 0", name="amount"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("research_task.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(12))
    amount: Mapped[int] = mapped_column(BigInteger)  # VND


class Initiative(db.Model):
    """An initiative or creative solution (sáng kiến, giải pháp) recognised by a decision."""

    __tablename__ = "initiative"
    __table_args__ = (CheckConstraint(_in("effect_level", EFFECT_LEVELS), name="effect_level"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    title_folded: Mapped[str] = mapped_column(String(500), default="")
    recognising_body: Mapped[str | None] = mapped_column(String(255))
    decision_number: Mapped[str | None] = mapped_column(String(60))
    decision_date: Mapped[date | None] = mapped_column(Date)
    effect_level: Mapped[str] = mapped_column(String(12), index=True)
    field_code: Mapped[str | None] = mapped_column(ForeignKey("priority_field.code"), index=True)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    authors: Mapped[list[InitiativeAuthor]] = relationship(
        cascade="all, delete-orphan", order_by="InitiativeAuthor.id", back_populates="initiative"
    )
    field = relationship("PriorityField")
    __mapper_args__ = {"version_id_col": version}


class InitiativeAuthor(db.Model):
    __tablename__ = "initiative_author"
    __table_args__ = (UniqueConstraint("initiative_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    initiative: Mapped[Initiative] = relationship(back_populates="authors")
    person = relationship("Person")


class Award(db.Model):
    """An award or honour (khen thưởng, danh hiệu, giải thưởng) of one person."""

    __tablename__ = "award"
    __table_args__ = (
        CheckConstraint(_in("kind", AWARD_KINDS), name="kind"),
        CheckConstraint(_in("level", AWARD_LEVELS), name="level"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500))
    title_folded: Mapped[str] = mapped_column(String(500), default="")
    level: Mapped[str] = mapped_column(String(15), index=True)
    decision_number: Mapped[str | None] = mapped_column(String(60))
    decision_date: Mapped[date | None] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    person = relationship("Person")


class Publication(db.Model):
    """A publication of one person: article, paper, book, chapter, patent."""

    __tablename__ = "publication"
    __table_args__ = (CheckConstraint(_in("kind", PUBLICATION_KINDS), name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(500))
    title_folded: Mapped[str] = mapped_column(String(500), default="")
    venue: Mapped[str | None] = mapped_column(String(255))
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    issn: Mapped[str | None] = mapped_column(String(9))
    isbn: Mapped[str | None] = mapped_column(String(17))
    doi: Mapped[str | None] = mapped_column(String(255))
    person = relationship("Person")
