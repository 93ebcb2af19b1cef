"""Snapshots ("chốt số liệu"): what the reports count, per person, frozen at a date.

A snapshot is written once and never edited; an administrator may delete one (audited). Its rows
keep codes, not references, so later edits to people or code lists never change an old report."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from registry.extensions import db
from registry.people.models import utcnow


class Snapshot(db.Model):
    """A named closing of the figures at a date, for the whole registry or one area."""

    __tablename__ = "snapshot"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    as_of: Mapped[date] = mapped_column(Date, index=True)
    # None: the whole registry; otherwise the province, former district or commune it covers.
    area_code: Mapped[str | None] = mapped_column(String(5))
    people: Mapped[int] = mapped_column(Integer, default=0)
    # The gap dashboard's target rows at the snapshot date (plain data, for the gaps table).
    gaps: Mapped[list | None] = mapped_column(JSON(none_as_null=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_by_name: Mapped[str | None] = mapped_column(String(80))


class SnapshotPerson(db.Model):
    """One person as the reports count them at the snapshot date."""

    __tablename__ = "snapshot_person"
    # SQLite keeps the rows clustered by (snapshot, person): a report reads one snapshot's range.
    __table_args__ = {"sqlite_with_rowid": False}
    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("snapshot.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(10))
    level: Mapped[str | None] = mapped_column(String(30))
    # Level-2 field of study (digits 2-3 of the major code) of the highest qualification.
    study_field: Mapped[str | None] = mapped_column(String(2))
    fields_by_study: Mapped[int] = mapped_column(Integer, default=0)
    fields_by_declared: Mapped[int] = mapped_column(Integer, default=0)
    sex: Mapped[str | None] = mapped_column(String(6))
    birth_date: Mapped[date | None] = mapped_column(Date)
    ethnicity_code: Mapped[str | None] = mapped_column(String(2))
    # The new commune (an old code rolled up through the conversion table when only that is known).
    commune_code: Mapped[str | None] = mapped_column(String(5))
    # The old commune code, kept only when the person had no new one (area filters match on it).
    legacy_commune_code: Mapped[str | None] = mapped_column(String(5))
    organization_id: Mapped[int | None] = mapped_column(Integer)
    sector: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str | None] = mapped_column(String(30))
    theory: Mapped[str | None] = mapped_column(String(30))
    management: Mapped[str | None] = mapped_column(String(30))
    language: Mapped[str | None] = mapped_column(String(30))  # highest level over languages
    it: Mapped[str | None] = mapped_column(String(30))
    position_id: Mapped[int | None] = mapped_column(Integer)
    compliant: Mapped[bool | None] = mapped_column(Boolean)
    # Bit i set when the person belongs to registry.people.policy.GROUPS[i] at the snapshot date.
    groups: Mapped[int] = mapped_column(SmallInteger, default=0)
    achievements: Mapped[int] = mapped_column(Integer, default=0)


class SnapshotAchievement(db.Model):
    """A research task, initiative, publication or award as it stood at the snapshot date."""

    __tablename__ = "snapshot_achievement"
    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("snapshot.id", ondelete="CASCADE"), primary_key=True
    )
    # The record's id within its kind; a task or initiative with several people counts for each.
    achievement_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    level: Mapped[str] = mapped_column(String(15))
    year: Mapped[int | None] = mapped_column(Integer)
