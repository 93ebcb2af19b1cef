"""Writes to job positions: the standard (a new version each time, with the date it applies
from), and who holds which position. Functions flush, never commit."""

from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.services import record
from registry.core.params import parse_year
from registry.errors import ValidationError
from registry.people.models import Person
from registry.standards.models import JobPosition, PositionHolder, PositionRequirement
from registry.standards.requirements import LEVEL_MODELS
from registry.text import nfc


def parse_day(raw, default: date | None = None) -> date | None:
    if isinstance(raw, date):
        return raw
    text = (raw or "").strip() if isinstance(raw, str) else raw
    if not text:
        return default
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(str(text), pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _check(session: Session, position, name, field_prefixes, target_year, valid_from, minimums):
    errors, cleaned = {}, {}
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
        code = (minimums.get(key) or "").strip() or None
        if code and session.get(model, code) is None:
            errors[key] = str(_l("Mã không có trong danh mục: %(code)s", code=code))
        cleaned[key] = code
    year = str(target_year).strip()
    if parse_year(year, 2000, 2100) is None:
        errors["target_year"] = str(_l("Năm không hợp lệ."))
    try:
        day = parse_day(valid_from, date.today())
    except ValueError:
        errors["valid_from"] = str(_l("Ngày áp dụng không hợp lệ (dd/mm/yyyy)."))
        day = None
    if errors:
        raise ValidationError(errors)
    return name, ";".join(prefixes) or None, int(year), day, cleaned


def save_position(
    session: Session,
    position: JobPosition | None,
    *,
    name: str,
    field_prefixes: str,
    actor,
    target_year: int | str = 2030,
    valid_from: date | str | None = None,
    source_document: str | None = None,
    **minimums,
) -> JobPosition:
    """Create or edit a position; its standard becomes a new version applying from `valid_from`
    (today by default). The position's own columns follow the version in force today."""
    name, prefixes, year, day, levels = _check(
        session, position, name, field_prefixes, target_year, valid_from, minimums
    )
    position = position or JobPosition()
    is_new = position.id is None
    if not is_new:
        keep_baseline(session, position)
    position.name, position.target_year = name, year
    if is_new or day <= date.today():
        position.field_prefixes = prefixes
        for key, code in levels.items():
            setattr(position, key, code)
    session.add(position)
    session.flush()
    version = session.scalar(
        select(PositionRequirement).where(
            PositionRequirement.position_id == position.id, PositionRequirement.valid_from == day
        )
    ) or PositionRequirement(position_id=position.id, valid_from=day)
    version.field_prefixes, version.source_document = prefixes, nfc(source_document) or None
    version.changed_by_id = getattr(actor, "id", None)
    for key, code in levels.items():
        setattr(version, key, code)
    session.add(version)
    session.flush()
    record(
        session,
        actor=actor,
        action="position.save",
        target_type="job_position",
        target_id=position.id,
        details={"name": name, "prefixes": prefixes, "valid_from": day, **levels},
    )
    return position


BASELINE = date(2000, 1, 1)  # "since before the registry": a standard first set without a date


def keep_baseline(session: Session, position: JobPosition) -> None:
    """Before the first dated change, keep the standard the position had as its first version."""
    if session.scalar(
        select(PositionRequirement.id).where(PositionRequirement.position_id == position.id)
    ):
        return
    baseline = PositionRequirement(position_id=position.id, valid_from=BASELINE)
    for column in ("field_prefixes", *LEVEL_MODELS):
        setattr(baseline, column, getattr(position, column))
    session.add(baseline)
    session.flush()


def requirement_history(session: Session, position_id: int) -> list[PositionRequirement]:
    return list(
        session.scalars(
            select(PositionRequirement)
            .where(PositionRequirement.position_id == position_id)
            .order_by(PositionRequirement.valid_from.desc())
        )
    )


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
