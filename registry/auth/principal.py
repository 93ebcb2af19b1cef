"""Who is acting: a signed-in `User` or a `Principal` made in code (the CLI, the demo, tests).

Services, queries and the scope clause read only the attributes of `Actor`, so both kinds work
everywhere a user is expected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class Actor(Protocol):
    """The attributes of a user that access checks, scopes and the audit log read."""

    id: int | None
    username: str
    role: str
    person_id: int | None
    scope_area_code: str | None
    scope_org_id: int | None
    scope_group_id: int | None

    @property
    def is_authenticated(self) -> bool: ...


@dataclass(frozen=True)
class Principal:
    """An actor that is not a login: a role and a scope (see registry/auth/scope.py)."""

    role: str
    username: str = "system"
    id: int | None = None
    person_id: int | None = None
    scope_area_code: str | None = None
    scope_org_id: int | None = None
    scope_group_id: int | None = None
    is_authenticated: bool = True

    @classmethod
    def system(cls) -> Principal:
        """The registry itself (CLI commands without --as-user, the demo loader): sees everyone."""
        return cls(role="admin", username="system")

    @classmethod
    def anonymous(cls) -> Principal:
        return cls(role="", username="", is_authenticated=False)


def command_user(session, username: str | None) -> Actor:
    """The user a command acts as (`--as-user`): that login, or the registry itself when none is
    named. An unknown name stops the command with a usage error."""
    import click  # only commands call this
    from sqlalchemy import select

    from registry.auth.models import User

    if not username:
        return Principal.system()
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise click.UsageError(f"no such user: {username}")
    return user
