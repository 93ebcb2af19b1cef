"""Attraction and retention pages; overseas Vietnamese and foreign intellectuals with the
cooperation log."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from registry.auth.access import roles_required
from registry.auth.privacy import sees_personal_data
from registry.auth.scope import can_see_person, visible_people
from registry.contributions import attraction, export, overseas
from registry.contributions.council_models import Cooperation, ForeignPartner
from registry.contributions.forms import AttractionForm, CooperationForm, PartnerForm
from registry.contributions.views import EDITORS, STAFF, bp, xlsx_response
from registry.core.params import parse_year
from registry.core.writes import save
from registry.extensions import db
from registry.people.models import Person


@bp.route("/attraction")
@roles_required(*STAFF)
def attraction_page():
    since = request.args.get("since", "")
    follows = attraction.follow_up(db.session, attraction.visible_cases(db.session, current_user))
    area = current_user.scope_area_code or current_app.config["HOME_PROVINCE"]
    short = attraction.short_fields(db.session, current_user, area)
    data = attraction.summary(db.session, follows, short, parse_year(since))
    from registry.reference.models import PriorityField

    names = dict(db.session.execute(select(PriorityField.code, PriorityField.name_vi)).all())
    return render_template(
        "contributions/attraction.html",
        follows=follows,
        data=data,
        short=short,
        since=since,
        field_names=names,
    )


@bp.route("/attraction/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def new_attraction():
    form = AttractionForm()
    form.fill(db.session)
    if request.method == "POST" and save(
        lambda: attraction.save_case(db.session, form.data_for_service(), current_user),
        success=_("Đã lưu."),
        form=form,
    ):
        return redirect(url_for("contributions.attraction_page"))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "contributions/simple_form.html", form=form, title=_("Ghi nhận người được thu hút")
    ), status


def partners_query(
    user, country: str = "", field: str = "", willingness: str = "", worked: str = ""
):
    query = (
        select(ForeignPartner)
        .join(Person, Person.id == ForeignPartner.person_id)
        .where(visible_people(db.session, user))
        .order_by(Person.name_sort_key)
    )
    if country:
        code = country.upper()
        query = query.where(
            or_(
                ForeignPartner.residence_country == code, ForeignPartner.nationality_country == code
            )
        )
    if field:
        query = query.where(ForeignPartner.field_code == field)
    if willingness:
        query = query.where(ForeignPartner.willingness == willingness)
    if worked:
        query = query.where(
            select(Cooperation.id).where(Cooperation.person_id == ForeignPartner.person_id).exists()
        )
    return query


def cooperation_counts(person_ids) -> dict[int, int]:
    from sqlalchemy import func

    return dict(
        db.session.execute(
            select(Cooperation.person_id, func.count())
            .where(Cooperation.person_id.in_(list(person_ids)))
            .group_by(Cooperation.person_id)
        ).all()
    )


def _partner_args():
    names = ("country", "field", "willingness", "worked")
    return {k: request.args.get(k, "").strip() for k in names}


@bp.route("/foreign")
@roles_required(*STAFF)
def foreign():
    args = _partner_args()
    partners = db.session.scalars(partners_query(current_user, **args).limit(500)).all()
    form = PartnerForm()
    form.fill(db.session)
    return render_template(
        "contributions/foreign.html",
        partners=partners,
        args=args,
        form=form,
        worked=cooperation_counts(p.person_id for p in partners),
        personal=sees_personal_data(current_user),
    )


@bp.route("/foreign.xlsx")
@roles_required(*STAFF)
def foreign_xlsx():
    from registry.audit.services import record

    partners = db.session.scalars(partners_query(current_user, **_partner_args())).all()
    record(
        db.session,
        actor=current_user,
        action="foreign_partner.export",
        details={**_partner_args(), "rows": len(partners)},
    )
    db.session.commit()
    content = export.partners_workbook(partners, sees_personal_data(current_user))
    return xlsx_response(content, "tri-thuc-o-nuoc-ngoai.xlsx")


@bp.route("/foreign/<int:person_id>", methods=["GET", "POST"])
@roles_required(*STAFF)
def partner(person_id: int):
    if not can_see_person(db.session, current_user, person_id):
        abort(404)
    person = db.session.get(Person, person_id)
    current = db.session.get(ForeignPartner, person_id)
    form, log_form = PartnerForm(obj=current), CooperationForm()
    form.fill(db.session)
    status = 200
    if request.method == "POST":
        if current_user.role not in EDITORS:
            abort(403)
        if "description" in request.form:
            ok = save(
                lambda: overseas.log_cooperation(
                    db.session,
                    {**log_form.data_for_service(), "person_id": person_id},
                    current_user,
                ),
                success=_("Đã ghi nhận hợp tác."),
                form=log_form,
            )
        else:
            ok = save(
                lambda: overseas.save_partner(
                    db.session, {**form.data_for_service(), "person_id": person_id}, current_user
                ),
                success=_("Đã lưu."),
                form=form,
            )
        if ok:
            return redirect(url_for("contributions.partner", person_id=person_id))
        status = 422
    log = db.session.scalars(
        select(Cooperation)
        .where(Cooperation.person_id == person_id)
        .order_by(Cooperation.day.desc())
    ).all()
    return render_template(
        "contributions/partner.html",
        person=person,
        partner=current,
        form=form,
        log_form=log_form,
        log=log,
        personal=sees_personal_data(current_user, person_id),
    ), status
