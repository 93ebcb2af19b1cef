"""Issue and check API tokens. Flush, never commit."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.api.models import ApiToken
from registry.people.models import utcnow


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user_id: int, label: str | None = None) -> str:
    """Create a token for a user; the plain token is returned once and never stored."""
    token = "reg_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user_id, token_hash=_digest(token), label=label))
    session.flush()
    return token


def user_for_token(session: Session, token: str):
    row = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked_at.is_(None))
    )
    if row is None or not row.user.is_enabled:
        return None
    row.last_used_at = utcnow()
    return row.user
