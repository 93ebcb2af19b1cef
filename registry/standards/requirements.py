"""The one declaration of a position's requirements, the training that closes each, and the
standard that applied at a date (versioned requirement rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.reference import models as ref
from registry.standards.models import JobPosition, PositionRequirement

# Sectors whose active people must hold a position; the armed forces count when they hold one.
PUBLIC_SECTORS = ("state_agency", "public_service")
HOLDER_SECTORS = (*PUBLIC_SECTORS, "armed_forces")


@dataclass(frozen=True)
class Requirement:
    name: str
    label: object
    column: str | None  # on JobPosition / PositionRequirement
    model: type | None  # reference table of levels
    person_column: str | None  # the person's level (language: their best PersonLanguage)
    kind: str  # the training kind that closes it
    bit: int


REQUIREMENTS = (
    Requirement("field", _l("chuyên ngành phù hợp"), None, None, None, "degree", 1),
    Requirement(
        "level",
        _l("trình độ chuyên môn"),
        "min_level_code",
        ref.QualificationLevel,
        "highest_level_code",
        "degree",
        2,
    ),
    Requirement(
        "theory",
        _l("lý luận chính trị"),
        "min_theory_code",
        ref.PoliticalTheoryLevel,
        "political_theory_code",
        "political_theory",
        4,
    ),
    Requirement(
        "management",
        _l("quản lý nhà nước"),
        "min_management_code",
        ref.StateManagementLevel,
        "state_management_code",
        "state_management",
        8,
    ),
    Requirement(
        "language", _l("ngoại ngữ"), "min_language_code", ref.LanguageLevel, None, "language", 16
    ),
    Requirement("it", _l("tin học"), "min_it_code", ref.ItSkillLevel, "it_skill_code", "it", 32),
)
BY_NAME = {r.name: r for r in REQUIREMENTS}
LEVEL_MODELS = {r.column: r.model for r in REQUIREMENTS if r.column}
STANDARD_COLUMNS = ("field_prefixes", *LEVEL_MODELS)
KIND_LABELS = {
    "degree": _l("Đào tạo trình độ chuyên môn"),
    "political_theory": _l("Lý luận chính trị"),
    "state_management": _l("Bồi dưỡng quản lý nhà nước"),
    "language": _l("Ngoại ngữ"),
    "it": _l("Tin học"),
}
KIND_MODELS = {r.kind: r.model for r in REQUIREMENTS if r.model}
DEFAULT_DEGREE = "dai_hoc"  # a field requirement without a minimum level asks for a bachelor's


def missing_names(mask: int) -> list[str]:
    return [r.name for r in REQUIREMENTS if mask & r.bit]


@dataclass(frozen=True)
class Standard:
    """A position's requirements as they applied at some date."""

    position_id: int
    name: str
    field_prefixes: str | None
    min_level_code: str | None
    min_theory_code: str | None
    min_management_code: str | None
    min_language_code: str | None
    min_it_code: str | None
    valid_from: date | None = None

    @property
    def prefixes(self) -> list[str]:
        return [p for p in (self.field_prefixes or "").split(";") if p]

    def need(self, requirement: Requirement) -> tuple[str, str]:
        """(training kind, level code) that closes `requirement` for this position."""
        if requirement.kind == "degree":
            return "degree", self.min_level_code or DEFAULT_DEGREE
        return requirement.kind, getattr(self, requirement.column)


def _standard(position: JobPosition, row: PositionRequirement | None) -> Standard:
    source = row if row is not None else position
    return Standard(
        position.id,
        position.name,
        *(getattr(source, column) for column in STANDARD_COLUMNS),
        valid_from=row.valid_from if row is not None else None,
    )


def standards_at(session: Session, day: date | None = None) -> dict[int, Standard]:
    """Every position's standard in force on `day` (today by default): the latest version whose
    `valid_from` is on or before it; a position without such a version keeps its own columns."""
    day = day or date.today()
    latest: dict[int, PositionRequirement] = {}
    for row in session.scalars(
        select(PositionRequirement)
        .where(PositionRequirement.valid_from <= day)
        .order_by(PositionRequirement.valid_from)
    ):
        latest[row.position_id] = row
    return {
        position.id: _standard(position, latest.get(position.id))
        for position in session.scalars(select(JobPosition).order_by(JobPosition.name))
    }


def level_ranks(session: Session) -> dict[str, dict[str, int]]:
    """{training kind: {level code: rank}} for every kind with a level table."""
    return {
        kind: dict(session.execute(select(model.code, model.rank)).all())
        for kind, model in KIND_MODELS.items()
    }


def level_names(session: Session) -> dict[str, dict[str, str]]:
    return {
        kind: dict(session.execute(select(model.code, model.name_vi)).all())
        for kind, model in KIND_MODELS.items()
    }


def training_label(kind: str, level_name: str, prefixes: str | None = None) -> str:
    """What the training is called, e.g. 'Trung cấp lý luận chính trị', 'Ngoại ngữ Bậc 3'."""
    if kind == "political_theory":
        return str(_l("%(level)s lý luận chính trị", level=level_name))
    if kind == "state_management":
        return str(_l("Bồi dưỡng ngạch %(level)s", level=level_name.lower()))
    if kind == "language":
        return str(_l("Ngoại ngữ %(level)s", level=level_name.lower()))
    if kind == "it":
        return level_name
    if prefixes:
        return str(_l("%(level)s ngành phù hợp (%(codes)s)", level=level_name, codes=prefixes))
    return level_name
