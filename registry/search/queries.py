"""The one search builder: criteria in, Select out, always with the user's scope clause.

The exports and the CLI run its Select; the page and the API answer the same criteria from the
in-memory columns (registry/search/memory.py), which mirror these clauses and are tested against
them, and ask the database the words of the query through `text_ids`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    false,
    func,
    literal_column,
    select,
    text,
    true,
)
from sqlalchemy.orm import Session

from registry.auth.scope import visible_people
from registry.people.conditions import to_sql
from registry.people.models import Person
from registry.reference import models as ref
from registry.search.criteria import Criteria
from registry.search.filters import conditions
from registry.search.models import PersonSearch
from registry.text import fold

MAX_TOKENS = 8


def text_tokens(q: str) -> list[str]:
    """Folded words of the query; anything that is not a letter or digit is dropped."""
    return fold(q).split()[:MAX_TOKENS]


def text_ids(session: Session, q: str) -> Select | None:
    """The ids of people whose search document has every query word as a word prefix (None when
    there is no query; a query with no letters or digits matches nobody)."""
    tokens = text_tokens(q)
    if not tokens:
        return None if not (q or "").strip() else select(Person.id).where(false())
    if session.get_bind().dialect.name == "sqlite":
        match = " ".join(f'"{token}"*' for token in tokens)
        return (
            select(literal_column("rowid"))
            .select_from(text("person_fts"))
            .where(text("person_fts MATCH :match").bindparams(match=match))
        )
    # PostgreSQL: full-text prefix queries over the folded words (GIN index from the migration);
    # tokens are [0-9a-z]+ after folding, so nothing in them can act as a query operator.
    document = func.to_tsvector(literal_column("'simple'::regconfig"), PersonSearch.document)
    query = func.to_tsquery(
        literal_column("'simple'::regconfig"), " & ".join(f"{t}:*" for t in tokens)
    )
    return select(PersonSearch.person_id).where(document.bool_op("@@")(query))


def text_clause(session: Session, q: str) -> ColumnElement[bool] | None:
    ids = text_ids(session, q)
    return None if ids is None else Person.id.in_(ids)


def _scope(session: Session, user) -> ColumnElement[bool]:
    """The user's scope clause, dropped when nobody in the registry falls outside it (a provincial
    registry seen by the province's officers): the same people, without a filter to evaluate."""
    clause = visible_people(session, user)
    if getattr(user, "role", None) in ("officer", "recruiter") and (
        getattr(user, "scope_area_code", None) or getattr(user, "scope_group_id", None)
    ):
        everyone = session.scalar(select(func.count()).select_from(Person))
        if session.scalar(select(func.count()).select_from(Person).where(clause)) == everyone:
            return true()
    return clause


def filter_clauses(session: Session, criteria: Criteria, user, today: date | None = None) -> list:
    """WHERE clauses for the criteria, the user's scope first; the filters' clauses are those of
    their declarations (registry/search/filters.py)."""
    clauses = [_scope(session, user)]
    if criteria.q:
        clause = text_clause(session, criteria.q)
        if clause is not None:
            clauses.append(clause)
    clauses.extend(to_sql(condition) for condition in conditions(session, criteria, today))
    return clauses


def _order(session: Session, criteria: Criteria):
    ranks = dict(
        session.execute(select(ref.QualificationLevel.code, ref.QualificationLevel.rank)).all()
    )
    level_rank = case(ranks, value=Person.highest_level_code, else_=0)
    if criteria.sort == "name":
        return [Person.name_sort_key, Person.id]
    if criteria.sort == "age":
        return [Person.birth_date.desc().nulls_last(), Person.id]
    if criteria.sort == "-age":
        return [Person.birth_date.asc().nulls_last(), Person.id]
    if criteria.sort == "level":
        return [level_rank.desc(), Person.name_sort_key, Person.id]
    folded = " ".join(text_tokens(criteria.q))
    if not folded:
        return [Person.name_sort_key, Person.id]
    name_rank = case(
        (Person.name_folded == folded, 0),
        (Person.name_folded.like(folded + "%"), 1),
        (Person.name_folded.like("% " + folded + "%"), 2),
        else_=3,
    )
    return [name_rank, Person.name_sort_key, Person.id]


def search(
    session: Session, criteria: Criteria, user, today: date | None = None, clauses=None
) -> Select:
    """People matching the criteria within the user's scope, in the requested order."""
    clauses = clauses if clauses is not None else filter_clauses(session, criteria, user, today)
    return select(Person).where(*clauses).order_by(*_order(session, criteria))


def search_ids(
    session: Session, criteria: Criteria, user, today: date | None = None, clauses=None
) -> Select:
    clauses = clauses if clauses is not None else filter_clauses(session, criteria, user, today)
    return select(Person.id).where(*clauses).order_by(*_order(session, criteria))


def count(
    session: Session, criteria: Criteria, user, today: date | None = None, clauses=None
) -> int:
    clauses = clauses if clauses is not None else filter_clauses(session, criteria, user, today)
    return session.scalar(select(func.count(Person.id)).where(*clauses)) or 0
