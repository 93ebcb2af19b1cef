"""An individual's own profile: see it, propose changes, follow the outcome."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registry.auth.access import roles_required
from registry.core.writes import form_errors, save
from registry.errors import ValidationError
from registry.extensions import db
from registry.people.forms import PROPOSAL_FORMS, SelfServiceForm, part_data
from registry.people.models import Person
from registry.people.profile import profile_view
from registry.people.views import person_form
from registry.review.evidence import commit_with_evidence, prepare_evidence
from registry.review.queries import requests_of_person
from registry.review.services import SELF_SERVICE_FIELDS, submit_change_request
from registry.standards.training_queries import own_training

bp = Blueprint("me", __name__)


def _own_person() -> Person:
    person = db.session.get(Person, current_user.person_id) if current_user.person_id else None
    if person is None or person.erased_at is not None:
        abort(404)
    return person


def _part_forms(submitted: dict | None = None):
    forms = {}
    for kind, form_class in PROPOSAL_FORMS.items():
        forms[kind] = (submitted or {}).get(kind) or form_class(prefix=kind, formdata=None)
        forms[kind].fill_choices(db.session)
    return forms


def _render(person, form, status=200, submitted=None, open_part=None):
    return render_template(
        "me/profile.html",
        view=profile_view(db.session, person, current_user),
        form=form,
        part_forms=_part_forms(submitted),
        open_part=open_part,
        requests=requests_of_person(db.session, person.id),
        training=own_training(db.session, current_user, person),
    ), status


@bp.route("/me", methods=["GET", "POST"])
@roles_required("individual")
def own_profile():
    person = _own_person()
    form = person_form(person, SelfServiceForm)
    if request.method == "GET" or not form.validate_on_submit():
        return _render(person, form, 200 if request.method == "GET" else 422)
    proposed = {name: value for name, value in form.values().items() if name in SELF_SERVICE_FIELDS}
    if not propose(form, person, proposed, note=form.note.data):
        return _render(person, form, 422)
    return redirect(url_for("me.own_profile"))


def propose(form, person, fields: dict, part_ops=(), note=None) -> bool:
    """Submit the signed-in individual's change request with the form's evidence file, if any:
    the file is checked first, written only once the request is valid, and taken away again if
    the commit fails. Messages go on the form. True when submitted."""
    evidence = None
    try:
        evidence = _evidence(form)
        submit_change_request(
            db.session,
            person,
            current_user,
            fields,
            note=note,
            part_ops=list(part_ops),
            evidence=evidence.meta if evidence else None,
        )
    except ValidationError as error:
        db.session.rollback()
        form_errors(form, error)
        return False
    commit_with_evidence(db.session, evidence)
    flash(_("Đã gửi yêu cầu cập nhật. Cán bộ tổ chức sẽ xem xét và duyệt."), "success")
    return True


def _evidence(form):
    upload = form.evidence.data if getattr(form, "evidence", None) else None
    if not upload or not getattr(upload, "filename", ""):
        return None
    return prepare_evidence(current_app.config["UPLOAD_PATH"], upload.read(), upload.filename)


@bp.route("/me/parts/<kind>", methods=["POST"])
@roles_required("individual")
def request_part(kind: str):
    person = _own_person()
    if kind not in PROPOSAL_FORMS:
        abort(404)
    if request.form.get("remove_id"):
        op = {"op": "remove", "kind": kind, "id": request.form["remove_id"]}
        save(
            lambda: submit_change_request(db.session, person, current_user, {}, part_ops=[op]),
            success=_("Đã gửi yêu cầu cập nhật. Cán bộ tổ chức sẽ xem xét và duyệt."),
        )
        return redirect(url_for("me.own_profile", _anchor=kind))
    form = PROPOSAL_FORMS[kind](prefix=kind)
    form.fill_choices(db.session)
    ops = [{"op": "add", "kind": kind, "data": part_data(form)}]
    if form.validate_on_submit() and propose(form, person, {}, part_ops=ops):
        return redirect(url_for("me.own_profile", _anchor=kind))
    # Back to the page with this form open and what was typed kept.
    return _render(
        person,
        person_form(person, SelfServiceForm, submitted=False),
        422,
        submitted={kind: form},
        open_part=kind,
    )
