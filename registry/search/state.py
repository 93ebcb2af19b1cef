"""The search-state row: how in-memory search columns know whether they are current.

Every commit that changes people takes the next `version` (the row lock makes concurrent writers
take versions in commit order) and stamps the people it wrote with it, so a reader that has seen
version V needs only the rows stamped after V. Bulk changes draw a new random `epoch` instead,
which makes every reader load everything again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from registry.search.models import SearchState

ROW = 1


@dataclass(frozen=True)
class Stamp:
    version: int
    names_version: int
    epoch: int


def _new_epoch() -> int:
    return secrets.randbits(62) + 1


def current(session: Session) -> Stamp | None:
    """The committed state as this session sees it; None when the row is missing."""
    row = session.execute(
        select(SearchState.version, SearchState.names_version, SearchState.epoch).where(
            SearchState.id == ROW
        )
    ).first()
    return Stamp(*row) if row else None


def bump(session: Session, *, names: bool = False, epoch: bool = False) -> int:
    """Take the next version for the commit in progress (flushes, never commits); returns it."""
    values = {"version": SearchState.version + 1}
    if names:
        values["names_version"] = SearchState.version + 1
    if epoch:
        values["epoch"] = _new_epoch()
    result = session.execute(
        update(SearchState)
        .where(SearchState.id == ROW)
        .values(**values)
        .returning(SearchState.version)
    )
    version = result.scalar()
    if version is None:
        session.execute(
            insert(SearchState).values(id=ROW, version=1, names_version=1, epoch=_new_epoch())
        )
        version = 1
    return version
