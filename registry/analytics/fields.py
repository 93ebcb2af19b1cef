"""Editing priority fields and their discipline prefixes. Flush, never commit."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from registry.audit.services import record
from registry.errors import ValidationError
from registry.people.fields import assign_bits
from registry.reference.models import PriorityField, PriorityFieldPrefix
from registry.text import nfc

CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def parse_prefixes(text: str) -> list[str]:
    prefixes = sorted({p.strip() for p in re.split(r"[;,\s]+", text or "") if p.strip()})
    bad = [p for p in prefixes if not p.isdigit() or len(p) not in (2, 4, 6)]
    if bad:
        raise ValidationError(
            {
                "prefixes": str(
                    _l("Mã ngành phải có 2, 4 hoặc 6 chữ số: %(codes)s", codes=", ".join(bad))
                )
            }
        )
    return prefixes


def save_priority_field(
    session: Session,
    field: PriorityField | None,
    *,
    code: str,
    name_vi: str,
    name_en: str,
    description: str | None,
    prefixes: str,
    actor,
) -> PriorityField:
    errors = {}
    if field is None and (not CODE.match(code or "") or session.get(PriorityField, code)):
        errors["code"] = str(_l("Mã gồm chữ thường, số, gạch dưới và chưa được dùng."))
    if not nfc(name_vi):
        errors["name_vi"] = str(_l("Tên là bắt buộc."))
    try:
        parsed = parse_prefixes(prefixes)
    except ValidationError as error:
        errors.update(error.errors)
        parsed = []
    if errors:
        raise ValidationError(errors)
    created = field is None
    field = field or PriorityField(code=code)
    before = (
        None
        if created
        else {"name_vi": field.name_vi, "prefixes": [p.prefix for p in field.prefixes]}
    )
    field.name_vi, field.name_en = nfc(name_vi), nfc(name_en) or nfc(name_vi)
    field.description = nfc(description) or None
    field.prefixes = [PriorityFieldPrefix(prefix=p) for p in parsed]
    session.add(field)
    session.flush()
    assign_bits(session)
    record(
        session,
        actor=actor,
        action="priority_field.create" if created else "priority_field.update",
        target_type="priority_field",
        details={
            "code": field.code,
            "before": before,
            "after": {"name_vi": field.name_vi, "prefixes": parsed},
        },
    )
    return field
