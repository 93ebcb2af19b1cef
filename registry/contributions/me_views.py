"""An individual proposes their own research tasks, initiatives, awards and publications, with an
evidence file, through the review flow (an officer approves before anything is written)."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from registry.auth.access import roles_required
from registry.contributions.forms import PROPOSAL_FORMS
from registry.contributions.views import bp
from registry.extensions import db
from registry.people.models import Person


def _own_person() -> Person:
    person = db.session.get(Person, current_user.person_id) if current_user.person_id else None
    if person is None or person.erased_at is not None:
        abort(404)
    return person


def _forms():
    forms = {}
    for kind, form_class in PROPOSAL_FORMS.items():
        forms[kind] = form_class(prefix=kind)
        forms[kind].fill(db.session)
    return forms


@bp.route("/me", methods=["GET"])
@roles_required("individual")
def propose_page():
    _own_person()
    return render_template("contributions/propose.html", forms=_forms())


@bp.route("/me/<any(research_task, initiative, award, publication):kind>", methods=["POST"])
@roles_required("individual")
def propose(kind: str):
    # In the function: review's services read contribution proposals, so this side loads lazily.
    from registry.review.me_views import propose as submit_proposal

    person = _own_person()
    forms = _forms()
    form = forms[kind]
    ops = [{"op": "add", "kind": kind, "data": form.data_for_service()}]
    if submit_proposal(form, person, {}, part_ops=ops):
        return redirect(url_for("me.own_profile", _anchor="contributions"))
    return render_template("contributions/propose.html", forms=forms, active=kind), 422
