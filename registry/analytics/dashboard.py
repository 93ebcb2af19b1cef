"""The gap dashboard's numbers as plain data: the page, the API, the CLI and the benchmark share it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from urllib.parse import urlencode

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.analytics.models import Target
from registry.analytics.queries import TargetStatus, supply_trend, target_statuses
from registry.analytics.targets_in_scope import PART, area_outside_scope, coverage
from registry.people.areas import area_codes, area_name
from registry.reference.models import PriorityField


def targets_in(session: Session, area: str | None, year: int | None) -> list[Target]:
    """Targets whose area lies inside `area` (all when None), for `year` (all when None)."""
    query = select(Target).order_by(
        Target.target_year, Target.field_code, Target.area_code, Target.id
    )
    if year:
        query = query.where(Target.target_year == year)
    targets = list(session.scalars(query))
    if not area:
        return targets
    inside_set = set(area_codes(session, area)[0])
    known: dict[str, set[str]] = {}

    def contained(target: Target) -> bool:
        if target.area_code is None or target.area_code == area:
            return True
        if target.area_code not in known:
            known[target.area_code] = set(area_codes(session, target.area_code)[0])
        return bool(known[target.area_code]) and known[target.area_code] <= inside_set

    return [t for t in targets if contained(t)]


def drill_down(target: Target, **extra) -> str:
    params = {"field": target.field_code, "min_level": target.min_level_code, "status": "active"}
    if target.area_code:
        params["area"] = target.area_code
    if target.organization_id:
        params["org"] = target.organization_id
    params.update(extra)
    return "/people?" + urlencode(params)


def status_row(session: Session, status: TargetStatus) -> dict:
    t = status.target
    return {
        "id": t.id,
        "field": t.field_code,
        "area": t.area_code or f"org:{t.organization_id}",
        "area_name": area_name(session, t.area_code)
        if t.area_code
        else (t.organization.name if t.organization else ""),
        "min_level": t.min_level_code,
        "required": t.required,
        "year": t.target_year,
        "source": t.source_document,
        "supply": status.supply,
        "by_study_only": status.by_study_only,
        "by_declared_only": status.by_declared_only,
        "by_both": status.by_both,
        "gap": status.gap,
        "coverage": status.coverage,
        "leaving_by_year": status.leaving,
        "supply_at_year": status.supply_at_year,
        "gap_at_year": status.gap_at_year,
        "coverage_at_year": status.coverage_at_year,
        "quota_group": t.quota_group,
        "quota_percent": t.quota_percent,
        "quota_count": status.quota_count if t.quota_group else None,
        "quota_needed": status.quota_needed,
        "people_url": drill_down(t),
    }


def scoped_row(row: dict, place: str) -> dict:
    """A target the scope covers only partly shows the supply inside the scope; its gap is the
    whole area's business, not the user's, so it is left empty and out of the totals."""
    row["scope_part"] = place == PART
    row["scope_label"] = str(_l("phần thuộc phạm vi của bạn")) if place == PART else None
    if place == PART:
        for key in ("gap", "gap_at_year", "coverage", "coverage_at_year", "quota_needed"):
            row[key] = None
    return row


def totals_note(whole: int, partial: int) -> str:
    note = _l("Cộng %(n)d chỉ tiêu thuộc trọn phạm vi của bạn.", n=whole)
    if partial:
        extra = _l(
            "%(m)d chỉ tiêu của địa bàn rộng hơn phạm vi chỉ hiện phần thuộc phạm vi của bạn, "
            "không cộng vào tổng.",
            m=partial,
        )
        return f"{note} {extra}"
    return str(note)


def dashboard(
    session: Session,
    user,
    area: str | None = None,
    year: int | None = None,
    today: date | None = None,
) -> dict:
    today = today or date.today()
    targets = targets_in(session, area, year)
    placed = coverage(session, user, targets)
    targets = [t for t in targets if t.id in placed]
    rows = [
        scoped_row(status_row(session, s), placed[s.target.id])
        for s in target_statuses(session, user, targets, today)
    ]
    partial = [row for row in rows if row["scope_part"]]
    rows = [row for row in rows if not row["scope_part"]]
    names = dict(session.execute(select(PriorityField.code, PriorityField.name_vi)).all())
    by_field: dict[str, dict] = defaultdict(
        lambda: {"required": 0, "supply": 0, "gap": 0, "gap_at_year": 0}
    )
    by_commune: dict[str, dict] = defaultdict(
        lambda: {"required": 0, "supply": 0, "gap": 0, "gap_at_year": 0, "fields": {}}
    )
    for row in rows:
        for bucket in (by_field[row["field"]], by_commune[row["area"]]):
            for key in ("required", "supply", "gap", "gap_at_year"):
                bucket[key] += row[key]
        by_commune[row["area"]]["name"] = row["area_name"]
        by_commune[row["area"]]["fields"][row["field"]] = row["coverage"]
    totals = {
        key: sum(r[key] for r in rows)
        for key in ("required", "supply", "gap", "leaving_by_year", "supply_at_year", "gap_at_year")
    }
    years = list(range(today.year - 9, today.year + 1))
    return {
        "area": area,
        "area_name": area_name(session, area) if area else None,
        "year": year,
        "today": today.isoformat(),
        "targets": rows + partial,
        "totals": totals,
        "totals_cover": {
            "targets": len(rows),
            "partial_targets": len(partial),
            "note": totals_note(len(rows), len(partial)),
        },
        "outside_scope": bool(area) and area_outside_scope(session, user, area),
        "fields": [
            {"field": code, "name": names.get(code, code), **values}
            for code, values in sorted(by_field.items(), key=lambda item: -item[1]["gap"])
        ],
        "communes": [
            {"area": code, **values}
            for code, values in sorted(by_commune.items(), key=lambda item: -item[1]["gap"])
        ],
        "trend": {
            "years": years,
            "series": {
                names.get(code, code): values
                for code, values in supply_trend(session, user, years, area).items()
                if code in by_field or not by_field
            },
        },
    }
