"""Who may see which people: one clause per user, applied inside every query builder.

admin: everyone. officer and recruiter: their province, commune or organisation subtree.
individual: their own profile only. Queries add `visible_people(user)` to their WHERE clause,
so lists, counts, profile pages, exports and the API agree and never leak.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import Session

from registry.people.areas import person_in_area
from registry.people.models import Organization, Person


def organization_subtree(session: Session, root_id: int) -> list[int]:
    """The ids of an organisation and everything below it."""
    rows = session.execute(select(Organization.id, Organization.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for org_id, parent_id in rows:
        children.setdefault(parent_id, []).append(org_id)
    found, stack = [], [root_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def visible_people(session: Session, user) -> ColumnElement[bool]:
    """The WHERE clause selecting the people `user` may see."""
    if user is None or not getattr(user, "is_authenticated", False):
        return false()
    if user.role == "admin":
        return true()
    if user.role == "individual":
        return Person.id == user.person_id if user.person_id else false()
    if user.scope_org_id:
        return Person.organization_id.in_(organization_subtree(session, user.scope_org_id))
    if user.scope_area_code:
        return person_in_area(user.scope_area_code, session)
    return false()


def can_see_person(session: Session, user, person_id: int) -> bool:
    return (
        session.scalar(
            select(Person.id).where(Person.id == person_id, visible_people(session, user))
        )
        is not None
    )
