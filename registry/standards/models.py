"""Job positions and their standards (with history), milestones, training courses and nominations.

The tables `job_position` and `position_holder` keep their names from when they lived in analytics."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.extensions import db
from registry.people.models import Person, PersonLanguage, Qualification, utcnow

TRAINING_KINDS = ("degree", "political_theory", "state_management", "language", "it")
NOMINATION_STATES = ("nominated", "completed", "dropped")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class JobPosition(db.Model):
    """A job position (vị trí việc làm) and its current standard (what a holder must have).

    The standard's columns mirror the latest `PositionRequirement` in force; the history of
    earlier standards lives in that table."""

    __tablename__ = "job_position"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    field_prefixes: Mapped[str | None] = mapped_column(String(255))  # "72;14"
    min_level_code: Mapped[str | None] = mapped_column(ForeignKey("qualification_level.code"))
    min_theory_code: Mapped[str | None] = mapped_column(ForeignKey("political_theory_level.code"))
    min_management_code: Mapped[str | None] = mapped_column(
        ForeignKey("state_management_level.code")
    )
    min_language_code: Mapped[str | None] = mapped_column(ForeignKey("language_level.code"))
    min_it_code: Mapped[str | None] = mapped_column(ForeignKey("it_skill_level.code"))
    target_year: Mapped[int] = mapped_column(Integer, default=2030)


class PositionRequirement(db.Model):
    """One version of a position's standard, in force from `valid_from` until the next one."""

    __tablename__ = "position_requirement"
    __table_args__ = (
        UniqueConstraint("position_id", "valid_from", name="uq_position_requirement_day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(
        ForeignKey("job_position.id", ondelete="CASCADE"), index=True
    )
    valid_from: Mapped[date] = mapped_column(Date)
    field_prefixes: Mapped[str | None] = mapped_column(String(255))
    min_level_code: Mapped[str | None] = mapped_column(ForeignKey("qualification_level.code"))
    min_theory_code: Mapped[str | None] = mapped_column(ForeignKey("political_theory_level.code"))
    min_management_code: Mapped[str | None] = mapped_column(
        ForeignKey("state_management_level.code")
    )
    min_language_code: Mapped[str | None] = mapped_column(ForeignKey("language_level.code"))
    min_it_code: Mapped[str | None] = mapped_column(ForeignKey("it_skill_level.code"))
    source_document: Mapped[str | None] = mapped_column(String(255))
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PositionHolder(db.Model):
    """Who holds which job position (one position per person)."""

    __tablename__ = "position_holder"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    position_id: Mapped[int] = mapped_column(
        ForeignKey("job_position.id", ondelete="CASCADE"), index=True
    )
    person = relationship("Person")
    position = relationship("JobPosition")


class Milestone(db.Model):
    """The share of public staff meeting their standard that an area or organisation aims at by a year."""

    __tablename__ = "standard_milestone"
    __table_args__ = (
        CheckConstraint("target_rate >= 0 AND target_rate <= 100", name="rate"),
        CheckConstraint("(area_code IS NULL) <> (organization_id IS NULL)", name="one_area"),
        UniqueConstraint(
            "year", "area_code", "organization_id", name="uq_standard_milestone_year_area"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    target_rate: Mapped[float] = mapped_column(Numeric(5, 1))
    area_code: Mapped[str | None] = mapped_column(String(5), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE")
    )
    source_document: Mapped[str | None] = mapped_column(String(255))
    organization = relationship("Organization")


class TrainingCourse(db.Model):
    """A training or fostering course (đào tạo, bồi dưỡng) that brings people to a level."""

    __tablename__ = "training_course"
    __table_args__ = (
        CheckConstraint(_in("kind", TRAINING_KINDS), name="kind"),
        CheckConstraint("seats > 0", name="seats"),
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date", "dates"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20))
    level_code: Mapped[str] = mapped_column(String(30))
    language: Mapped[str | None] = mapped_column(String(2))  # language courses: ISO 639-1
    field_code: Mapped[str | None] = mapped_column(String(7))  # degree courses: the major
    provider: Mapped[str | None] = mapped_column(String(255))
    location: Mapped[str | None] = mapped_column(String(255))
    year: Mapped[int] = mapped_column(Integer, index=True)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    seats: Mapped[int] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    nominations: Mapped[list[TrainingNomination]] = relationship(
        back_populates="course", cascade="all, delete-orphan"
    )


class TrainingNomination(db.Model):
    """A person sent to a course, and the result: completed (certificate) or dropped out."""

    __tablename__ = "training_nomination"
    __table_args__ = (
        UniqueConstraint("course_id", "person_id", name="uq_training_nomination_course_person"),
        CheckConstraint(_in("state", NOMINATION_STATES), name="state"),
        CheckConstraint("state <> 'completed' OR completed_on IS NOT NULL", name="completed_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("training_course.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(10), default="nominated")
    certificate_no: Mapped[str | None] = mapped_column(String(60))
    completed_on: Mapped[date | None] = mapped_column(Date)
    nominated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    nominated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    result_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    course: Mapped[TrainingCourse] = relationship(back_populates="nominations")
    person = relationship("Person")


# The compliance scan reads these indexes alone: people by status with the levels a standard
# checks, and each holder's best language and disciplines (registry/standards/compliance.py).
Index(
    "ix_person_standards",
    Person.status,
    Person.sector,
    Person.organization_id,
    Person.commune_code,
    Person.legacy_commune_code,
    Person.highest_level_code,
    Person.political_theory_code,
    Person.state_management_code,
    Person.it_skill_code,
)
Index("ix_person_language_person_level", PersonLanguage.person_id, PersonLanguage.level_code)
Index("ix_qualification_person_discipline", Qualification.person_id, Qualification.discipline)
