"""Position standards: the compliance report, assigning a position to a person, editing positions."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from registry.analytics.models import JobPosition, PositionHolder
from registry.analytics.positions import (
    LEVEL_MODELS,
    REQUIREMENTS,
    assign_holder,
    compliance,
    save_position,
)
from registry.auth.access import roles_required
from registry.core.form_fields import picked_code
from registry.core.template_helpers import localized
from registry.core.writes import save
from registry.extensions import db
from registry.people.models import Organization
from registry.people.profile import visible_person
from registry.reference.models import Commune

bp = Blueprint("positions", __name__)


@bp.route("/gaps/positions")
@roles_required("admin", "officer", "recruiter")
def report():
    area = picked_code("areas", request.args.get("area"))[0]
    org = request.args.get("org", "")
    result = compliance(db.session, current_user, area, int(org) if org.isdigit() else None)
    orgs = dict(db.session.execute(select(Organization.id, Organization.name)).all())
    communes = dict(
        db.session.execute(
            select(Commune.code, Commune.name).where(
                Commune.code.in_([c for c in result["by_commune"] if c])
            )
        ).all()
    )
    return render_template(
        "analytics/positions.html",
        result=result,
        orgs=orgs,
        communes=communes,
        area=area,
        requirements=dict(REQUIREMENTS),
        year=current_app.config.get("STANDARD_YEAR", 2030),
    )


@bp.route("/people/<int:person_id>/position", methods=["POST"])
@roles_required("admin", "officer")
def assign(person_id: int):
    person = visible_person(db.session, current_user, person_id) or abort(404)
    raw = request.form.get("position_id", "")
    save(
        lambda: assign_holder(
            db.session, person, int(raw) if raw.isdigit() else None, current_user
        ),
        success=_("Đã lưu vị trí việc làm."),
    )
    return redirect(url_for("people.profile", person_id=person.id))


@bp.route("/admin/positions", methods=["GET", "POST"])
@bp.route("/admin/positions/<int:position_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit(position_id: int | None = None):
    position = db.session.get(JobPosition, position_id) if position_id else None
    if position_id and position is None:
        abort(404)
    form = request.form
    if request.method == "POST" and save(
        lambda: save_position(
            db.session,
            position,
            name=form.get("name", ""),
            actor=current_user,
            field_prefixes=form.get("field_prefixes", ""),
            target_year=form.get("target_year", "2030"),
            **{key: form.get(key) for key in LEVEL_MODELS},
        ),
        success=_("Đã lưu vị trí việc làm."),
    ):
        return redirect(url_for("positions.edit"))
    options = {  # names in the page's language, in rank order
        key: [
            (row.code, localized(row))
            for row in db.session.scalars(select(model).order_by(model.rank))
        ]
        for key, model in LEVEL_MODELS.items()
    }
    positions = db.session.scalars(select(JobPosition).order_by(JobPosition.name)).all()
    return render_template(
        "analytics/position_edit.html",
        position=position,
        positions=positions,
        options=options,
        form=form,
    ), 200 if request.method == "GET" else 422


@bp.app_context_processor
def _position_helpers():
    """For the profile page: the positions to choose from and a person's current one."""

    def position_choices():
        return db.session.execute(
            select(JobPosition.id, JobPosition.name).order_by(JobPosition.name)
        ).all()

    def holder_of(person_id: int):
        return db.session.get(PositionHolder, person_id)

    return {"position_choices": position_choices, "holder_of": holder_of}
