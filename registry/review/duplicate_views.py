"""The queue of possible national-ID duplicates, for officers (their scope) and administrators."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registry.auth.access import roles_required
from registry.auth.scope import can_see_person
from registry.core.params import parse_text
from registry.core.writes import save
from registry.extensions import db
from registry.people.national_id import PossibleDuplicate, open_duplicates, resolve_duplicate

bp = Blueprint("duplicates", __name__)


@bp.route("/review/duplicates")
@roles_required("admin", "officer")
def queue():
    # An officer sees a case only when both profiles are in their scope: anything else would
    # confirm that the number exists elsewhere. Administrators see every case.
    entries = [
        entry
        for entry in open_duplicates(db.session, current_user)
        if current_user.role == "admin"
        or (entry.holder_id and can_see_person(db.session, current_user, entry.holder_id))
    ]
    return render_template("review/duplicates.html", entries=entries)


@bp.route("/review/duplicates/<int:entry_id>", methods=["POST"])
@roles_required("admin", "officer")
def resolve(entry_id: int):
    entry = db.session.get(PossibleDuplicate, entry_id)
    if entry is None or entry not in open_duplicates(db.session, current_user):
        abort(404)
    if current_user.role != "admin" and not (
        entry.holder_id and can_see_person(db.session, current_user, entry.holder_id)
    ):
        abort(404)
    save(
        lambda: resolve_duplicate(
            db.session, entry, current_user, parse_text(request.form.get("note"), 2000) or ""
        ),
        success=_("Đã đánh dấu là đã xử lý."),
    )
    return redirect(url_for("duplicates.queue"))
