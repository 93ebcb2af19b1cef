"""Home page, health check and language switch."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import text

from registry.core.urls import safe_next
from registry.extensions import db

# The counts of the home page, provided by the people feature (wired in `create_app`): core
# knows no feature.
HOME_COUNTS = "registry.home_counts"

bp = Blueprint("core", __name__)


@bp.route("/")
@login_required
def home():
    if current_user.role == "individual" and current_user.person_id:
        return redirect(url_for("me.own_profile"))  # their own profile is what they come for
    counts = current_app.extensions[HOME_COUNTS](db.session, current_user)
    return render_template("core/home.html", counts=counts)


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any driver error means the database is unreachable
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.route("/lang/<code>")
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next")))
