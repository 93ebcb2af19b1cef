"""Council and forum pages: list, create, members (with conflict warnings), outcome, XLSX."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import extract, select

from registry.auth.access import roles_required
from registry.contributions import councils as service
from registry.contributions import export, people_queries, queries
from registry.contributions.council_models import Council
from registry.contributions.forms import CouncilForm, MemberForm, OutcomeForm
from registry.contributions.views import EDITORS, STAFF, bp, xlsx_response
from registry.core.pagination import page_number, paginate
from registry.core.params import parse_year
from registry.core.writes import save
from registry.extensions import db


def _council(record_id: int) -> Council:
    council = queries.record_for(db.session, current_user, "council", record_id)
    if council is None:
        abort(404)
    return council


@bp.route("/councils")
@roles_required(*STAFF)
def councils():
    kind = request.args.get("kind", "")
    year = parse_year(request.args.get("year"))
    query = select(Council).where(queries.visible_records(db.session, current_user, "council"))
    if kind:
        query = query.where(Council.kind == kind)
    if year is not None:
        query = query.where(extract("year", Council.start_date) == year)
    page = paginate(
        db.session, query.order_by(Council.start_date.desc()), page_number(request.args.get("page"))
    )
    return render_template(
        "contributions/councils.html", page=page, kind=kind, year=year, args=request.args.to_dict()
    )


@bp.route("/councils/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def new_council():
    form = CouncilForm()
    form.fill(db.session)
    if request.method == "GET":
        form.task_id.data = request.args.get("task_id", "")
        return render_template("contributions/council_edit.html", form=form)
    saved = []
    if save(
        lambda: saved.append(
            service.save_council(db.session, form.data_for_service(), current_user)
        ),
        success=_("Đã lưu."),
        form=form,
    ):
        return redirect(url_for("contributions.council", record_id=saved[0].id))
    return render_template("contributions/council_edit.html", form=form), 422


@bp.route("/councils/<int:record_id>")
@roles_required(*STAFF)
def council(record_id: int):
    council = _council(record_id)
    member_form, outcome_form = MemberForm(), OutcomeForm(obj=council)
    who = (request.args.get("who") or "").strip()[:100]
    return render_template(
        "contributions/council.html",
        who=who,
        candidates=people_queries.people_named(db.session, current_user, who) if who else [],
        council=council,
        warnings=service.conflicts(db.session, council),
        member_form=member_form,
        outcome_form=outcome_form,
    )


@bp.route("/councils/<int:record_id>/members", methods=["POST"])
@roles_required(*EDITORS)
def add_council_member(record_id: int):
    council = _council(record_id)
    form = MemberForm()
    if save(
        lambda: service.add_member(db.session, council, form.data_for_service(), current_user),
        success=_("Đã thêm thành viên."),
    ):
        for warning in service.conflicts(db.session, council):
            flash(warning, "warning")
    return redirect(url_for("contributions.council", record_id=record_id))


@bp.route("/councils/<int:record_id>/members/<int:member_person_id>/remove", methods=["POST"])
@roles_required(*EDITORS)
def remove_council_member(record_id: int, member_person_id: int):
    council = _council(record_id)
    save(
        lambda: service.remove_member(db.session, council, member_person_id, current_user),
        success=_("Đã bỏ thành viên."),
    )
    return redirect(url_for("contributions.council", record_id=record_id))


@bp.route("/councils/<int:record_id>/outcome", methods=["POST"])
@roles_required(*EDITORS)
def council_outcome(record_id: int):
    council = _council(record_id)
    form = OutcomeForm()
    save(
        lambda: service.record_outcome(db.session, council, form.data_for_service(), current_user),
        success=_("Đã ghi kết quả."),
    )
    return redirect(url_for("contributions.council", record_id=record_id))


@bp.route("/councils/<int:record_id>/members.xlsx")
@roles_required(*STAFF)
def council_xlsx(record_id: int):
    from registry.audit.services import record

    council = _council(record_id)
    record(
        db.session,
        actor=current_user,
        action="council.export",
        target_type="council",
        target_id=council.id,
        details={"rows": len(council.members)},
    )
    db.session.commit()
    return xlsx_response(export.council_workbook(council), f"hoi-dong-{council.id}.xlsx")
