"""Login and logout."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from registry.audit.services import record
from registry.auth.forms import LoginForm
from registry.auth.services import authenticate
from registry.core.urls import safe_next
from registry.extensions import db, limiter

bp = Blueprint("auth", __name__)


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
            db.session.commit()
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
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
        db.session.commit()
    logout_user()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))
