"""Milestones toward "100% meet their position's standard by 2030": the target rate per year for
an area or organisation, the actual rate per year, and the projection if the training plan is
completed. Rates are over every active public-sector person (the plan's rate)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.services import record
from registry.core.params import parse_area, parse_id, parse_year
from registry.errors import ValidationError
from registry.people.areas import area_name
from registry.people.models import Organization, Person
from registry.standards.compliance import Filters, compliance, holders_query
from registry.standards.models import Milestone, TrainingCourse, TrainingNomination
from registry.standards.needs import needs_of

PLAN_YEAR = 2030


def save_milestone(session: Session, data: dict, actor) -> Milestone:
    """Create or replace the target rate of an area or organisation for a year."""
    errors = {}
    year = str(data.get("year") or "").strip()
    if parse_year(year, 2000, 2100) is None:
        errors["year"] = str(_l("Năm không hợp lệ."))
    try:
        rate = Decimal(str(data.get("target_rate") or "").strip().rstrip("%").replace(",", "."))
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite():
        errors["target_rate"] = str(_l("Tỷ lệ mục tiêu phải là một số."))
    elif not 0 <= rate <= 100:
        errors["target_rate"] = str(_l("Tỷ lệ mục tiêu phải từ 0 đến 100%."))
    area = (data.get("area_code") or "").strip() or None
    org = str(data.get("organization_id") or "").strip() or None
    if bool(area) == bool(org):
        errors["area_code"] = str(_l("Chọn một địa bàn hoặc một cơ quan, đơn vị."))
    elif area and (parse_area(area) is None or area_name(session, area) is None):
        errors["area_code"] = str(_l("Địa bàn không có trong danh mục: %(code)s", code=area))
    elif org and (parse_id(org) is None or session.get(Organization, int(org)) is None):
        errors["organization_id"] = str(_l("Không có cơ quan, đơn vị này."))
    if errors:
        raise ValidationError(errors)
    org_id = int(org) if org else None
    milestone = session.scalar(
        select(Milestone).where(
            Milestone.year == int(year),
            Milestone.area_code.is_(None) if area is None else Milestone.area_code == area,
            Milestone.organization_id.is_(None)
            if org_id is None
            else Milestone.organization_id == org_id,
        )
    ) or Milestone(year=int(year), area_code=area, organization_id=org_id)
    milestone.target_rate = rate.quantize(Decimal("0.1"))
    milestone.source_document = (data.get("source_document") or "").strip()[:255] or None
    session.add(milestone)
    session.flush()
    record(
        session,
        actor=actor,
        action="standards.milestone.save",
        target_type="standard_milestone",
        target_id=milestone.id,
        details={"year": int(year), "rate": str(rate), "area": area, "org": org_id},
    )
    return milestone


def milestones_for(session: Session, area: str | None, organization_id: int | None) -> dict:
    clause = (
        Milestone.organization_id == organization_id
        if organization_id
        else Milestone.area_code == area
    )
    return {
        m.year: float(m.target_rate)
        for m in session.scalars(select(Milestone).where(clause).order_by(Milestone.year))
    }


def actual_rate_at_year(
    session: Session,
    user,
    year: int,
    filters: Filters,
    today: date | None = None,
    current: dict | None = None,
) -> float | None:
    """THE hook for "actual rate at year Y". The current year comes from the current data
    (`current`, a compliance() result, when the caller has one); earlier years from the last
    report snapshot ("chốt số liệu") closed in that year, None without one."""
    today = today or date.today()
    if year == today.year:
        return (current or compliance(session, user, filters))["overall"].plan_rate
    if year > today.year:
        return None
    # In the function: the reports feature reads compliance from this one to take its snapshots.
    from registry.reports.queries import compliance_rate_in_year

    return compliance_rate_in_year(session, user, year, filters.area, filters.organization_id)


def closing_years(session: Session, user, result: dict) -> dict[int, int]:
    """{year: people who fall short today and would meet their standard once every course they
    are nominated to, up to that year, is completed}."""
    query, mask = holders_query(session, user, result["filters"], result["standards"], Person.id)
    planned = query.where(mask > 0, Person.id.in_(select(TrainingNomination.person_id)))
    people = {pid: (position, mask) for pid, position, mask in session.execute(planned)}
    covered: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    rows = session.execute(
        select(
            TrainingNomination.person_id,
            TrainingCourse.kind,
            TrainingCourse.level_code,
            TrainingCourse.year,
        )
        .join(TrainingNomination.course)
        .where(TrainingNomination.state != "dropped")
        .where(TrainingNomination.person_id.in_(list(people)))
    )
    for pid, kind, level, year in rows:
        key = (kind, level)
        covered[pid][key] = min(year, covered[pid].get(key, year))
    closing: dict[int, int] = defaultdict(int)
    for pid, (position, mask) in people.items():
        needs = needs_of(result["standards"][position], mask)
        if needs and all(n in covered[pid] for n in needs):
            closing[max(covered[pid][n] for n in needs)] += 1
    return dict(closing)


def milestone_path(
    session: Session,
    user,
    result: dict,
    area: str | None,
    organization_id: int | None = None,
    today: date | None = None,
) -> list[dict]:
    """Year by year to the plan year: target, actual, and projected rate if the training plan
    (every nomination not dropped) is completed."""
    today = today or date.today()
    targets = milestones_for(session, area, organization_id)
    first = min([today.year, *targets])
    overall, closing = result["overall"], closing_years(session, user, result)
    gained = sum(n for year, n in closing.items() if year < today.year)
    rows = []
    for year in range(first, max([PLAN_YEAR, *targets]) + 1):
        projected = None
        if year >= today.year:
            gained += closing.get(year, 0)
            everyone = overall.everyone
            projected = round(100 * (overall.compliant + gained) / everyone, 1) if everyone else 0.0
        actual = actual_rate_at_year(session, user, year, result["filters"], today, result)
        rows.append(
            {
                "year": year,
                "target": targets.get(year),
                "actual": actual,
                "projected": projected,
                "projected_compliant": overall.compliant + gained
                if projected is not None
                else None,
            }
        )
    return rows
