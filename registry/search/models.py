"""The folded search document of each person (name, majors, institutions, position, organisation,
declared expertise). Indexed by SQLite FTS5 (a virtual table kept in step by triggers) or by a
PostgreSQL full-text GIN index on to_tsvector('simple', document); both created by migrations."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from registry.extensions import db


class PersonSearch(db.Model):
    __tablename__ = "person_search"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    document: Mapped[str] = mapped_column(Text, default="")
    # The search-state version of the commit that last wrote this person (see SearchState).
    rev: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0", index=True)


class SearchState(db.Model):
    """One row telling in-memory search columns (registry/search/columns.py) whether they are
    current: `version` grows with every commit that changes people (their rows carry it as `rev`),
    `names_version` with those that add people or change a name's sort order, and `epoch` is new
    (random) whenever changes cannot be followed row by row (bulk loads, new field prefixes)."""

    __tablename__ = "search_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    names_version: Mapped[int] = mapped_column(BigInteger, default=0)
    epoch: Mapped[int] = mapped_column(BigInteger, default=0)


# Objects of the database that the models do not describe (created by the migration).
UNMODELLED = ("person_fts", "ix_person_search_document_trgm", "ix_person_search_document_fts")


def include_object(_obj, name, _type, reflected, compare_to) -> bool:
    """Alembic filter: leave the FTS5 tables and the text indexes to the hand-written migrations."""
    return not (reflected and compare_to is None and name and name.startswith(UNMODELLED))
