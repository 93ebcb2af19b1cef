"""Supply, gaps, projection and trends: a few GROUP BY queries, the arithmetic in Python.

Every count is over active people the user may see; a person counts toward a field by a
qualification's discipline (study) or by declared expertise, and the numbers say which."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from registry.analytics.models import Target
from registry.analytics.retirement import load_schedule, working_until_cutoff
from registry.auth.scope import organization_subtree, visible_people
from registry.people.areas import area_codes, person_in_area
from registry.people.fields import field_bits
from registry.people.models import Person
from registry.people.policy import group_clause, load_params
from registry.reference.models import QualificationLevel


@dataclass
class TargetStatus:
    target: Target
    supply: int = 0
    by_study_only: int = 0
    by_declared_only: int = 0
    by_both: int = 0
    leaving: int = 0
    quota_count: int = 0
    groups: dict = field(default_factory=dict)

    @property
    def gap(self) -> int:
        return max(self.target.required - self.supply, 0)

    @property
    def coverage(self) -> float:
        return round(100 * self.supply / self.target.required, 1)

    @property
    def supply_at_year(self) -> int:
        return self.supply - self.leaving

    @property
    def gap_at_year(self) -> int:
        return max(self.target.required - self.supply_at_year, 0)

    @property
    def coverage_at_year(self) -> float:
        return round(100 * self.supply_at_year / self.target.required, 1)

    @property
    def quota_needed(self) -> int | None:
        if not self.target.quota_percent:
            return None
        return -(-self.target.required * self.target.quota_percent // 100)


def area_clause(session: Session, target: Target):
    if target.organization_id:
        return Person.organization_id.in_(organization_subtree(session, target.organization_id))
    return person_in_area(target.area_code, session)


def _retiring(schedule, year: int):
    """People who reach retirement age on or before 31 December `year`."""
    male, female = (working_until_cutoff(schedule, sex, year) for sex in ("male", "female"))
    return or_(
        and_(Person.sex == "male", Person.birth_date <= male),
        and_(Person.sex == "female", Person.birth_date <= female),
    )


def target_statuses(
    session: Session, user, targets: list[Target], today: date | None = None
) -> list[TargetStatus]:
    """Supply, gap, coverage, projection and quota for each target.

    Area targets share one scan grouped by commune (old codes rolled up); organisation targets
    get one query each. The arithmetic per target happens on the grouped rows in Python."""
    today = today or date.today()
    context = _Context(session, user, targets, today)
    statuses = {t.id: TargetStatus(t) for t in targets}
    by_commune: dict[str, list[Target]] = defaultdict(list)
    area_targets = [t for t in targets if t.area_code]
    for target in area_targets:
        new, legacy = area_codes(session, target.area_code)
        for code in new:
            by_commune[code].append(target)
        for code in legacy:
            by_commune["old:" + code].append(target)
    if area_targets:
        for row in context.grouped(Person.status == "active"):
            place = row[0] if row[0] is not None else f"old:{row[1]}"
            for target in by_commune.get(place, ()):
                context.add(statuses[target.id], row[2:])
    for target in (t for t in targets if t.organization_id):
        for row in context.grouped(Person.status == "active", area_clause(session, target)):
            context.add(statuses[target.id], row[2:])
    return [statuses[t.id] for t in targets]


class _Context:
    """What every target's arithmetic needs: field bits, level ranks, retirement and quota flags."""

    def __init__(self, session: Session, user, targets: list[Target], today: date):
        self.session, self.user = session, user
        self.bits = field_bits(session)
        self.ranks = dict(
            session.execute(select(QualificationLevel.code, QualificationLevel.rank)).all()
        )
        schedule = load_schedule(session)
        params = load_params(session)
        self.years = sorted({t.target_year for t in targets})
        self.groups = sorted({t.quota_group for t in targets if t.quota_group})
        self.sums = [func.sum(case((_retiring(schedule, y), 1), else_=0)) for y in self.years]
        self.sums += [
            func.sum(case((group_clause(session, g, today, params), 1), else_=0))
            for g in self.groups
        ]

    def grouped(self, *clauses):
        """Counts by commune, old commune, level and field masks (the order of ix_person_supply, so
        SQLite reads the index alone, already grouped); retirement and quota flags are summed."""
        keys = [
            Person.commune_code,
            Person.legacy_commune_code,
            Person.highest_level_code,
            Person.fields_by_study,
            Person.fields_by_declared,
        ]
        return self.session.execute(
            select(*keys, *self.sums, func.count())
            .where(visible_people(self.session, self.user), *clauses)
            .group_by(*keys)
        ).all()

    def add(self, status: TargetStatus, row) -> None:
        target = status.target
        level, study, declared, n = row[0], row[1] or 0, row[2] or 0, row[-1]
        if level is None or self.ranks[level] < self.ranks[target.min_level_code]:
            return
        mask = 1 << self.bits[target.field_code]
        by_study, by_declared = bool(study & mask), bool(declared & mask)
        if not (by_study or by_declared):
            return
        status.supply += n
        status.by_both += n if by_study and by_declared else 0
        status.by_study_only += n if by_study and not by_declared else 0
        status.by_declared_only += n if by_declared and not by_study else 0
        sums = row[3:-1]
        status.leaving += sums[self.years.index(target.target_year)] or 0
        if target.quota_group:
            status.quota_count += sums[len(self.years) + self.groups.index(target.quota_group)] or 0


def target_people_clauses(session: Session, user, target: Target) -> list:
    """The WHERE clauses behind a target's supply (for breakdowns and the shortlist)."""
    from registry.people.fields import has_field

    minimum = (
        select(QualificationLevel.rank)
        .where(QualificationLevel.code == target.min_level_code)
        .scalar_subquery()
    )
    return [
        Person.status == "active",
        visible_people(session, user),
        area_clause(session, target),
        has_field(field_bits(session)[target.field_code]),
        Person.highest_level_code.in_(
            select(QualificationLevel.code).where(QualificationLevel.rank >= minimum)
        ),
    ]


# Age bands of the breakdowns, youngest first: (label, upper bound exclusive).
AGE_BANDS = (("<30", 30), ("30-39", 40), ("40-49", 50), ("50-59", 60), ("60+", None))


def breakdown(session: Session, user, target: Target, today: date | None = None) -> dict[str, dict]:
    """The supply of one target by level, commune, sex, age band and policy group."""
    from registry.people.policy import GROUPS

    today = today or date.today()
    clauses = target_people_clauses(session, user, target)
    result = {}
    ranks = dict(session.execute(select(QualificationLevel.code, QualificationLevel.rank)).all())
    for name, column in (
        ("level", Person.highest_level_code),
        ("area", Person.commune_code),
        ("sex", Person.sex),
    ):
        result[name] = dict(
            session.execute(select(column, func.count()).where(*clauses).group_by(column)).all()
        )
    # Natural orders: levels from the highest down, age bands from the youngest up.
    result["level"] = dict(
        sorted(result["level"].items(), key=lambda item: -ranks.get(item[0], -1))
    )
    age = today.year - func.coalesce(func.extract("year", Person.birth_date), today.year)
    band = case(*[(age < upper, name) for name, upper in AGE_BANDS[:-1]], else_=AGE_BANDS[-1][0])
    counts = dict(session.execute(select(band, func.count()).where(*clauses).group_by(band)).all())
    result["age"] = {name: counts[name] for name, _upper in AGE_BANDS if name in counts}
    params = load_params(session)
    flags = [func.sum(case((group_clause(session, g, today, params), 1), else_=0)) for g in GROUPS]
    row = session.execute(select(*flags).where(*clauses)).one()
    result["group"] = {g: n or 0 for g, n in zip(GROUPS, row, strict=True)}
    return result


def supply_trend(
    session: Session, user, years: list[int], area: str | None = None
) -> dict[str, dict[int, int]]:
    """Active people per priority field who held a degree in it by each year (their first degree's year)."""
    bits = field_bits(session)
    clauses = [
        Person.status == "active",
        visible_people(session, user),
        Person.first_degree_year.is_not(None),
    ]
    if area:
        clauses.append(person_in_area(area, session))
    keys = [Person.fields_by_study, Person.fields_by_declared, Person.first_degree_year]
    rows = session.execute(select(*keys, func.count()).where(*clauses).group_by(*keys)).all()
    trend = {code: dict.fromkeys(years, 0) for code in bits}
    for study, declared, year, n in rows:
        mask = (study or 0) | (declared or 0)
        for code, bit in bits.items():
            if mask & (1 << bit):
                for y in years:
                    if year <= y:
                        trend[code][y] += n
    return trend
