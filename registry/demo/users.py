"""Demo logins for every role; passwords are random and shown once (and kept in instance/)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.auth.models import User
from registry.auth.services import create_user
from registry.people.models import Person

DEMO_USERS = (
    ("admin", "admin", None),
    ("canbo.tinh", "officer", "44"),
    ("canbo.vinhlinh", "officer", "19363"),
    ("tuyendung", "recruiter", "44"),
    ("canhan", "individual", None),
)


def create_demo_users(session: Session) -> list[tuple[str, str, str]]:
    """Create the demo logins that do not exist yet; returns (username, role, password)."""
    created = []
    first_person = session.scalar(select(Person.id).order_by(Person.id).limit(1))
    for username, role, scope in DEMO_USERS:
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            continue
        if role == "individual" and first_person is None:
            continue
        password = secrets.token_urlsafe(9)
        create_user(
            session,
            username=username,
            password=password,
            role=role,
            scope=scope,
            person_id=first_person if role == "individual" else None,
        )
        created.append((username, role, password))
    return created


def save_logins(instance_path: str, logins: list[tuple[str, str, str]]) -> Path:
    """Append the logins to instance/demo-logins.txt (0600) so scripts/run can show them again."""
    path = Path(instance_path) / "demo-logins.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        for username, role, password in logins:
            handle.write(f"{username:16} {role:11} {password}\n")
    return path
