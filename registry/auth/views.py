"""Login, logout, and the user's own account: password change, sessions, sign out everywhere."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from registry.audit.services import record
from registry.auth import limits
from registry.auth.forms import LoginForm, PasswordChangeForm
from registry.auth.login import current_key, sign_in, sign_out
from registry.auth.services import authenticate, change_own_password
from registry.auth.sessions import alive_sessions, end_all_sessions
from registry.core.urls import safe_next
from registry.core.writes import save
from registry.extensions import db

bp = Blueprint("auth", __name__)


def _attempt(form) -> limits.Attempt:
    username = (form.username.data or "").strip().lower()[:80]
    device = limits.device_for(request.cookies.get(limits.DEVICE_COOKIE), username)
    return limits.Attempt(username=username, address=request.remote_addr or "", device=device)


def _too_many(form, wait: int):
    minutes = max(1, -(-wait // 60))
    flash(_("Quá nhiều lần đăng nhập sai. Vui lòng thử lại sau %(n)d phút.", n=minutes), "danger")
    response = make_response(render_template("auth/login.html", form=form), 429)
    response.headers["Retry-After"] = str(wait)
    return response


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    attempt = _attempt(form)
    wait = limits.retry_after(attempt)
    if wait is not None:
        record(
            db.session,
            actor=None,
            action="login.refused",
            ip=request.remote_addr,
            details={"username": attempt.username, "retry_after": wait},
        )
        db.session.commit()
        return _too_many(form, wait)
    user = authenticate(db.session, form.username.data, form.password.data)
    if user is None:
        limits.record_failure(attempt)
        record(
            db.session,
            actor=None,
            action="login.failed",
            ip=request.remote_addr,
            details={"username": attempt.username},
        )
        db.session.commit()
        flash(_("Tên đăng nhập hoặc mật khẩu không đúng."), "danger")
        return render_template("auth/login.html", form=form), 401
    record(db.session, actor=user, action="login", ip=request.remote_addr)
    sign_in(user)
    db.session.commit()
    response = redirect(safe_next(request.args.get("next")))
    response.set_cookie(
        limits.DEVICE_COOKIE,
        limits.new_device_cookie(user.username),
        max_age=limits.DEVICE_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


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
