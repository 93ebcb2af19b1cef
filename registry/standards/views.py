"""Position standards: the compliance page with who falls short, its export, training needs,
assigning a position to a person."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from registry.audit.services import record
from registry.auth.access import roles_required
from registry.core.form_fields import picked_code
from registry.core.pagination import page_number
from registry.core.params import parse_id
from registry.core.writes import save
from registry.extensions import db
from registry.people.area_choices import check_area
from registry.people.areas import area_name
from registry.people.models import Organization
from registry.people.profile import visible_person
from registry.reference.models import Commune
from registry.standards import charts
from registry.standards.compliance import (
    Filters,
    compliance,
    shortfall_page,
    shortfall_rows,
)
from registry.standards.milestones import milestone_path
from registry.standards.models import JobPosition, PositionHolder
from registry.standards.needs import training_needs
from registry.standards.positions import assign_holder
from registry.standards.requirements import BY_NAME, REQUIREMENTS
from registry.standards.workbook import xlsx_response

bp = Blueprint("positions", __name__)
PLANNERS = ("admin", "officer", "recruiter")


def parse_filters(args) -> tuple[Filters, str | None]:
    """The filters of the compliance pages, and a notice when the area code is unknown."""
    raw = args.get("area")
    picked, _problem = picked_code("areas", raw)
    area, notice = check_area(db.session, picked or raw)
    org, position = args.get("org", ""), args.get("position", "")
    missing = args.get("missing", "")
    return Filters(
        area=None if notice else area,
        organization_id=parse_id(org),
        position_id=parse_id(position),
        missing=missing if missing in BY_NAME or missing == "unassigned" else None,
    ), notice


def requirement_labels() -> dict[str, str]:
    return {r.name: str(r.label) for r in REQUIREMENTS} | {
        "unassigned": _("chưa xác định vị trí việc làm")
    }


def names_for(result: dict) -> tuple[dict, dict]:
    orgs = dict(
        db.session.execute(
            select(Organization.id, Organization.name).where(
                Organization.id.in_([k for k in result["by_org"] if k])
            )
        ).all()
    )
    communes = dict(
        db.session.execute(
            select(Commune.code, Commune.name).where(
                Commune.code.in_([c for c in result["by_commune"] if c])
            )
        ).all()
    )
    return orgs, communes


def _page_context(filters: Filters, notice: str | None) -> dict:
    return {
        "filters": filters,
        "notice": notice,
        "area_label": area_name(db.session, filters.area) if filters.area else None,
        "positions": db.session.execute(
            select(JobPosition.id, JobPosition.name).order_by(JobPosition.name)
        ).all(),
        "requirements": requirement_labels(),
        "year": current_app.config.get("STANDARD_YEAR", 2030),
    }


@bp.route("/gaps/positions")
@roles_required(*PLANNERS)
def report():
    filters, notice = parse_filters(request.args)
    context = _page_context(filters, notice)
    if notice:
        return render_template("standards/positions.html", result=None, **context), 404
    result = compliance(db.session, current_user, filters)
    page = shortfall_page(db.session, current_user, result, page_number(request.args.get("page")))
    orgs, communes = names_for(result)
    subject = filters.area or current_user.scope_area_code or current_app.config["HOME_PROVINCE"]
    path = milestone_path(db.session, current_user, result, subject, filters.organization_id)
    labels = {
        "title": _("Tỷ lệ đạt chuẩn theo năm"),
        "target": _("Mục tiêu"),
        "actual": _("Thực tế"),
        "projected": _("Dự kiến nếu hoàn thành kế hoạch đào tạo"),
    }
    return render_template(
        "standards/positions.html",
        result=result,
        page=page,
        orgs=orgs,
        communes=communes,
        path=path,
        chart=charts.rate_chart(path, labels),
        chart_labels=labels,
        args={k: v for k, v in request.args.items() if k != "page"},
        **context,
    )


@bp.route("/gaps/positions/export.xlsx")
@roles_required(*PLANNERS)
def export():
    filters, notice = parse_filters(request.args)
    if notice:
        abort(404)
    result = compliance(db.session, current_user, filters)
    labels = requirement_labels()
    rows = [
        [
            row["person"].full_name,
            row["person"].organization.name if row["person"].organization else "",
            row["person"].commune.name if row["person"].commune else "",
            row["position"].name if row["position"] else labels["unassigned"],
            "; ".join(labels[name] for name in row["missing"]),
            row["person"].id,
        ]
        for row in shortfall_rows(db.session, current_user, result)
    ]
    record(
        db.session,
        actor=current_user,
        action="export",
        target_type="position_compliance",
        details={**vars(filters), "rows": len(rows)},
        ip=request.remote_addr,
    )
    db.session.commit()
    header = [_("Họ và tên"), _("Cơ quan, đơn vị"), _("Xã, phường"), _("Vị trí việc làm")]
    header += [_("Yêu cầu còn thiếu"), _("Số hồ sơ")]
    return xlsx_response([(_("Chưa đạt chuẩn"), header, rows)], "chua-dat-chuan.xlsx")


@bp.route("/gaps/positions/needs")
@roles_required(*PLANNERS)
def needs():
    filters, notice = parse_filters(request.args)
    context = _page_context(filters, notice)
    if notice:
        return render_template("standards/needs.html", rows=[], **context), 404
    result = compliance(db.session, current_user, filters)
    orgs, communes = names_for(result)
    return render_template(
        "standards/needs.html",
        rows=training_needs(db.session, current_user, result),
        orgs=orgs,
        communes=communes,
        overall=result["overall"],
        **context,
    )


@bp.route("/people/<int:person_id>/position", methods=["POST"])
@roles_required("admin", "officer")
def assign(person_id: int):
    person = visible_person(db.session, current_user, person_id) or abort(404)
    raw = request.form.get("position_id", "")
    save(
        lambda: assign_holder(db.session, person, parse_id(raw), current_user),
        success=_("Đã lưu vị trí việc làm."),
    )
    return redirect(url_for("people.profile", person_id=person.id))


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
