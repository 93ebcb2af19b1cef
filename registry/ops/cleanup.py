"""Remove evidence files that no change request points at (rejected uploads, interrupted saves)."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.review.evidence import orphan_files
from registry.review.models import ChangeRequest


def referenced_files(session: Session) -> set[str]:
    return set(
        session.scalars(
            select(ChangeRequest.evidence_path).where(ChangeRequest.evidence_path.is_not(None))
        )
    )


def remove_orphans(
    session: Session, upload_dir: str, *, min_age_seconds: int = 3600, dry_run: bool = False
) -> list[Path]:
    """Files older than `min_age_seconds` that nothing references (younger ones may belong to a
    save still in progress). Returns what was (or would be) removed."""
    found = orphan_files(upload_dir, referenced_files(session), time.time() - min_age_seconds)
    if not dry_run:
        for path in found:
            path.unlink(missing_ok=True)
    return found
