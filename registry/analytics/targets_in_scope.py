"""Which targets a user's scope covers: wholly (their gap is the user's), partly (the supply shown
is "phần thuộc phạm vi của bạn", the gap is not theirs), or not at all (not shown).

Supply is always counted through `visible_people`, so a partly covered target's supply is the part
inside the scope. The scope's communes come from the user's scope area through the area helpers;
organisation scopes cover organisation targets in their subtree."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.analytics.models import Target
from registry.auth.scope import group_communes, organization_subtree
from registry.people.areas import area_codes
from registry.people.models import Organization

WHOLE, PART = "whole", "part"


def scope_communes(session: Session, user) -> set[str] | None:
    """The new commune codes a user's scope covers; None when the scope is not limited to places
    (administrators). An organisation scope covers no commune wholly: empty set."""
    if getattr(user, "role", None) == "admin":
        return None
    if getattr(user, "scope_org_id", None):
        return set()
    group = getattr(user, "scope_group_id", None)
    if group:
        return set(group_communes(session, group).new)
    area = getattr(user, "scope_area_code", None)
    return set(area_codes(session, area)[0]) if area else None


def _org_scope(session: Session, user) -> list[int]:
    org = getattr(user, "scope_org_id", None)
    return organization_subtree(session, org) if org else []


def coverage(session: Session, user, targets: list[Target]) -> dict[int, str]:
    """{target id: WHOLE or PART} for the targets the scope touches; the others are left out."""
    communes = scope_communes(session, user)
    if communes is None:
        return {t.id: WHOLE for t in targets}
    own_orgs = set(_org_scope(session, user))
    org_communes = (
        set(session.scalars(select(Organization.commune_code).where(Organization.id.in_(own_orgs))))
        if own_orgs
        else set()
    )
    known: dict[str, set[str]] = {}
    result = {}
    for target in targets:
        if target.organization_id:
            place = _org_target(session, target, communes, own_orgs)
        else:
            if target.area_code not in known:
                known[target.area_code] = set(area_codes(session, target.area_code)[0])
            inside = known[target.area_code]
            if inside and communes and inside <= communes:
                place = WHOLE
            elif inside & (communes | org_communes):
                place = PART
            else:
                place = None
        if place:
            result[target.id] = place
    return result


def _org_target(session: Session, target: Target, communes: set[str], own_orgs: set[int]):
    if own_orgs:
        if target.organization_id in own_orgs:
            return WHOLE
        subtree = organization_subtree(session, target.organization_id)
        return PART if own_orgs & set(subtree) else None
    commune = session.scalar(
        select(Organization.commune_code).where(Organization.id == target.organization_id)
    )
    return WHOLE if commune in communes else None


def area_outside_scope(session: Session, user, area: str) -> bool:
    """Whether an area shares no commune with an area-limited scope."""
    communes = scope_communes(session, user)
    if not communes:
        return False
    return not (set(area_codes(session, area)[0]) & communes)
