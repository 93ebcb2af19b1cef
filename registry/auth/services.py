"""Writes and checks for users. Flush, never commit."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.services import record
from registry.auth.models import ROLES, User
from registry.auth.scope import SCOPED_ROLES, Scope, parse_scope
from registry.auth.sessions import end_all_sessions
from registry.errors import ValidationError
from registry.people.models import Person, utcnow

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")
MIN_PASSWORD_LENGTH = 10
# A real scrypt hash, so an unknown username costs the same time as a wrong password.
_DUMMY = User(password_hash="")
_DUMMY.set_password("timing-equaliser")


def check_password_strength(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            {"password": str(_l("Mật khẩu phải có ít nhất %(n)d ký tự.", n=MIN_PASSWORD_LENGTH))}
        )


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: str,
    scope: str | None = None,
    person_id: int | None = None,
    actor=None,
) -> User:
    """A new login (audited as created by `actor`, the system when None)."""
    username = (username or "").strip().lower()
    errors: dict[str, str] = {}
    if not USERNAME.match(username):
        errors["username"] = str(_l("Tên đăng nhập gồm 3-80 ký tự a-z, 0-9, dấu chấm, gạch nối."))
    elif session.scalar(select(User.id).where(User.username == username)) is not None:
        errors["username"] = str(_l("Tên đăng nhập đã tồn tại."))
    if role not in ROLES:
        errors["role"] = str(_l("Vai trò không hợp lệ: %(value)s", value=role))
    if person_id is not None and session.get(Person, person_id) is None:
        errors["person"] = str(_l("Không có hồ sơ số %(value)s.", value=person_id))
    if role == "individual" and person_id is None:
        errors["person"] = str(_l("Tài khoản cá nhân phải gắn với một hồ sơ."))
    if role in SCOPED_ROLES and not scope:
        errors["scope"] = str(
            _l(
                "Cán bộ và nhà tuyển dụng phải có phạm vi (tỉnh, huyện cũ, xã, nhóm xã "
                "hoặc tổ chức)."
            )
        )
    try:
        parsed = parse_scope(session, scope)
    except ValidationError as error:
        errors.update(error.errors)
        parsed = Scope()
    try:
        check_password_strength(password)
    except ValidationError as error:
        errors.update(error.errors)
    if errors:
        raise ValidationError(errors)
    user = User(username=username, role=role, person_id=person_id, **parsed.stored())
    user.set_password(password)
    session.add(user)
    session.flush()
    record(
        session,
        actor=actor,
        action="user.create",
        target_type="user",
        target_id=user.id,
        details={"username": username, "role": role, "scope": user.scope_label},
    )
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The enabled user with this name and password, else None (same cost either way)."""
    user = session.scalar(select(User).where(User.username == (username or "").strip().lower()))
    if user is None:
        _DUMMY.check_password(password or "")
        return None
    if not user.check_password(password or "") or not user.is_enabled:
        return None
    user.last_login_at = utcnow()
    session.flush()
    return user


def change_own_password(
    session: Session, user: User, *, current: str, new: str, confirm: str, keep_key: str | None
) -> int:
    """The user's own password change: the current one required, the policy enforced, every
    other session signed out (this one stays). Returns how many sessions ended."""
    errors: dict[str, str] = {}
    if not user.check_password(current or ""):
        errors["current_password"] = str(_l("Mật khẩu hiện tại không đúng."))
    try:
        check_password_strength(new)
    except ValidationError as error:
        errors["new_password"] = error.errors["password"]
    if not errors.get("new_password") and new != confirm:
        errors["confirm_password"] = str(_l("Hai lần nhập mật khẩu mới không khớp."))
    if not errors and new == current:
        errors["new_password"] = str(_l("Mật khẩu mới phải khác mật khẩu hiện tại."))
    if errors:
        raise ValidationError(errors)
    user.set_password(new)
    ended = end_all_sessions(session, user.id, "password_change", keep_key=keep_key)
    record(
        session,
        actor=user,
        action="user.password_change",
        target_type="user",
        target_id=user.id,
        details={"sessions_ended": ended},
    )
    return ended
