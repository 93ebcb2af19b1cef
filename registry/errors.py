"""Errors the service layer raises; views, the CLI and the API turn them into messages."""

from __future__ import annotations


class ValidationError(Exception):
    """Bad input: a message per field (key '' for the record as a whole). Nothing was changed."""

    def __init__(self, errors: dict[str, str] | str):
        if isinstance(errors, str):
            errors = {"": errors}
        self.errors = {key: str(value) for key, value in errors.items()}
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in self.errors.items()))


class StaleRecordError(Exception):
    """Someone else saved the record since it was loaded (optimistic locking)."""

    def __init__(self, current_version: int, changes: dict[str, tuple] | None = None):
        self.current_version = current_version
        self.changes = changes or {}
        super().__init__(f"record changed; now at version {current_version}")
