"""One search run shared by the page, the exports, the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.auth.privacy import sees_personal_data
from registry.core.pagination import Page
from registry.people.models import Person
from registry.search import memory, queries
from registry.search.criteria import Criteria, parse

PER_PAGE = 50


@dataclass
class SearchResult:
    criteria: Criteria
    notices: list[str]
    page: Page
    facets: dict = field(default_factory=dict)


def run_search(
    session: Session,
    args,
    user,
    *,
    with_facets: bool = True,
    per_page: int = PER_PAGE,
    today: date | None = None,
) -> SearchResult:
    """Count, one page and the facet counts of a search, from the in-memory columns (the same
    criteria as the builder's Select, which the exports and the CLI run)."""
    criteria, notices = parse(session, args, user)
    found = memory.answer(
        session,
        criteria,
        user,
        offset=(criteria.page - 1) * per_page,
        limit=per_page,
        today=today,
        with_facets=with_facets,
        include_ethnicity=sees_personal_data(user),
    )
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(found.ids)))}
    page = Page(
        items=[people[i] for i in found.ids if i in people],
        page=criteria.page,
        per_page=per_page,
        total=found.total,
    )
    return SearchResult(criteria=criteria, notices=notices, page=page, facets=found.facets)


def ordered_ids(session: Session, criteria: Criteria, user):
    """The Select of all matching ids in order (for exports)."""
    return queries.search_ids(session, criteria, user)
