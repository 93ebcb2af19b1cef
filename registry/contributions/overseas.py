"""Overseas Vietnamese and foreign intellectuals: what we keep about them and the cooperation log.
Flush, never commit."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from registry.audit.services import record
from registry.contributions import inputs
from registry.contributions.council_models import Cooperation, Council, ForeignPartner
from registry.contributions.countries import check_country
from registry.contributions.models import ResearchTask
from registry.contributions.services import people_of
from registry.errors import ValidationError


def save_partner(session: Session, data: dict, actor) -> ForeignPartner:
    """Create or replace the overseas/foreign details of one person."""
    person = people_of(session, [data.get("person_id")], "person_id", actor)[0][0]
    values = {
        "residence_country": check_country(data.get("residence_country"), "residence_country"),
        "nationality_country": check_country(
            data.get("nationality_country"), "nationality_country", required=False
        ),
        "contact_channel": inputs.text(data, "contact_channel"),
        "expertise": inputs.text(data, "expertise"),
        "field_code": inputs.priority_field(session, data),
        "willingness": inputs.choice(data, "willingness", "willingness"),
    }
    partner = session.get(ForeignPartner, person.id)
    created = partner is None
    if created:
        partner = ForeignPartner(person_id=person.id)
        session.add(partner)
    for name, value in values.items():
        setattr(partner, name, value)
    session.flush()
    record(
        session,
        actor=actor,
        action=f"foreign_partner.{'create' if created else 'update'}",
        target_type="person",
        target_id=person.id,
        details=values,
    )
    return partner


def log_cooperation(session: Session, data: dict, actor, today: date | None = None) -> Cooperation:
    person = people_of(session, [data.get("person_id")], "person_id", actor)[0][0]
    task_id = inputs.integer(data, "task_id", 1, 2**31)
    if task_id is not None and session.get(ResearchTask, task_id) is None:
        raise ValidationError({"task_id": str(_l("Không có nhiệm vụ số %(id)s.", id=task_id))})
    council_id = inputs.integer(data, "council_id", 1, 2**31)
    if council_id is not None and session.get(Council, council_id) is None:
        raise ValidationError(
            {"council_id": str(_l("Không có hội đồng số %(id)s.", id=council_id))}
        )
    entry = Cooperation(
        person_id=person.id,
        kind=inputs.choice(data, "kind", "cooperation"),
        day=inputs.day(data, "day", required=True, past=True, today=today),
        description=inputs.text(data, "description", 1000, required=True),
        task_id=task_id,
        council_id=council_id,
    )
    session.add(entry)
    session.flush()
    record(
        session,
        actor=actor,
        action="cooperation.create",
        target_type="person",
        target_id=person.id,
        details={"kind": entry.kind, "day": entry.day, "task": task_id, "council": council_id},
    )
    return entry


def forget_contact(session: Session, person_id: int) -> None:
    """On erasure of a person's personal data: their contact channel goes (country, expertise and
    the cooperation log stay: they identify no one once the name is gone)."""
    partner = session.get(ForeignPartner, person_id)
    if partner is not None:
        partner.contact_channel = None
