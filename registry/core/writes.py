"""The one way views run a write: call the service, commit once, or roll back and show why."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash

from registry.errors import ValidationError
from registry.extensions import db


def form_errors(form, error: ValidationError) -> None:
    """Put service messages on their fields; record-level ones become a flash."""
    for name, message in error.errors.items():
        field = getattr(form, name, None) if name and form is not None else None
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
        else:
            flash(message, "danger")


def save(action: Callable[[], object], *, success: str | None = None, form=None) -> bool:
    """Run `action`; commit and flash `success`, or roll back and show the service's messages
    (on the form's fields when a form is given). True when saved."""
    try:
        action()
    except ValidationError as error:
        db.session.rollback()
        form_errors(form, error)
        return False
    db.session.commit()
    if success:
        flash(success, "success")
    return True
