"""Writes around an import job other than the import itself: options, saved mappings."""

from __future__ import annotations

import hashlib

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.params import parse_int
from registry.errors import ValidationError
from registry.imports.columns import BY_KEY
from registry.imports.models import ImportJob, SavedMapping
from registry.text import fold


def signature(labels: list[str]) -> str:
    """Files of the same shape have the same header labels (accents, case and spaces aside)."""
    return hashlib.sha256("|".join(fold(label) for label in labels).encode()).hexdigest()


def saved_mapping_for(session: Session, labels: list[str]) -> SavedMapping | None:
    return session.scalar(
        select(SavedMapping)
        .where(SavedMapping.signature == signature(labels))
        .order_by(SavedMapping.id.desc())
    )


def set_options(session: Session, job: ImportJob, form: dict, labels: list[str], actor) -> None:
    """Apply the mapping form (sheet, header row, column keys) and save the mapping if named."""
    mapping = {}
    for index in range(len(labels)):
        key = (form.get(f"col_{index}") or "").strip()
        if key and key not in BY_KEY:
            raise ValidationError({f"col_{index}": str(_l("Cột không hợp lệ: %(v)s", v=key[:40]))})
        if key and key in mapping.values():
            raise ValidationError({f"col_{index}": str(_l("Mỗi loại thông tin chỉ ghép một cột."))})
        if key:
            mapping[str(index)] = key
    header_row = (form.get("header_row") or "").strip()
    if header_row and parse_int(header_row, 1, 60) is None:
        raise ValidationError({"header_row": str(_l("Dòng tiêu đề phải là số từ 1 đến 60."))})
    options = dict(job.options or {})
    options.update(
        mapping=mapping or None,
        header_row=int(header_row) - 1 if header_row else None,
        header_rows=2 if form.get("header_rows") == "2" else 1,
    )
    job.options = options
    job.sheet = form.get("sheet") or job.sheet
    name = (form.get("save_as") or "").strip()
    if name and mapping:
        session.add(
            SavedMapping(
                user_id=getattr(actor, "id", None),
                name=name[:120],
                signature=signature(labels),
                mapping=mapping,
            )
        )
    session.flush()
