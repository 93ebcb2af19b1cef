"""Commune groups: named sets of communes an administrator defines for users' scopes.
Flush, never commit."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.audit.services import record
from registry.auth.models import CommuneGroup, CommuneGroupMember, User
from registry.errors import ValidationError
from registry.reference.models import Commune
from registry.text import nfc


def commune_groups(session: Session) -> list[tuple[CommuneGroup, int]]:
    """Every group with the number of users scoped to it, by name."""
    users = (
        select(func.count(User.id)).where(User.scope_group_id == CommuneGroup.id).scalar_subquery()
    )
    return [
        tuple(row)
        for row in session.execute(select(CommuneGroup, users).order_by(CommuneGroup.name))
    ]


def save_commune_group(
    session: Session, group: CommuneGroup | None, *, name: str, communes: str, actor
) -> CommuneGroup:
    """Create or change a group: a name and commune codes (new codes of one province)."""
    name = nfc((name or "").strip()) or ""
    codes = sorted(set(re.findall(r"\d+", communes or "")))
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = str(_l("Cần nhập tên nhóm."))
    elif session.scalar(
        select(CommuneGroup.id).where(
            CommuneGroup.name == name, CommuneGroup.id != (group.id if group else -1)
        )
    ):
        errors["name"] = str(_l("Đã có nhóm xã tên này."))
    found = {c.code: c for c in session.scalars(select(Commune).where(Commune.code.in_(codes)))}
    unknown = [code for code in codes if code not in found]
    if not codes:
        errors["communes"] = str(_l("Cần ít nhất một mã xã."))
    elif unknown:
        errors["communes"] = str(
            _l("Mã xã không có trong danh mục: %(codes)s", codes=", ".join(unknown[:10]))
        )
    elif len({c.province_code for c in found.values()}) > 1:
        errors["communes"] = str(_l("Các xã của một nhóm phải cùng một tỉnh."))
    if errors:
        raise ValidationError(errors)
    before = group.commune_codes if group else None
    if group is None:
        group = CommuneGroup(name=name)
        session.add(group)
    group.name = name
    group.members = [CommuneGroupMember(commune_code=code) for code in codes]
    session.flush()
    record(
        session,
        actor=actor,
        action="commune_group.save",
        target_type="commune_group",
        target_id=group.id,
        details={"name": name, "before": before, "after": codes},
    )
    return group


def delete_commune_group(session: Session, group: CommuneGroup, actor) -> None:
    """Remove a group nobody is scoped to."""
    if session.scalar(select(User.id).where(User.scope_group_id == group.id).limit(1)):
        raise ValidationError(
            {"": str(_l("Nhóm đang là phạm vi của người dùng; đổi phạm vi của họ trước."))}
        )
    record(
        session,
        actor=actor,
        action="commune_group.delete",
        target_type="commune_group",
        target_id=group.id,
        details={"name": group.name, "communes": group.commune_codes},
    )
    session.delete(group)
    session.flush()
