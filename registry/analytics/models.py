"""Plan targets (chỉ tiêu) and the statutory retirement-age schedule."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.extensions import db
from registry.people.models import utcnow
from registry.reference.models import RetirementAge  # noqa: F401 (reference data; imported from here)


class Target(db.Model):
    """How many people with at least `min_level` a priority field needs in an area by a year."""

    __tablename__ = "target"
    __table_args__ = (
        CheckConstraint("required > 0", name="required"),
        CheckConstraint(
            "quota_percent IS NULL OR (quota_percent > 0 AND quota_percent <= 100)", name="quota"
        ),
        CheckConstraint("(area_code IS NULL) <> (organization_id IS NULL)", name="one_area"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    field_code: Mapped[str] = mapped_column(
        ForeignKey("priority_field.code", ondelete="CASCADE"), index=True
    )
    area_code: Mapped[str | None] = mapped_column(String(5), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE")
    )
    min_level_code: Mapped[str] = mapped_column(ForeignKey("qualification_level.code"))
    required: Mapped[int] = mapped_column(Integer)
    target_year: Mapped[int] = mapped_column(Integer)
    source_document: Mapped[str | None] = mapped_column(String(255))
    quota_group: Mapped[str | None] = mapped_column(String(30))
    quota_percent: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    field = relationship("PriorityField")
    min_level = relationship("QualificationLevel")
    organization = relationship("Organization")
