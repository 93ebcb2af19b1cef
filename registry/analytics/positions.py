"""Position standards (đạt chuẩn): job positions, their requirements, holders and compliance.

A holder meets the standard when every requirement of the position is met: a qualification whose
discipline starts with one of the position's prefixes, and at least the minimum qualification,
political theory, state management, foreign language and IT levels. Reads and writes; writes flush."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.analytics.models import JobPosition, PositionHolder
from registry.audit.services import record
from registry.auth.scope import visible_people
from registry.core.params import parse_year
from registry.errors import ValidationError
from registry.people.areas import person_in_area
from registry.people.models import Person, PersonLanguage, Qualification
from registry.reference import models as ref
from registry.text import nfc

REQUIREMENTS = (
    ("field", _l("chuyên ngành phù hợp")),
    ("level", _l("trình độ chuyên môn")),
    ("theory", _l("lý luận chính trị")),
    ("management", _l("quản lý nhà nước")),
    ("language", _l("ngoại ngữ")),
    ("it", _l("tin học")),
)
LEVEL_MODELS = {
    "min_level_code": ref.QualificationLevel,
    "min_theory_code": ref.PoliticalTheoryLevel,
    "min_management_code": ref.StateManagementLevel,
    "min_language_code": ref.LanguageLevel,
    "min_it_code": ref.ItSkillLevel,
}


def save_position(
    session: Session,
    position: JobPosition | None,
    *,
    name: str,
    field_prefixes: str,
    actor,
    target_year: int | str = 2030,
    **minimums,
) -> JobPosition:
    errors = {}
    name = nfc(name) or ""
    if not name:
        errors["name"] = str(_l("Tên vị trí là bắt buộc."))
    elif session.scalar(
        select(JobPosition.id).where(
            JobPosition.name == name, JobPosition.id != getattr(position, "id", None)
        )
    ):
        errors["name"] = str(_l("Đã có vị trí việc làm này."))
    prefixes = sorted({p for p in re.split(r"[;,\s]+", field_prefixes or "") if p})
    if any(not p.isdigit() or len(p) not in (2, 4, 6) for p in prefixes):
        errors["field_prefixes"] = str(
            _l("Mã ngành phải có 2, 4 hoặc 6 chữ số: %(codes)s", codes=", ".join(prefixes))
        )
    for key, model in LEVEL_MODELS.items():
        code = minimums.get(key) or None
        if code and session.get(model, code) is None:
            errors[key] = str(_l("Mã không có trong danh mục: %(code)s", code=code))
    year = str(target_year).strip()
    if parse_year(year, 2000, 2100) is None:
        errors["target_year"] = str(_l("Năm không hợp lệ."))
    if errors:
        raise ValidationError(errors)
    position = position or JobPosition()
    position.name, position.field_prefixes, position.target_year = (
        name,
        ";".join(prefixes) or None,
        int(year),
    )
    for key in LEVEL_MODELS:
        setattr(position, key, minimums.get(key) or None)
    session.add(position)
    session.flush()
    record(
        session,
        actor=actor,
        action="position.save",
        target_type="job_position",
        target_id=position.id,
        details={"name": name, "prefixes": prefixes, **{k: minimums.get(k) for k in LEVEL_MODELS}},
    )
    return position


def assign_holder(session: Session, person: Person, position_id: int | None, actor) -> None:
    current = session.get(PositionHolder, person.id)
    if position_id is None:
        if current is not None:
            session.delete(current)
    else:
        if session.get(JobPosition, position_id) is None:
            raise ValidationError({"position_id": str(_l("Không có vị trí việc làm này."))})
        current = current or PositionHolder(person_id=person.id)
        current.position_id = position_id
        session.add(current)
    session.flush()
    record(
        session,
        actor=actor,
        action="position.assign",
        target_type="person",
        target_id=person.id,
        details={"position_id": position_id},
    )


@dataclass
class Compliance:
    holders: int = 0
    compliant: int = 0
    missing: dict = field(default_factory=lambda: defaultdict(int))

    @property
    def rate(self) -> float:
        return round(100 * self.compliant / self.holders, 1) if self.holders else 0.0


def compliance(
    session: Session, user, area: str | None = None, organization_id: int | None = None
) -> dict:
    """Compliance overall, per organisation and per commune, and the holders who miss something."""
    ranks = {
        key: dict(session.execute(select(model.code, model.rank)).all())
        for key, model in LEVEL_MODELS.items()
    }
    clauses = [visible_people(session, user), Person.status == "active"]
    if area:
        clauses.append(person_in_area(area, session))
    if organization_id:
        from registry.auth.scope import organization_subtree

        clauses.append(Person.organization_id.in_(organization_subtree(session, organization_id)))
    rows = session.execute(
        select(Person, JobPosition)
        .join(PositionHolder, PositionHolder.person_id == Person.id)
        .join(JobPosition, JobPosition.id == PositionHolder.position_id)
        .where(*clauses)
    ).all()
    ids = [person.id for person, _ in rows]
    disciplines = defaultdict(list)
    for person_id, discipline in session.execute(
        select(Qualification.person_id, Qualification.discipline).where(
            Qualification.person_id.in_(ids), Qualification.discipline.is_not(None)
        )
    ):
        disciplines[person_id].append(discipline)
    languages = dict(
        session.execute(
            select(PersonLanguage.person_id, func.max(ref.LanguageLevel.rank))
            .join(ref.LanguageLevel, ref.LanguageLevel.code == PersonLanguage.level_code)
            .where(PersonLanguage.person_id.in_(ids))
            .group_by(PersonLanguage.person_id)
        ).all()
    )
    overall, by_org, by_commune, failing = (
        Compliance(),
        defaultdict(Compliance),
        defaultdict(Compliance),
        [],
    )
    for person, position in rows:
        missing = _missing(
            person, position, ranks, disciplines[person.id], languages.get(person.id, 0)
        )
        for bucket in (overall, by_org[person.organization_id], by_commune[person.commune_code]):
            bucket.holders += 1
            bucket.compliant += not missing
            for name in missing:
                bucket.missing[name] += 1
        if missing:
            failing.append({"person": person, "position": position, "missing": missing})
    return {
        "overall": overall,
        "by_org": dict(by_org),
        "by_commune": dict(by_commune),
        "failing": failing,
    }


def _missing(
    person: Person, position: JobPosition, ranks: dict, disciplines: list[str], language_rank: int
) -> list[str]:
    missing = []
    prefixes = (position.field_prefixes or "").split(";") if position.field_prefixes else []
    if prefixes and not any(d.startswith(p) for d in disciplines for p in prefixes):
        missing.append("field")
    checks = (
        ("level", "min_level_code", person.highest_level_code),
        ("theory", "min_theory_code", person.political_theory_code),
        ("management", "min_management_code", person.state_management_code),
        ("it", "min_it_code", person.it_skill_code),
    )
    for name, key, held in checks:
        wanted = getattr(position, key)
        if wanted and ranks[key].get(held, 0) < ranks[key][wanted]:
            missing.append(name)
    if (
        position.min_language_code
        and language_rank < ranks["min_language_code"][position.min_language_code]
    ):
        missing.append("language")
    return missing
