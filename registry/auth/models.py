"""Users of the application: a role and a scope each."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from registry.extensions import db
from registry.people.models import utcnow

ROLES = ("admin", "officer", "recruiter", "individual")


class User(UserMixin, db.Model):
    """A login. Its scope is one of the kinds of registry/auth/scope.py."""

    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'officer', 'recruiter', 'individual')", name="role"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(12))
    scope_area_code: Mapped[str | None] = mapped_column(String(5))
    scope_org_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    scope_group_id: Mapped[int | None] = mapped_column(ForeignKey("commune_group.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    person = relationship("Person")
    scope_org = relationship("Organization")
    scope_group = relationship("CommuneGroup")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses disabled users
        return self.is_enabled

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def scope_label(self) -> str:
        """The scope as typed on the command line: a code, `group:<id>` or `org:<id>`."""
        if self.scope_org_id:
            return f"org:{self.scope_org_id}"
        if self.scope_group_id:
            return f"group:{self.scope_group_id}"
        return self.scope_area_code or ""


class CommuneGroup(db.Model):
    """A named set of communes an administrator defines, usable as a user's scope."""

    __tablename__ = "commune_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    members: Mapped[list[CommuneGroupMember]] = relationship(
        back_populates="group",
        cascade="all, delete-orphan",
        order_by="CommuneGroupMember.commune_code",
    )

    @property
    def commune_codes(self) -> list[str]:
        return [member.commune_code for member in self.members]


class CommuneGroupMember(db.Model):
    __tablename__ = "commune_group_member"
    group_id: Mapped[int] = mapped_column(
        ForeignKey("commune_group.id", ondelete="CASCADE"), primary_key=True
    )
    commune_code: Mapped[str] = mapped_column(ForeignKey("commune.code"), primary_key=True)
    group: Mapped[CommuneGroup] = relationship(back_populates="members")


class UserSession(db.Model):
    """One signed-in browser. The cookie carries only `key`; the row decides whether it is alive,
    so logout, a password change or an administrator's decision end it on the server."""

    __tablename__ = "user_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(200))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    end_reason: Mapped[str | None] = mapped_column(String(40))
