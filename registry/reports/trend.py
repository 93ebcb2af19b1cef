"""The main counts over the last snapshots, for the overview and the gap dashboard (SVG + table)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from registry.auth.privacy import sees_personal_data
from registry.people.policy import GROUPS
from registry.reference.models import QualificationLevel
from registry.reports.models import SnapshotPerson
from registry.reports.queries import default_area, inside, snapshot_area_clause, visible_snapshots

P = SnapshotPerson
LAST = 6


def snapshot_trend(
    session: Session, user, area: str | None, home_province: str, gaps: bool = False
) -> dict | None:
    """{"dates": [...], "series": {label: {date: n}}} over the last snapshots covering the area,
    or None when the user may not read reports or fewer than one snapshot applies."""
    if getattr(user, "role", None) not in ("admin", "officer", "recruiter"):
        return None
    area = area or default_area(user, home_province)
    snapshots = [s for s in visible_snapshots(session, user) if inside(session, area, s.area_code)][
        :LAST
    ]
    if not snapshots:
        return None
    snapshots.reverse()
    if gaps:
        return _gap_trend(session, area, snapshots)
    ranks = dict(session.execute(select(QualificationLevel.code, QualificationLevel.rank)).all())
    intellectual = list(
        session.scalars(
            select(QualificationLevel.code).where(QualificationLevel.counts_as_intellectual)
        )
    )
    postgraduate = [c for c, r in ranks.items() if r >= ranks.get("thac_si", 5)]
    columns = {
        _("Trí thức (đại học trở lên)"): P.level.in_(intellectual),
        _("Sau đại học"): P.level.in_(postgraduate),
        _("Nữ"): P.sex == "female",
    }
    if sees_personal_data(user):
        columns[_("Dân tộc thiểu số")] = P.groups.op("&")(1 << GROUPS.index("ethnic_minority")) != 0
    sums = [func.sum(case((clause, 1), else_=0)) for clause in columns.values()]
    rows = session.execute(
        select(P.snapshot_id, *sums)
        .where(
            P.snapshot_id.in_([s.id for s in snapshots]),
            P.status == "active",
            snapshot_area_clause(session, area),
        )
        .group_by(P.snapshot_id)
    ).all()
    by_id = {row[0]: row[1:] for row in rows}
    dates = [s.as_of.isoformat() for s in snapshots]
    series = {
        name: {
            s.as_of.isoformat(): int((by_id.get(s.id) or [0] * len(columns))[i] or 0)
            for s in snapshots
        }
        for i, name in enumerate(columns)
    }
    return {"area": area, "dates": dates, "names": [s.name for s in snapshots], "series": series}


def _gap_trend(session: Session, area: str, snapshots: list) -> dict:
    """Required, supply and gap of the targets inside the area, as each snapshot recorded them."""
    from registry.analytics.dashboard import targets_in

    ids = set() if area.startswith("org:") else {t.id for t in targets_in(session, area, None)}
    names = {"required": _("Chỉ tiêu"), "supply": _("Hiện có"), "gap": _("Thiếu hụt")}
    series = {label: {} for label in names.values()}
    for snapshot in snapshots:
        rows = [g for g in snapshot.gaps or [] if g["id"] in ids]
        for key, label in names.items():
            series[label][snapshot.as_of.isoformat()] = sum(g[key] for g in rows)
    return {
        "area": area,
        "dates": [s.as_of.isoformat() for s in snapshots],
        "names": [s.name for s in snapshots],
        "series": series,
    }
