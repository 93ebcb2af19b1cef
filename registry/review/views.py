"""Officers' review queue and decisions; the evidence file behind a request."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from registry.auth.access import roles_required
from registry.core.pagination import paginate
from registry.core.params import arg_code, arg_page
from registry.core.writes import save
from registry.errors import ValidationError
from registry.extensions import db
from registry.people.profile import visible_person
from registry.review import services
from registry.review.evidence import evidence_file
from registry.review.queries import pending_count, review_queue, visible_request

bp = Blueprint("review", __name__)
REVIEWERS = ("admin", "officer")


@bp.route("/review")
@roles_required(*REVIEWERS)
def queue():
    state = arg_code("state", ("pending", "approved", "rejected"), "pending")
    page = paginate(
        db.session,
        review_queue(db.session, current_user, state),
        arg_page(),
    )
    return render_template("review/queue.html", page=page, state=state)


@bp.route("/review/<int:request_id>", methods=["GET", "POST"])
@roles_required(*REVIEWERS)
def decide(request_id: int):
    change = visible_request(db.session, current_user, request_id)
    if change is None:
        abort(404)
    if request.method == "POST":
        decision, comment = request.form.get("decision"), request.form.get("comment", "")[:2000]
        try:
            if decision == "approve":
                services.approve(db.session, change, current_user, comment)
            elif decision == "reject":
                services.reject(db.session, change, current_user, comment)
            else:
                raise ValidationError({"": _("Chọn duyệt hoặc từ chối.")})
        except ValidationError as error:
            db.session.rollback()
            for message in error.errors.values():
                flash(message, "danger")
            return redirect(url_for("review.decide", request_id=request_id))
        db.session.commit()
        flash(
            _("Đã duyệt yêu cầu.") if decision == "approve" else _("Đã từ chối yêu cầu."), "success"
        )
        return redirect(url_for("review.queue"))
    return render_template("review/decide.html", change=change)


@bp.app_context_processor
def _pending_count():
    """For the menu: how many requests wait for this officer (counted only when asked)."""

    def pending_review_count() -> int:
        if not current_user.is_authenticated or current_user.role not in REVIEWERS:
            return 0
        return pending_count(db.session, current_user)

    return {
        "pending_review_count": pending_review_count,
        "verifiable_fields": lambda: services.VERIFIABLE_FIELDS,
    }


@bp.route("/people/<int:person_id>/verify", methods=["POST"])
@roles_required(*REVIEWERS)
def verify(person_id: int):
    person = visible_person(db.session, current_user, person_id) or abort(404)
    names = request.form.getlist("field")
    save(
        lambda: services.verify_fields(db.session, person, names, current_user),
        success=_("Đã đánh dấu %(n)d mục là đã xác minh.", n=len(set(names))),
    )
    return redirect(url_for("people.profile", person_id=person.id))


@bp.route("/review/<int:request_id>/evidence")
@roles_required(*REVIEWERS, "individual")
def evidence(request_id: int):
    change = visible_request(db.session, current_user, request_id)
    if change is None or not change.evidence_path:
        abort(404)
    path = evidence_file(current_app.config["UPLOAD_PATH"], change.evidence_path)
    if path is None:
        abort(404)
    return send_file(
        path, mimetype=change.evidence_type, as_attachment=True, download_name=change.evidence_name
    )
