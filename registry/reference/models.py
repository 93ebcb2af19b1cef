"""Reference code lists. Codes are primary keys; names are exact NFC Vietnamese."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.extensions import db

REFERENCE = {"reference": True}


class Province(db.Model):
    """A province after the 2025 reorganisation."""

    __tablename__ = "province"
    __table_args__ = {"info": REFERENCE}
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    division_type: Mapped[str] = mapped_column(String(40))
    codename: Mapped[str] = mapped_column(String(60))


class Commune(db.Model):
    """A commune, ward or special zone after 2025 (the level below the province)."""

    __tablename__ = "commune"
    __table_args__ = {"info": REFERENCE}
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    division_type: Mapped[str] = mapped_column(String(40))
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"), index=True)
    province: Mapped[Province] = relationship(lazy="joined")


class LegacyProvince(db.Model):
    __tablename__ = "legacy_province"
    __table_args__ = {"info": REFERENCE}
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))


class LegacyDistrict(db.Model):
    __tablename__ = "legacy_district"
    __table_args__ = {"info": REFERENCE}
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    province_code: Mapped[str] = mapped_column(ForeignKey("legacy_province.code"), index=True)


class LegacyCommune(db.Model):
    """A commune of the 3-level structure in force before July 2025."""

    __tablename__ = "legacy_commune"
    __table_args__ = {"info": REFERENCE}
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    district_code: Mapped[str] = mapped_column(ForeignKey("legacy_district.code"), index=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("legacy_province.code"), index=True)


class CommuneConversion(db.Model):
    """Old commune -> new commune; a partly merged old commune maps to several new ones.

    `old_code` has no foreign key: the official table lists a few old codes that the legacy
    list of the same data version no longer carries.
    """

    __tablename__ = "commune_conversion"
    __table_args__ = {"info": REFERENCE}
    old_code: Mapped[str] = mapped_column(String(5), primary_key=True)
    new_code: Mapped[str] = mapped_column(ForeignKey("commune.code"), primary_key=True, index=True)
    is_partly_merged: Mapped[bool] = mapped_column(Boolean, default=False)


class EthnicGroup(db.Model):
    __tablename__ = "ethnic_group"
    __table_args__ = {"info": REFERENCE}
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(60))
    is_minority: Mapped[bool | None] = mapped_column(Boolean)


class _RankedLevel:
    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer)
    name_vi: Mapped[str] = mapped_column(String(80))


class QualificationLevel(_RankedLevel, db.Model):
    __tablename__ = "qualification_level"
    __table_args__ = {"info": REFERENCE}
    name_en: Mapped[str] = mapped_column(String(80))
    vqf_level: Mapped[str] = mapped_column(String(10))
    counts_as_intellectual: Mapped[bool] = mapped_column(Boolean, default=False)


class AcademicTitle(_RankedLevel, db.Model):
    __tablename__ = "academic_title"
    __table_args__ = {"info": REFERENCE}
    name_en: Mapped[str] = mapped_column(String(80))


class PoliticalTheoryLevel(_RankedLevel, db.Model):
    __tablename__ = "political_theory_level"
    __table_args__ = {"info": REFERENCE}
    name_en: Mapped[str] = mapped_column(String(80))


class StateManagementLevel(_RankedLevel, db.Model):
    __tablename__ = "state_management_level"
    __table_args__ = {"info": REFERENCE}
    name_en: Mapped[str] = mapped_column(String(80))


class LanguageLevel(_RankedLevel, db.Model):
    """The 6-level foreign-language framework; `legacy` lists old A/B/C certificates (';')."""

    __tablename__ = "language_level"
    __table_args__ = {"info": REFERENCE}
    cefr: Mapped[str] = mapped_column(String(4))
    legacy: Mapped[str | None] = mapped_column(String(20))


class ItSkillLevel(_RankedLevel, db.Model):
    __tablename__ = "it_skill_level"
    __table_args__ = {"info": REFERENCE}
    name_en: Mapped[str] = mapped_column(String(80))
    legacy: Mapped[str | None] = mapped_column(String(20))


class FieldOfStudy(db.Model):
    """Level-2 field of the national field-of-study list (digits 2-3 of a major code)."""

    __tablename__ = "field_of_study"
    __table_args__ = {"info": REFERENCE}
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160))
    isced_broad: Mapped[str] = mapped_column(String(2))


class Major(db.Model):
    """A university major with its 7-digit code (examples, extendable)."""

    __tablename__ = "major"
    __table_args__ = {"info": REFERENCE}
    code: Mapped[str] = mapped_column(String(7), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(160))


class PriorityField(db.Model):
    """A field the plan wants more people in; editable by administrators."""

    __tablename__ = "priority_field"
    __table_args__ = {"info": REFERENCE}
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160))
    description: Mapped[str | None] = mapped_column(Text)
    # Position of the field in people's field masks (Person.fields_by_study / fields_by_declared).
    bit: Mapped[int | None] = mapped_column(Integer, unique=True)
    prefixes: Mapped[list[PriorityFieldPrefix]] = relationship(
        back_populates="field", cascade="all, delete-orphan", order_by="PriorityFieldPrefix.prefix"
    )


class PriorityFieldPrefix(db.Model):
    """A discipline prefix (2, 4 or 6 digits) that counts a qualification toward a field."""

    __tablename__ = "priority_field_prefix"
    __table_args__ = {"info": REFERENCE}
    field_code: Mapped[str] = mapped_column(
        ForeignKey("priority_field.code", ondelete="CASCADE"), primary_key=True
    )
    prefix: Mapped[str] = mapped_column(String(6), primary_key=True)
    field: Mapped[PriorityField] = relationship(back_populates="prefixes")


class PolicyParam(db.Model):
    """A configurable policy threshold (ages, intellectual minimum level)."""

    __tablename__ = "policy_param"
    __table_args__ = {"info": REFERENCE}
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(60))
    source: Mapped[str | None] = mapped_column(Text)


class CommuneClass(db.Model):
    """A commune's region (I/II/III) in a period's list of disadvantaged areas; edited by admins.

    2021-2025 lists carry old commune codes, 2026-2030 lists new ones; both are matched.
    """

    __tablename__ = "commune_class"
    __table_args__ = (
        CheckConstraint("region IN ('I', 'II', 'III')", name="region"),
        CheckConstraint("end_year >= start_year", name="period"),
    )
    start_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    end_year: Mapped[int] = mapped_column(Integer)
    commune_code: Mapped[str] = mapped_column(String(5), primary_key=True)
    region: Mapped[str] = mapped_column(String(3))
    source: Mapped[str | None] = mapped_column(String(255))


class RetirementAge(db.Model):
    """Statutory retirement age by sex for people who reach it in `year` (Nghị định 135/2020/NĐ-CP)."""

    __tablename__ = "retirement_age"
    __table_args__ = (
        CheckConstraint("sex IN ('male', 'female')", name="sex"),
        CheckConstraint("age_months BETWEEN 600 AND 840", name="age"),
        {"info": {"reference": True}},
    )
    sex: Mapped[str] = mapped_column(String(6), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    age_months: Mapped[int] = mapped_column(Integer)
