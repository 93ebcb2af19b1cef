"""Login, logout, and the user's own account: password change, sessions, sign out everywhere."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from registry.audit.services import record
from registry.auth.forms import LoginForm, PasswordChangeForm
from registry.auth.login import current_key, sign_in, sign_out
from registry.auth.services import authenticate, change_own_password
from registry.auth.sessions import alive_sessions, end_all_sessions
from registry.core.writes import save
from registry.extensions import db, limiter

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths; anything else goes home."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("core.home")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(db.session, form.username.data, form.password.data)
        if user is not None:
            record(db.session, actor=user, action="login", ip=request.remote_addr)
            sign_in(user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        record(
            db.session,
            actor=None,
            action="login.failed",
            ip=request.remote_addr,
            details={"username": (form.username.data or "")[:80]},
        )
        db.session.commit()
        flash(_("Tên đăng nhập hoặc mật khẩu không đúng."), "danger")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        record(db.session, actor=current_user, action="logout", ip=request.remote_addr)
    sign_out()
    db.session.commit()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = PasswordChangeForm()
    if form.validate_on_submit() and save(
        lambda: change_own_password(
            db.session,
            current_user,
            current=form.current_password.data,
            new=form.new_password.data,
            confirm=form.confirm_password.data,
            keep_key=current_key(),
        ),
        success=_("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất."),
        form=form,
    ):
        return redirect(url_for("auth.account"))
    status = 422 if request.method == "POST" else 200
    sessions = alive_sessions(db.session, current_user.id)
    return render_template(
        "auth/account.html", form=form, sessions=sessions, current=current_key()
    ), status


@bp.route("/account/sign-out-everywhere", methods=["POST"])
@login_required
def sign_out_everywhere():
    ended = end_all_sessions(db.session, current_user.id, "sign_out_everywhere")
    record(
        db.session,
        actor=current_user,
        action="logout.everywhere",
        details={"sessions_ended": ended},
        ip=request.remote_addr,
    )
    sign_out("sign_out_everywhere")
    db.session.commit()
    flash(_("Bạn đã đăng xuất khỏi mọi nơi."), "info")
    return redirect(url_for("auth.login"))
