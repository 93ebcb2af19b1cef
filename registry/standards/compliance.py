"""Compliance with position standards (đạt chuẩn), counting every active public-sector person.

A holder meets the standard when every requirement of their position's standard in force is met.
Active staff of state bodies and public service units who hold no position are counted apart as
"chưa xác định vị trí việc làm", so the rate is given both among holders and over everyone.

The database does the work: one expression computes each holder's bitmask of missing
requirements (bits declared in requirements.py), one GROUP BY gives every count, and the list of
who falls short is read a page at a time."""

from __future__ import annotations

import functools
import operator
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, exists, func, literal, or_, select
from sqlalchemy.orm import Session, joinedload

from registry.auth.scope import organization_subtree, visible_people
from registry.core.pagination import Page
from registry.people.areas import person_in_area
from registry.people.models import Person, PersonLanguage, Qualification
from registry.standards.models import PositionHolder
from registry.standards.requirements import (
    BY_NAME,
    PUBLIC_SECTORS,
    REQUIREMENTS,
    Standard,
    level_ranks,
    missing_names,
    standards_at,
)


@dataclass
class Filters:
    area: str | None = None
    organization_id: int | None = None
    position_id: int | None = None
    missing: str | None = None  # a requirement name, or "unassigned"


@dataclass
class Compliance:
    holders: int = 0
    compliant: int = 0
    unassigned: int = 0
    missing: dict = field(default_factory=lambda: defaultdict(int))

    @property
    def everyone(self) -> int:
        return self.holders + self.unassigned

    @property
    def rate(self) -> float:
        """Among holders of a position."""
        return round(100 * self.compliant / self.holders, 1) if self.holders else 0.0

    @property
    def plan_rate(self) -> float:
        """Over every active public-sector person (those without a position cannot meet one)."""
        return round(100 * self.compliant / self.everyone, 1) if self.everyone else 0.0

    def plain(self) -> dict:
        return {
            "holders": self.holders,
            "compliant": self.compliant,
            "unassigned": self.unassigned,
            "everyone": self.everyone,
            "rate_among_holders": self.rate,
            "rate_over_everyone": self.plan_rate,
            "missing": dict(self.missing),
        }


def people_clauses(session: Session, user, filters: Filters) -> list:
    clauses = [visible_people(session, user), Person.status == "active"]
    if filters.area:
        clauses.append(person_in_area(filters.area, session))
    if filters.organization_id:
        subtree = organization_subtree(session, filters.organization_id)
        clauses.append(Person.organization_id.in_(subtree))
    return clauses


def _held_rank(ranks: dict[str, int], column):
    return case(ranks, value=column, else_=0) if ranks else literal(0)


def _language_rank(ranks: dict[str, int]):
    best = select(func.max(_held_rank(ranks, PersonLanguage.level_code))).where(
        PersonLanguage.person_id == Person.id
    )
    return func.coalesce(best.scalar_subquery(), 0)


def _position_mask(standard: Standard, ranks: dict[str, dict[str, int]]):
    parts = []
    if standard.prefixes:
        matching = exists().where(
            Qualification.person_id == Person.id,
            or_(*[Qualification.discipline.startswith(p) for p in standard.prefixes]),
        )
        parts.append(case((~matching, BY_NAME["field"].bit), else_=0))
    for requirement in REQUIREMENTS[1:]:
        wanted = getattr(standard, requirement.column)
        if not wanted:
            continue
        kind_ranks = ranks[requirement.kind]
        held = (
            _language_rank(kind_ranks)
            if requirement.name == "language"
            else _held_rank(kind_ranks, getattr(Person, requirement.person_column))
        )
        parts.append(case((held < kind_ranks[wanted], requirement.bit), else_=0))
    return functools.reduce(operator.add, parts) if parts else literal(0)


def missing_mask(session: Session, standards: dict[int, Standard]):
    """The SQL expression of a holder's missing requirements (a bitmask; 0 = meets the standard)."""
    ranks = level_ranks(session)
    whens = {pid: _position_mask(s, ranks) for pid, s in standards.items()}
    return case(whens, value=PositionHolder.position_id, else_=0) if whens else literal(0)


def holders_query(
    session: Session, user, filters: Filters, standards: dict[int, Standard], *columns
):
    """Active holders under the filters: `columns`, the position and the mask (a SELECT)."""
    mask = missing_mask(session, standards).label("mask")
    query = (
        select(*columns, PositionHolder.position_id, mask)
        .select_from(Person)
        .join(PositionHolder, PositionHolder.person_id == Person.id)
        .where(*people_clauses(session, user, filters))
    )
    if filters.position_id:
        query = query.where(PositionHolder.position_id == filters.position_id)
    return query, mask


def people_in_name_order(query, *conditions):
    """Holders whose mask meets `conditions`, in name order. The mask stays inline, so a page is
    read along the name index, computing masks only until the page is full."""
    return query.where(*conditions).order_by(Person.name_sort_key, Person.id)


def unassigned_clauses(session: Session, user, filters: Filters) -> list:
    holds = exists().where(PositionHolder.person_id == Person.id)
    return [*people_clauses(session, user, filters), Person.sector.in_(PUBLIC_SECTORS), ~holds]


def grouped(session: Session, user, filters: Filters, standards: dict[int, Standard]) -> list:
    """(organisation, commune, position, mask, count) for holders; position None and mask -1 for
    active public-sector people without a position."""
    query, _mask = holders_query(
        session, user, filters, standards, Person.organization_id, Person.commune_code
    )
    # Materialized, so each holder's mask is computed once (SQLite would otherwise inline it
    # into both the GROUP BY and the SELECT).
    sub = query.cte("holders").prefix_with("MATERIALIZED")
    keys = (sub.c.organization_id, sub.c.commune_code, sub.c.position_id, sub.c.mask)
    rows = [tuple(r) for r in session.execute(select(*keys, func.count()).group_by(*keys))]
    if not filters.position_id:
        org_commune = (Person.organization_id, Person.commune_code)
        rows += [
            (org, commune, None, -1, n)
            for org, commune, n in session.execute(
                select(*org_commune, func.count())
                .where(*unassigned_clauses(session, user, filters))
                .group_by(*org_commune)
            )
        ]
    return rows


def summarize(rows: list) -> dict:
    overall = Compliance()
    by = {key: defaultdict(Compliance) for key in ("org", "commune", "position")}
    for org, commune, position_id, mask, n in rows:
        buckets = [overall, by["org"][org], by["commune"][commune]]
        if position_id is not None:
            buckets.append(by["position"][position_id])
        for bucket in buckets:
            if mask == -1:
                bucket.unassigned += n
                continue
            bucket.holders += n
            bucket.compliant += n if mask == 0 else 0
            for name in missing_names(mask):
                bucket.missing[name] += n
    return {"overall": overall, **{f"by_{k}": dict(v) for k, v in by.items()}}


def compliance(
    session: Session, user, filters: Filters | None = None, day: date | None = None
) -> dict:
    """Counts overall, per organisation, commune and position, with the grouped rows (for the
    training needs) and the standards used."""
    filters = filters or Filters()
    standards = standards_at(session, day)
    rows = grouped(session, user, filters, standards)
    return {**summarize(rows), "rows": rows, "standards": standards, "filters": filters}


def holder_compliance(
    session: Session, user, area: str | None = None, day: date | None = None
) -> dict[int, tuple[int, bool]]:
    """Each active holder's position and whether they meet its standard in force at `day`
    (for snapshots, which keep it per person)."""
    standards = standards_at(session, day)
    query, _mask = holders_query(session, user, Filters(area=area), standards, Person.id)
    return {pid: (pos, mask == 0) for pid, pos, mask in session.execute(query)}


def shortfall_total(result: dict) -> int:
    """How many people the list of who falls short holds under the result's filters."""
    missing = result["filters"].missing
    if missing == "unassigned":
        return result["overall"].unassigned
    bit = BY_NAME[missing].bit if missing in BY_NAME else 0
    return sum(n for *_, mask, n in result["rows"] if mask > 0 and (not bit or mask & bit))


def _shortfall_query(session: Session, user, filters: Filters, standards: dict[int, Standard]):
    if filters.missing == "unassigned":
        return (
            select(Person.id, literal(None).label("position_id"), literal(-1).label("mask"))
            .where(*unassigned_clauses(session, user, filters))
            .order_by(Person.name_sort_key, Person.id)
        )
    query, mask = holders_query(session, user, filters, standards, Person.id)
    conditions = [mask != 0]
    if filters.missing in BY_NAME:
        conditions.append(mask.op("&")(BY_NAME[filters.missing].bit) != 0)
    return people_in_name_order(query, *conditions)


def people_rows(session: Session, keys: list, standards: dict[int, Standard]) -> list[dict]:
    people = {
        p.id: p
        for p in session.scalars(
            select(Person)
            .options(joinedload(Person.organization), joinedload(Person.commune))
            .where(Person.id.in_([k[0] for k in keys]))
        )
    }
    return [
        {
            "person": people[person_id],
            "position": standards.get(position_id),
            "missing": missing_names(mask) if mask > 0 else ["unassigned"],
        }
        for person_id, position_id, mask in keys
    ]


def shortfall_page(session: Session, user, result: dict, page: int = 1, per_page: int = 50) -> Page:
    """One page of who falls short (or of who holds no position), in name order."""
    query = _shortfall_query(session, user, result["filters"], result["standards"])
    keys = session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    items = people_rows(session, keys, result["standards"])
    return Page(items=items, page=page, per_page=per_page, total=shortfall_total(result))


def shortfall_rows(session: Session, user, result: dict, batch: int = 1000) -> Iterator[dict]:
    """Every row of the list, read in batches (for exports)."""
    query = _shortfall_query(session, user, result["filters"], result["standards"])
    keys = session.execute(query).all()
    for start in range(0, len(keys), batch):
        yield from people_rows(session, keys[start : start + batch], result["standards"])
