"""Self-service proposals of contribution records, through the review flow (registry/review).

An individual proposes a record that names themselves; it waits in a change request as
{"op": "add", "kind": <kind>, "data": {...}} and is written, by the same services as an officer's
entry, when an officer approves it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from registry.contributions.services import KINDS
from registry.errors import ValidationError

PROPOSAL_KINDS = tuple(KINDS)


def record_data(person, kind: str, data: dict) -> dict:
    """The service data of a proposal: the proposer named with their role (and the lead, for a
    task the proposer does not lead)."""
    data = {k: v for k, v in data.items() if k not in ("members", "authors", "person_id")}
    if kind == "research_task":
        role = data.pop("role", None) or "lead"
        members = [{"person_id": person.id, "role": role}]
        lead_id = data.pop("lead_id", None)
        if role != "lead" and lead_id not in (None, ""):
            members.append({"person_id": lead_id, "role": "lead"})
        data["members"] = members
    elif kind == "initiative":
        data["authors"] = [person.id]
    else:
        data["person_id"] = person.id
    data.pop("role", None)
    data.pop("lead_id", None)
    return data


def validate_proposal(session: Session, person, kind: str, data: dict) -> None:
    if kind not in KINDS:
        raise ValidationError({"": str(_l("Thay đổi không hợp lệ."))})
    KINDS[kind].read(session, record_data(person, kind, data), None)


def apply_proposal(session: Session, person, kind: str, data: dict, officer):
    """Write the approved record; the officer's scope applies to every person it names."""
    return KINDS[kind].save(session, record_data(person, kind, data), officer)


_CODED = {
    "level": "level",
    "status": "status",
    "result": "result",
    "role": "task_role",
    "effect_level": "effect_level",
}
_KIND_LABELS = {"award": "award_kind", "publication": "publication_kind"}


def proposal_text(kind: str, data: dict) -> str:
    """A proposal's values as a reviewer reads them: labels instead of codes, blanks left out."""
    from registry.contributions.labels import label

    shown = []
    for name, value in data.items():
        if value in (None, "", []) or name == "lead_id":
            continue
        if name == "kind" and kind in _KIND_LABELS:
            value = label(_KIND_LABELS[kind], value)
        elif name in _CODED:
            value = label(_CODED[name], value)
        shown.append(str(value))
    return ", ".join(shown)
