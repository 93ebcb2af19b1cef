"""Reads for reports: which areas and snapshots a user may report on, and the rows a report counts."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from registry.auth.scope import organization_subtree
from registry.errors import ValidationError
from registry.people.areas import area_codes, area_name, person_in_area
from registry.people.models import Organization, Person
from registry.reports.models import Snapshot, SnapshotPerson

AREA_WORDS = {2: "tỉnh", 3: "huyện", 5: "xã"}


def _communes(session: Session, code: str) -> set[str]:
    new, legacy = area_codes(session, code)
    return set(new) | {"old:" + c for c in legacy}


def inside(session: Session, inner: str, outer: str | None) -> bool:
    """True when area `inner` lies within area `outer` (None: everywhere)."""
    if outer is None or inner == outer:
        return True
    if inner.startswith("org:") or outer.startswith("org:"):
        return False
    return _communes(session, inner) <= _communes(session, outer)


def default_area(user, home_province: str) -> str:
    if getattr(user, "scope_org_id", None):
        return f"org:{user.scope_org_id}"
    return getattr(user, "scope_area_code", None) or home_province


def check_area(session: Session, user, area: str) -> tuple[str, str]:
    """The area (province, former district or commune code, or `org:<id>`) and its name, when it
    exists and lies within the user's scope; otherwise a ValidationError with a clear message."""
    area = (area or "").strip()
    if area.startswith("org:"):
        org_id = area[4:]
        org = (
            session.get(Organization, int(org_id))
            if org_id.isascii() and org_id.isdigit() and len(org_id) < 10
            else None
        )
        if org is None:
            raise ValidationError({"area": _("Không có cơ quan, đơn vị này.")})
        allowed = user.role == "admin" or (
            user.scope_org_id and org.id in organization_subtree(session, user.scope_org_id)
        )
        if not allowed:
            raise ValidationError({"area": _("Đơn vị này nằm ngoài phạm vi của bạn.")})
        return area, org.name
    name = (
        area_name(session, area)
        if area.isascii() and area.isdigit() and len(area) in (2, 3, 5)
        else None
    )
    if name is None:
        raise ValidationError(
            {"area": _("Địa bàn không có trong danh mục: %(code)s", code=area[:20])}
        )
    if user.role != "admin" and (
        user.scope_org_id or not inside(session, area, user.scope_area_code)
    ):
        raise ValidationError({"area": _("Địa bàn này nằm ngoài phạm vi của bạn.")})
    return area, name


def whole_area_words(area: str, name: str) -> str:
    """'Toàn huyện Vĩnh Linh', 'Toàn tỉnh Quảng Trị', 'Toàn đơn vị ...' for generated sentences."""
    if area.startswith("org:"):
        return _("Toàn đơn vị %(name)s", name=name)
    word = AREA_WORDS.get(len(area), "")
    lowered = name.lower()
    for prefix in (
        "tỉnh ",
        "thành phố ",
        "huyện ",
        "thị xã ",
        "quận ",
        "xã ",
        "phường ",
        "thị trấn ",
    ):
        if lowered.startswith(prefix):
            return _("Toàn %(name)s", name=lowered[: len(prefix)] + name[len(prefix) :])
    return _("Toàn %(word)s %(name)s", word=word, name=name)


def people_clause(session: Session, area: str | None) -> ColumnElement[bool] | None:
    """The live people in an area or organisation subtree (for temporary snapshots)."""
    if not area:
        return None
    if area.startswith("org:"):
        return Person.organization_id.in_(organization_subtree(session, int(area[4:])))
    return person_in_area(area, session)


def snapshot_area_clause(session: Session, area: str) -> ColumnElement[bool]:
    """Snapshot rows in an area, matched as registry.people.areas.person_in_area matches people:
    the new commune, or the old one for people who only had an old commune code."""
    row = SnapshotPerson
    if area.startswith("org:"):
        return row.organization_id.in_(organization_subtree(session, int(area[4:])))
    new, legacy = area_codes(session, area)
    return or_(
        and_(row.legacy_commune_code.is_(None), row.commune_code.in_(new)),
        row.legacy_commune_code.in_(legacy),
    )


def visible_snapshots(session: Session, user) -> list[Snapshot]:
    """Snapshots the user may report from: the whole registry's, or those overlapping their area."""
    snapshots = list(
        session.scalars(select(Snapshot).order_by(Snapshot.as_of.desc(), Snapshot.id.desc()))
    )
    if user.role == "admin":
        return snapshots
    scope = user.scope_area_code
    return [
        s
        for s in snapshots
        if s.area_code is None
        or (scope and (inside(session, s.area_code, scope) or inside(session, scope, s.area_code)))
    ]


def usable_snapshot(session: Session, user, snapshot_id, area: str, field: str) -> Snapshot:
    """A snapshot the user may see that covers the whole `area`; a clear error otherwise."""
    raw = str(snapshot_id or "").strip()
    snapshot = (
        session.get(Snapshot, int(raw))
        if raw.isascii() and raw.isdigit() and len(raw) < 10
        else None
    )
    if snapshot is None or snapshot not in visible_snapshots(session, user):
        raise ValidationError(
            {field: _("Không tìm thấy kỳ chốt số liệu này trong phạm vi của bạn.")}
        )
    if not inside(session, area, snapshot.area_code):
        raise ValidationError(
            {
                field: _(
                    "Kỳ chốt số liệu “%(name)s” không bao gồm toàn bộ địa bàn đã chọn.",
                    name=snapshot.name,
                )
            }
        )
    return snapshot


def snapshot_at(session: Session, user, day, area: str, field: str) -> Snapshot:
    """The latest snapshot closed at date `day` that the user may use for `area`."""
    for snapshot in visible_snapshots(session, user):
        if snapshot.as_of == day and inside(session, area, snapshot.area_code):
            return snapshot
    raise ValidationError(
        {
            field: _(
                "Chưa có kỳ chốt số liệu ngày %(day)s cho địa bàn này.",
                day=day.strftime("%d/%m/%Y"),
            )
        }
    )


def compliance_rate_in_year(
    session: Session, user, year: int, area: str | None, organization_id: int | None = None
) -> float | None:
    """The rate of public staff meeting their position's standard (over holders and staff without
    a position, as the compliance page's "over everyone"), from the last snapshot closed in
    `year` that covers the area; None when no such snapshot exists. Counts people the user may
    see today."""
    from registry.auth.scope import visible_people

    snapshot = next(
        (s for s in visible_snapshots(session, user) if s.as_of.year == year
         and (s.area_code is None or (area and inside(session, area, s.area_code)))),
        None,
    )  # fmt: skip
    if snapshot is None:
        return None
    row = SnapshotPerson
    where = [
        row.snapshot_id == snapshot.id,
        row.status == "active",
        row.person_id.in_(select(Person.id).where(visible_people(session, user))),
        or_(row.position_id.is_not(None), row.sector.in_(("state_agency", "public_service"))),
    ]
    if area:
        where.append(snapshot_area_clause(session, area))
    if organization_id:
        where.append(row.organization_id.in_(organization_subtree(session, organization_id)))
    everyone, compliant = session.execute(
        select(func.count(), func.count().filter(row.compliant.is_(True))).where(*where)
    ).one()
    return round(100 * compliant / everyone, 1) if everyone else None
