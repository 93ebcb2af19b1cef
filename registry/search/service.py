"""One search run shared by the page, the exports, the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.auth.privacy import sees_personal_data
from registry.core.pagination import Page
from registry.people.models import Person
from registry.search import queries
from registry.search.criteria import Criteria, parse

PER_PAGE = 50


@dataclass
class SearchResult:
    criteria: Criteria
    notices: list[str]
    page: Page
    facets: dict = field(default_factory=dict)


def run_search(session: Session, args, user, *, with_facets: bool = True, per_page: int = PER_PAGE,
               today: date | None = None) -> SearchResult:
    criteria, notices = parse(session, args)
    clauses = queries.filter_clauses(session, criteria, user, today)
    total = queries.count(session, criteria, user, clauses=clauses)
    ids = session.scalars(queries.search_ids(session, criteria, user, clauses=clauses)
                          .limit(per_page).offset((criteria.page - 1) * per_page)).all()
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    page = Page(items=[people[i] for i in ids if i in people], page=criteria.page, per_page=per_page, total=total)
    result = SearchResult(criteria=criteria, notices=notices, page=page)
    if with_facets:
        result.facets = queries.facets(session, criteria, user, today, include_ethnicity=sees_personal_data(user),
                                       total=total, clauses=clauses)
    return result


def ordered_ids(session: Session, criteria: Criteria, user):
    """The Select of all matching ids in order (for exports)."""
    return queries.search_ids(session, criteria, user)
