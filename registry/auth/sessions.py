"""Server-side sessions: started at login, checked on every request, ended on the server.

The signed cookie holds the user id and a random session key; a `user_session` row (found by the
key's hash) must be alive for the cookie to mean anything. Logout ends that row; a password
change or reset, a role or scope change and disabling end every row of the user (and revoke
API tokens where the change means the holder may no longer act). Idle and absolute timeouts
are checked against the row, so a copied cookie dies with the session it was copied from.
Flush, never commit (the login view and the user loader commit).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from registry.auth.models import User, UserSession
from registry.people.models import utcnow

# How stale `last_seen_at` may get before a request writes it again (one write a minute at most).
TOUCH_EVERY = timedelta(seconds=60)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def start_session(session: Session, user: User, *, ip: str | None, user_agent: str | None) -> str:
    """A new session row; the returned key goes into the (freshly cleared) cookie."""
    key = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            user_id=user.id,
            key_hash=_digest(key),
            ip=(ip or "")[:45] or None,
            user_agent=(user_agent or "")[:200] or None,
        )
    )
    session.flush()
    return key


def live_session(
    session: Session, user_id: int, key: str | None, *, idle: int, absolute: int
) -> UserSession | None:
    """The alive session row for this cookie, touched; None (and ended) when it timed out."""
    if not key:
        return None
    row = session.scalar(
        select(UserSession).where(
            UserSession.key_hash == _digest(key),
            UserSession.user_id == user_id,
            UserSession.ended_at.is_(None),
        )
    )
    if row is None:
        return None
    now = utcnow()
    if now - _aware(row.created_at) > timedelta(seconds=absolute):
        return _end(row, now, "absolute_timeout")
    if now - _aware(row.last_seen_at) > timedelta(seconds=idle):
        return _end(row, now, "idle_timeout")
    if now - _aware(row.last_seen_at) > TOUCH_EVERY:
        row.last_seen_at = now
    return row


def _end(row: UserSession, now: datetime, reason: str) -> None:
    row.ended_at, row.end_reason = now, reason
    return None


def end_session(session: Session, key: str | None, reason: str = "logout") -> None:
    if key:
        session.execute(
            update(UserSession)
            .where(UserSession.key_hash == _digest(key), UserSession.ended_at.is_(None))
            .values(ended_at=utcnow(), end_reason=reason)
        )
        session.flush()


def end_all_sessions(
    session: Session,
    user_id: int,
    reason: str,
    *,
    keep_key: str | None = None,
    revoke_tokens: bool = False,
) -> int:
    """End every alive session of a user but `keep_key`'s; optionally revoke their API tokens.
    Returns how many sessions ended."""
    clauses = [UserSession.user_id == user_id, UserSession.ended_at.is_(None)]
    if keep_key:
        clauses.append(UserSession.key_hash != _digest(keep_key))
    ended = session.execute(
        update(UserSession).where(*clauses).values(ended_at=utcnow(), end_reason=reason)
    ).rowcount
    if revoke_tokens:
        from registry.api.models import ApiToken

        session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    session.flush()
    return ended or 0


def alive_sessions(session: Session, user_id: int) -> list[UserSession]:
    return list(
        session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
            .order_by(UserSession.last_seen_at.desc())
        )
    )
