"""Self-service change requests and their review. Flush, never commit: the caller commits once."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.audit.services import mark_fields, record
from registry.errors import ValidationError
from registry.people.models import Person, utcnow
from registry.people.parts import (
    PARTS,
    add_part,
    find_part,
    part_values,
    remove_part,
    validate_part,
)
from registry.people.services import diff, person_input, snapshot, update_person, validate_person
from registry.review.models import ChangeRequest

# What an individual may change about themselves; status and organisation-only facts stay with officers.
SELF_SERVICE_FIELDS = (
    "full_name",
    "sex",
    "birth_date",
    "ethnicity_code",
    "national_id",
    "phone",
    "email",
    "address",
    "commune_code",
    "hometown",
    "organization_id",
    "position",
    "sector",
    "is_overseas",
    "is_foreign_national",
    "academic_title_code",
    "academic_title_year",
    "political_theory_code",
    "state_management_code",
    "it_skill_code",
    "party_member",
    "party_joined_on",
)
DATE_FIELDS = ("birth_date", "party_joined_on")
# What an officer may confirm against documents without changing it (the profile's rows).
VERIFIABLE_FIELDS = tuple(
    name for name in SELF_SERVICE_FIELDS if name not in ("academic_title_year", "party_joined_on")
)


def _json(value):
    return value.isoformat() if isinstance(value, date) else value


def _from_json(name: str, value):
    if name in DATE_FIELDS and isinstance(value, str):
        return date.fromisoformat(value)
    return value


# How many requests one person may have waiting for review at once.
MAX_PENDING_REQUESTS = 10


def _check_pending_limit(session: Session, person: Person) -> None:
    waiting = session.scalar(
        select(func.count(ChangeRequest.id)).where(
            ChangeRequest.person_id == person.id, ChangeRequest.state == "pending"
        )
    )
    if waiting >= MAX_PENDING_REQUESTS:
        raise ValidationError(
            {
                "": str(
                    _l(
                        "Bạn đã có %(n)d yêu cầu đang chờ duyệt. Vui lòng đợi cán bộ xem xét "
                        "trước khi gửi thêm.",
                        n=waiting,
                    )
                )
            }
        )


def submit_change_request(
    session: Session,
    person: Person,
    user,
    proposed: dict,
    part_ops=(),
    note: str | None = None,
    evidence: tuple[str, str, str] | None = None,
) -> ChangeRequest:
    """Record an individual's proposed edit as a field-by-field diff; nothing changes yet.

    `proposed` holds new values for SELF_SERVICE_FIELDS; `part_ops` are
    {"op": "add", "kind": k, "data": {...}} or {"op": "remove", "kind": k, "id": ...}."""
    unknown = set(proposed) - set(SELF_SERVICE_FIELDS)
    if unknown:
        raise ValidationError({name: str(_l("Trường này không thể tự sửa.")) for name in unknown})
    _check_pending_limit(session, person)
    candidate = validate_person(
        session, person_input(person, **proposed), person_id=person.id, actor=user
    )
    changes = diff(snapshot(person), candidate.__dict__)
    parts = [_checked_part_op(session, person, op) for op in part_ops]
    if not changes and not parts:
        raise ValidationError({"": str(_l("Không có thay đổi nào để gửi."))})
    request = ChangeRequest(
        person_id=person.id,
        submitted_by_id=user.id,
        note=note,
        changes={
            "fields": {k: [_json(v[0]), _json(v[1])] for k, v in changes.items()},
            "parts": parts,
        },
    )
    if evidence:
        request.evidence_path, request.evidence_name, request.evidence_type = evidence
    session.add(request)
    session.flush()
    record(
        session,
        actor=user,
        action="change_request.submit",
        target_type="person",
        target_id=person.id,
        details={"request": request.id, "fields": sorted(changes), "parts": len(parts)},
    )
    return request


def _checked_part_op(session: Session, person: Person, op: dict) -> dict:
    kind = op.get("kind")
    from registry.contributions.proposals import PROPOSAL_KINDS, validate_proposal

    if kind in PROPOSAL_KINDS and op.get("op") == "add":
        data = {k: _json(v) for k, v in op.get("data", {}).items()}
        validate_proposal(session, person, kind, data)
        return {"op": "add", "kind": kind, "data": data}
    if kind not in PARTS or op.get("op") not in ("add", "remove"):
        raise ValidationError({"": str(_l("Thay đổi không hợp lệ."))})
    if op["op"] == "remove":
        item = find_part(person, kind, op.get("id"))
        if item is None:
            raise ValidationError({"": str(_l("Mục này không còn trong hồ sơ."))})
        return {
            "op": "remove",
            "kind": kind,
            "id": op["id"],
            "before": {k: _json(v) for k, v in part_values(kind, item).items()},
        }
    data = {k: _json(v) for k, v in op.get("data", {}).items()}
    validate_part(session, person, kind, data)
    return {"op": "add", "kind": kind, "data": data}


def _pending(request: ChangeRequest) -> None:
    if request.state != "pending":
        raise ValidationError({"": str(_l("Yêu cầu này đã được xử lý."))})


def approve(session: Session, request: ChangeRequest, officer, comment: str | None = None) -> None:
    """Apply every change of the request at once, or none: refuse when a field has moved on."""
    _pending(request)
    person = request.person
    fields = request.changes.get("fields", {})
    current = snapshot(person)
    moved = [name for name, (old, _new) in fields.items() if _json(current[name]) != old]
    if moved:
        raise ValidationError(
            {
                "": str(
                    _l(
                        "Hồ sơ đã thay đổi từ khi gửi yêu cầu (trường: %(fields)s). "
                        "Hãy từ chối và đề nghị gửi lại.",
                        fields=", ".join(moved),
                    )
                )
            }
        )
    if fields:
        values = {name: _from_json(name, new) for name, (_old, new) in fields.items()}
        update_person(
            session,
            person,
            person_input(person, **values),
            person.version,
            actor=officer,
            source="self",
        )
    from registry.contributions.proposals import PROPOSAL_KINDS, apply_proposal

    for op in request.changes.get("parts", []):
        if op["kind"] in PROPOSAL_KINDS:
            apply_proposal(session, person, op["kind"], op["data"], officer)
        elif op["op"] == "add":
            add_part(session, person, op["kind"], op["data"], actor=officer)
        else:
            remove_part(session, person, op["kind"], op["id"], actor=officer)
    _decide(session, request, officer, "approved", comment)


def reject(session: Session, request: ChangeRequest, officer, comment: str | None = None) -> None:
    _pending(request)
    if not (comment or "").strip():
        raise ValidationError({"comment": str(_l("Hãy ghi lý do từ chối."))})
    _decide(session, request, officer, "rejected", comment)


def _decide(
    session: Session, request: ChangeRequest, officer, state: str, comment: str | None
) -> None:
    request.state = state
    request.decided_by_id = officer.id
    request.decided_at = utcnow()
    request.decision_comment = (comment or "").strip() or None
    session.flush()
    record(
        session,
        actor=officer,
        action=f"change_request.{'approve' if state == 'approved' else 'reject'}",
        target_type="person",
        target_id=request.person_id,
        details={
            "request": request.id,
            "comment": request.decision_comment,
            "changes": request.changes if state == "approved" else None,
        },
    )


def verify_fields(session: Session, person: Person, names, officer) -> list[str]:
    """Mark fields as checked by `officer` without changing their values; audited."""
    names = sorted(set(names))
    if not names:
        raise ValidationError({"field": str(_l("Chọn ít nhất một mục để xác minh."))})
    unknown = [name for name in names if name not in VERIFIABLE_FIELDS]
    if unknown:
        raise ValidationError(
            {"field": str(_l("Mục không hợp lệ: %(names)s", names=", ".join(unknown)))}
        )
    mark_fields(session, person.id, names, "officer", officer)
    record(
        session,
        actor=officer,
        action="person.verify",
        target_type="person",
        target_id=person.id,
        details={"fields": names},
    )
    return names
