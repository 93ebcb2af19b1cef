"""Profile parts a person has several of: qualifications, languages, work history, declared
expertise (research tasks, initiatives, awards and publications are registry/contributions). One add/remove path per kind, shared by officer forms, self-service requests
(applied on approval) and importers. Flush, never commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.services import record
from registry.errors import ValidationError
from registry.people.models import (
    Organization,
    Person,
    PersonExpertise,
    PersonLanguage,
    Qualification,
    WorkHistory,
)
from registry.people.services import (
    QualificationInput,
    add_qualification,
    remove_qualification,
    validate_qualification,
)
from registry.reference.models import LanguageLevel, PriorityField
from registry.text import nfc

LANGUAGES = ("en", "fr", "ru", "zh", "ja", "ko", "de", "lo", "km", "th", "es", "other")


def _text(data: dict, key: str, limit: int = 255) -> str | None:
    value = nfc(str(data.get(key) or "")) or None
    if value and len(value) > limit:
        raise ValidationError({key: str(_l("Quá dài (tối đa %(n)d ký tự).", n=limit))})
    return value


def _int(data: dict, key: str, low: int, high: int) -> int | None:
    raw = data.get(key)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationError({key: str(_l("Phải là một số."))}) from None
    if not low <= value <= high:
        raise ValidationError(
            {key: str(_l("Giá trị ngoài khoảng cho phép (%(low)d-%(high)d).", low=low, high=high))}
        )
    return value


def _date(data: dict, key: str) -> date | None:
    raw = data.get(key)
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise ValidationError({key: str(_l("Ngày không hợp lệ."))}) from None


def _language(session: Session, person: Person, data: dict) -> PersonLanguage:
    language = (data.get("language") or "").strip().lower()
    if language not in LANGUAGES:
        raise ValidationError({"language": str(_l("Ngôn ngữ không hợp lệ."))})
    level = (data.get("level_code") or "").strip()
    if session.get(LanguageLevel, level) is None:
        # Legacy A/B/C certificates map onto the 6-level framework.
        legacy = {
            code: row
            for code, row in session.execute(select(LanguageLevel.legacy, LanguageLevel.code)).all()
            if code
        }
        level = legacy.get(level.upper())
        if level is None:
            raise ValidationError({"level_code": str(_l("Bậc ngoại ngữ không có trong danh mục."))})
    return PersonLanguage(language=language, level_code=level)


def _work(session: Session, person: Person, data: dict) -> WorkHistory:
    org_id = _int(data, "organization_id", 1, 2**31)
    if org_id is not None and session.get(Organization, org_id) is None:
        raise ValidationError({"organization_id": str(_l("Không có tổ chức này."))})
    name = _text(data, "organization_name")
    if org_id is None and not name:
        raise ValidationError({"organization_name": str(_l("Nhập tên cơ quan hoặc chọn tổ chức."))})
    start, end = _date(data, "start_date"), _date(data, "end_date")
    if start is None:
        raise ValidationError({"start_date": str(_l("Ngày bắt đầu là bắt buộc."))})
    if start > date.today():
        raise ValidationError({"start_date": str(_l("Ngày bắt đầu không thể ở tương lai."))})
    if end is not None and end < start:
        raise ValidationError({"end_date": str(_l("Ngày kết thúc phải sau ngày bắt đầu."))})
    return WorkHistory(
        organization_id=org_id,
        organization_name=name,
        position=_text(data, "position"),
        start_date=start,
        end_date=end,
    )


def _expertise(session: Session, person: Person, data: dict) -> PersonExpertise:
    code = data.get("field_code")
    if session.get(PriorityField, code) is None:
        raise ValidationError({"field_code": str(_l("Lĩnh vực ưu tiên không có trong danh mục."))})
    if any(item.field_code == code for item in person.expertise):
        raise ValidationError({"field_code": str(_l("Lĩnh vực này đã được khai."))})
    return PersonExpertise(field_code=code)


@dataclass(frozen=True)
class PartKind:
    model: type
    collection: str
    build: Callable | None  # None: the qualification path in services


PARTS = {
    "qualification": PartKind(Qualification, "qualifications", None),
    "language": PartKind(PersonLanguage, "languages", _language),
    "work": PartKind(WorkHistory, "work_history", _work),
    "expertise": PartKind(PersonExpertise, "expertise", _expertise),
}


def part_values(kind: str, item) -> dict:
    """The stored values of a part, for audit details and change-request diffs."""
    columns = PARTS[kind].model.__table__.columns
    return {c.name: getattr(item, c.name) for c in columns if c.name not in ("id", "person_id")}


def validate_part(session: Session, person: Person, kind: str, data: dict) -> None:
    """Check a part's data without adding it (for requests that wait for review)."""
    if kind not in PARTS:
        raise ValidationError({"kind": str(_l("Loại thông tin không hợp lệ."))})
    spec = PARTS[kind]
    if spec.build is None:
        validate_qualification(session, _qualification_input(data))
    else:
        spec.build(session, person, data)


def _qualification_input(data: dict) -> QualificationInput:
    return QualificationInput(
        level_code=data.get("level_code") or "",
        field_code=data.get("field_code") or None,
        major_name=data.get("major_name"),
        institution=data.get("institution"),
        country=data.get("country") or None,
        year=_int(data, "year", 1900, 2200),
    )


def add_part(session: Session, person: Person, kind: str, data: dict, actor=None):
    if kind not in PARTS:
        raise ValidationError({"kind": str(_l("Loại thông tin không hợp lệ."))})
    spec = PARTS[kind]
    if spec.build is None:
        item = add_qualification(session, person, _qualification_input(data))
    else:
        item = spec.build(session, person, data)
        getattr(person, spec.collection).append(item)
        session.flush()
    if actor is not None:
        record(
            session,
            actor=actor,
            action=f"{kind}.add",
            target_type="person",
            target_id=person.id,
            details={"after": part_values(kind, item)},
        )
    return item


def find_part(person: Person, kind: str, part_id):
    spec = PARTS.get(kind)
    if spec is None:
        return None
    for item in getattr(person, spec.collection):
        key = item.field_code if kind == "expertise" else item.id
        if str(key) == str(part_id):
            return item
    return None


def remove_part(session: Session, person: Person, kind: str, part_id, actor=None) -> None:
    item = find_part(person, kind, part_id)
    if item is None:
        raise ValidationError({"": str(_l("Mục này không còn trong hồ sơ."))})
    before = part_values(kind, item)
    if kind == "qualification":
        remove_qualification(session, person, item)
    else:
        getattr(person, PARTS[kind].collection).remove(item)
        session.flush()
    if actor is not None:
        record(
            session,
            actor=actor,
            action=f"{kind}.remove",
            target_type="person",
            target_id=person.id,
            details={"before": before},
        )
