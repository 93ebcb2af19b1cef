"""The printable CV of a profile ("In sơ yếu lý lịch") and its DOCX, masked as the profile is."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from registry.audit.services import record
from registry.auth.access import roles_required
from registry.core.workbook import DOCX_MIME, file_chunks
from registry.extensions import db
from registry.people.profile import visible_person
from registry.reports.cv import cv_data, cv_docx

bp = Blueprint("cv", __name__)
READERS = ("admin", "officer", "recruiter", "individual")


def _person(person_id: int, action: str):
    person = visible_person(db.session, current_user, person_id) or abort(404)
    if current_user.person_id != person.id:
        record(db.session, actor=current_user, action=action, target_type="person",
               target_id=person.id, details={"format": "cv"}, ip=request.remote_addr)  # fmt: skip
        db.session.commit()
    return person


@bp.route("/people/<int:person_id>/cv")
@roles_required(*READERS)
def page(person_id: int):
    """The profile laid out as the CV form, with a print stylesheet."""
    person = _person(person_id, "person.view")
    return render_template("reports/cv.html", cv=cv_data(db.session, person, current_user))


@bp.route("/people/<int:person_id>/cv.docx")
@roles_required(*READERS)
def docx(person_id: int):
    person = _person(person_id, "export")
    data = cv_data(db.session, person, current_user)
    response = Response(file_chunks(cv_docx(data)), mimetype=DOCX_MIME)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="so-yeu-ly-lich-{person.id}.docx"'
    )
    return response
