"""The Flask side of server-side sessions: the user loader and starting/ending the cookie."""

from __future__ import annotations

from flask import current_app, request, session
from flask_login import login_user, logout_user

from registry.auth.models import User
from registry.auth.sessions import end_session, live_session, start_session
from registry.core.params import parse_id
from registry.extensions import db

SESSION_KEY = "sid"


def load_user(user_id: str) -> User | None:
    """The user of this cookie, only while its server-side session is alive."""
    uid = parse_id(user_id)
    if uid is None:
        return None
    row = live_session(
        db.session,
        uid,
        session.get(SESSION_KEY),
        idle=current_app.config["SESSION_IDLE_SECONDS"],
        absolute=current_app.config["SESSION_ABSOLUTE_SECONDS"],
    )
    if db.session.dirty:  # a touched or timed-out row; nothing else has been written yet
        db.session.commit()
    if row is None:
        session.pop(SESSION_KEY, None)
        return None
    user = db.session.get(User, uid)
    return user if user is not None and user.is_enabled else None


def sign_in(user: User) -> None:
    """A fresh cookie (nothing of the anonymous one survives but the language) and a new row.
    The caller commits."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    key = start_session(
        db.session, user, ip=request.remote_addr, user_agent=request.headers.get("User-Agent")
    )
    login_user(user)
    session[SESSION_KEY] = key
    session.permanent = True


def sign_out(reason: str = "logout") -> None:
    """End this browser's row and clear the cookie. The caller commits."""
    end_session(db.session, session.get(SESSION_KEY), reason)
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def current_key() -> str | None:
    return session.get(SESSION_KEY)
