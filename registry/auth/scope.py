"""Who may see which people: the scope kinds, declared once, and one clause per user.

admin: everyone. individual: their own profile only. officer and recruiter: their scope, one of
`SCOPE_KINDS` (a province, a former district with its communes after the 2025 conversion, a
commune, a named group of communes, or an organisation subtree). Each kind says how it is written
(`44`, `464`, `19363`, `group:3`, `org:12`), where it is stored on the user, how it is checked and
which people it covers, as a condition (registry/people/conditions.py) that the SQL builder and
the in-memory search columns both read. Queries add `visible_people(session, user)` to their WHERE
clause, so lists, counts, profile pages, exports, the API and the CLI agree and never leak.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from registry.auth.models import CommuneGroup
from registry.errors import ValidationError
from registry.people.areas import area_codes, area_condition
from registry.people.conditions import (
    CodeIn,
    Condition,
    Everyone,
    InArea,
    Nobody,
    to_sql,
)
from registry.people.models import Organization, Person
from registry.reference.models import Commune, LegacyCommune, LegacyDistrict, Province


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


def group_communes(session: Session, group_id: int) -> Condition:
    """The communes of a commune group (with the old communes that roll up into them)."""
    group = session.get(CommuneGroup, group_id)
    new: set[str] = set()
    legacy: set[str] = set()
    for code in group.commune_codes if group else []:
        inside, old = area_codes(session, code)
        new.update(inside)
        legacy.update(old)
    return InArea(tuple(sorted(new)), tuple(sorted(legacy)))


@dataclass(frozen=True)
class ScopeKind:
    """One kind of scope: how it is written, where it is stored, which people it covers."""

    name: str
    label: object
    pattern: str  # the written form, a regular expression whose group 1 is the stored value
    stored_in: str  # the attribute of the user that holds it
    exists: Callable[[Session, str], bool]
    condition: Callable[[Session, str], Condition]

    def read(self, value: str) -> str | None:
        found = re.fullmatch(self.pattern, value)
        return found.group(1) if found else None

    def holds(self, user) -> str | None:
        """The stored value when `user`'s scope is of this kind."""
        value = getattr(user, self.stored_in, None)
        if value is None or (self.stored_in == "scope_area_code" and self.read(value) is None):
            return None
        return str(value)


def _area(session: Session, code: str) -> Condition:
    return area_condition(session, code)


SCOPE_KINDS = (
    ScopeKind(
        "province",
        _l("Tỉnh, thành phố"),
        r"(\d{2})",
        "scope_area_code",
        lambda s, v: s.get(Province, v) is not None,
        _area,
    ),
    ScopeKind(
        "district",
        _l("Huyện cũ (các xã sau sắp xếp 2025)"),
        r"(\d{3})",
        "scope_area_code",
        lambda s, v: s.get(LegacyDistrict, v) is not None,
        _area,
    ),
    ScopeKind(
        "commune",
        _l("Xã, phường"),
        r"(\d{5})",
        "scope_area_code",
        lambda s, v: s.get(Commune, v) is not None or s.get(LegacyCommune, v) is not None,
        _area,
    ),
    ScopeKind(
        "group",
        _l("Nhóm xã"),
        r"group:(\d{1,9})",
        "scope_group_id",
        lambda s, v: s.get(CommuneGroup, int(v)) is not None,
        lambda s, v: group_communes(s, int(v)),
    ),
    ScopeKind(
        "org",
        _l("Cơ quan, đơn vị và các đơn vị trực thuộc"),
        r"org:(\d{1,9})",
        "scope_org_id",
        lambda s, v: s.get(Organization, int(v)) is not None,
        lambda s, v: CodeIn("org", tuple(organization_subtree(s, int(v)))),
    ),
)
SCOPED_ROLES = ("officer", "recruiter")


@dataclass(frozen=True)
class Scope:
    """A parsed scope: its kind and the values to store on the user."""

    kind: str | None = None
    area_code: str | None = None
    org_id: int | None = None
    group_id: int | None = None

    def stored(self) -> dict:
        return {
            "scope_area_code": self.area_code,
            "scope_org_id": self.org_id,
            "scope_group_id": self.group_id,
        }


def parse_scope(session: Session, value: str | None) -> Scope:
    """A written scope (`44`, `464`, `19363`, `group:3`, `org:12`), checked against the registry."""
    value = (value or "").strip()
    if not value:
        return Scope()
    for kind in SCOPE_KINDS:
        stored = kind.read(value)
        if stored is None:
            continue
        if not kind.exists(session, stored):
            break
        if kind.stored_in == "scope_org_id":
            return Scope(kind.name, org_id=int(stored))
        if kind.stored_in == "scope_group_id":
            return Scope(kind.name, group_id=int(stored))
        return Scope(kind.name, area_code=stored)
    raise ValidationError(
        {
            "scope": str(
                _l(
                    "Phạm vi không có trong danh mục: %(value)s (mã tỉnh, huyện cũ, xã, "
                    "group:<số nhóm xã> hoặc org:<số cơ quan>)",
                    value=value[:40],
                )
            )
        }
    )


def scope_kind(user) -> tuple[ScopeKind, str] | None:
    """The kind of `user`'s scope and its stored value (None when they have none)."""
    for kind in SCOPE_KINDS:
        value = kind.holds(user)
        if value is not None:
            return kind, value
    return None


def visible_condition(session: Session, user) -> Condition:
    """The people `user` may see, as a condition for either search engine."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Nobody()
    if user.role == "admin":
        return Everyone()
    if user.role == "individual":
        return CodeIn("id", (user.person_id,)) if user.person_id else Nobody()
    found = scope_kind(user) if user.role in SCOPED_ROLES else None
    return found[0].condition(session, found[1]) if found else Nobody()


def visible_people(session: Session, user) -> ColumnElement[bool]:
    """The WHERE clause selecting the people `user` may see."""
    return to_sql(visible_condition(session, user))


def can_see_person(session: Session, user, person_id: int) -> bool:
    return (
        session.scalar(
            select(Person.id).where(Person.id == person_id, visible_people(session, user))
        )
        is not None
    )
