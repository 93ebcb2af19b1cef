"""People, their qualifications, and the organisations they work for."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.extensions import db

SEXES = ("male", "female")
SECTORS = ("state_agency", "public_service", "enterprise", "armed_forces", "self_employed", "other")
STATUSES = ("active", "retired", "moved", "deceased")
ORG_KINDS = (
    "party",
    "state_agency",
    "peoples_committee",
    "mass_organization",
    "school",
    "health",
    "research",
    "enterprise",
    "armed_forces",
    "other",
)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Organization(db.Model):
    """An employer or unit; organisations form a tree (a scope may be a subtree)."""

    __tablename__ = "organization"
    __table_args__ = (CheckConstraint(_in("kind", ORG_KINDS), name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(30), default="other")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), index=True)
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("commune.code"), index=True)
    parent: Mapped[Organization | None] = relationship(remote_side=[id])


class Person(db.Model):
    """One intellectual's profile. `version` guards against lost updates."""

    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint(_in("sex", SEXES), name="sex"),
        CheckConstraint(_in("sector", SECTORS), name="sector"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        Index("ix_person_commune_status", "commune_code", "status"),
        # Facet counts over the whole registry read these indexes only (registry/search/queries.py).
        Index("ix_person_sex", "sex"),
        Index("ix_person_sector", "sector"),
        Index("ix_person_status", "status"),
        Index("ix_person_overseas", "is_overseas"),
        Index("ix_person_field_masks", "fields_by_study", "fields_by_declared"),
        Index("ix_person_birth_level", "birth_date", "highest_level_code"),
        # The gap dashboard's supply scan reads this index alone (registry/analytics/queries.py).
        Index(
            "ix_person_supply",
            "status",
            "commune_code",
            "legacy_commune_code",
            "highest_level_code",
            "fields_by_study",
            "fields_by_declared",
            "sex",
            "birth_date",
            "ethnicity_code",
            "sector",
            "is_overseas",
            "first_degree_year",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(120), index=True)
    name_sort_key: Mapped[str] = mapped_column(String(400), index=True)
    sex: Mapped[str] = mapped_column(String(6))
    birth_date: Mapped[date | None] = mapped_column(Date, index=True)
    ethnicity_code: Mapped[str | None] = mapped_column(ForeignKey("ethnic_group.code"), index=True)
    national_id: Mapped[str | None] = mapped_column(String(12), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("commune.code"))
    legacy_commune_code: Mapped[str | None] = mapped_column(
        ForeignKey("legacy_commune.code"), index=True
    )
    hometown: Mapped[str | None] = mapped_column(String(255))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), index=True)
    position: Mapped[str | None] = mapped_column(String(255))
    sector: Mapped[str] = mapped_column(String(20), default="other")
    is_overseas: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default="active")
    academic_title_code: Mapped[str | None] = mapped_column(ForeignKey("academic_title.code"))
    academic_title_year: Mapped[int | None] = mapped_column(Integer)
    political_theory_code: Mapped[str | None] = mapped_column(
        ForeignKey("political_theory_level.code")
    )
    state_management_code: Mapped[str | None] = mapped_column(
        ForeignKey("state_management_level.code")
    )
    it_skill_code: Mapped[str | None] = mapped_column(ForeignKey("it_skill_level.code"))
    party_member: Mapped[bool] = mapped_column(Boolean, default=False)
    party_joined_on: Mapped[date | None] = mapped_column(Date)
    is_foreign_national: Mapped[bool] = mapped_column(Boolean, default=False)
    address: Mapped[str | None] = mapped_column(String(255))
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    consent_version: Mapped[str | None] = mapped_column(String(40))
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Derived: bit n set when the person counts toward the priority field whose `bit` is n, by a
    # qualification's discipline matching a prefix, or by declared expertise (registry/people/fields.py).
    fields_by_study: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    fields_by_declared: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Derived with the masks: the year of the person's first degree with a field-of-study code.
    first_degree_year: Mapped[int | None] = mapped_column(Integer)
    # Derived from the qualifications by the service layer, never typed.
    highest_level_code: Mapped[str | None] = mapped_column(
        ForeignKey("qualification_level.code"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    organization: Mapped[Organization | None] = relationship()
    commune = relationship("Commune")
    legacy_commune = relationship("LegacyCommune")
    ethnicity = relationship("EthnicGroup")
    highest_level = relationship("QualificationLevel")
    qualifications: Mapped[list[Qualification]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Qualification.year"
    )
    languages: Mapped[list[PersonLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="PersonLanguage.id"
    )
    work_history: Mapped[list[WorkHistory]] = relationship(
        cascade="all, delete-orphan", order_by="WorkHistory.start_date"
    )
    expertise: Mapped[list[PersonExpertise]] = relationship(cascade="all, delete-orphan")
    academic_title = relationship("AcademicTitle")
    political_theory = relationship("PoliticalTheoryLevel")
    state_management = relationship("StateManagementLevel")
    it_skill = relationship("ItSkillLevel")

    __mapper_args__ = {"version_id_col": version}


class Qualification(db.Model):
    """A degree or certificate: level, 7-digit field-of-study code, major, institution, year."""

    __tablename__ = "qualification"
    __table_args__ = (
        CheckConstraint("year IS NULL OR (year >= 1900 AND year <= 2200)", name="year"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    level_code: Mapped[str] = mapped_column(ForeignKey("qualification_level.code"), index=True)
    field_code: Mapped[str | None] = mapped_column(String(7))
    # Last six digits of field_code, the same at every level; matched by priority-field prefixes.
    discipline: Mapped[str | None] = mapped_column(String(6), index=True)
    major_name: Mapped[str | None] = mapped_column(String(255))
    institution: Mapped[str | None] = mapped_column(String(255))
    country: Mapped[str | None] = mapped_column(String(2))
    year: Mapped[int | None] = mapped_column(Integer)

    person: Mapped[Person] = relationship(back_populates="qualifications")
    level = relationship("QualificationLevel")


class PersonExpertise(db.Model):
    """A priority field the person declares they work in (counts them toward it)."""

    __tablename__ = "person_expertise"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    field_code: Mapped[str] = mapped_column(
        ForeignKey("priority_field.code", ondelete="CASCADE"), primary_key=True, index=True
    )
    field = relationship("PriorityField")


class PersonLanguage(db.Model):
    """A foreign language on the 6-level framework (legacy A/B/C certificates are mapped on entry)."""

    __tablename__ = "person_language"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(2))  # ISO 639-1: en, fr, ru, zh, ja, ko, lo ...
    level_code: Mapped[str] = mapped_column(ForeignKey("language_level.code"), index=True)
    level = relationship("LanguageLevel")


class WorkHistory(db.Model):
    """A period of work: organisation (linked or named), position, from/to."""

    __tablename__ = "work_history"
    __table_args__ = (CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    organization_name: Mapped[str | None] = mapped_column(String(255))
    position: Mapped[str | None] = mapped_column(String(255))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    organization = relationship("Organization")
