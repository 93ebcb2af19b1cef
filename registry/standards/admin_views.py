"""Administrators: positions and their standards (with history), import from a spreadsheet,
milestones of the rate per year."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from registry.auth.access import roles_required
from registry.core.form_fields import picked_code
from registry.core.template_helpers import localized
from registry.core.writes import save
from registry.extensions import db
from registry.people.models import Organization
from registry.standards.importer import COLUMNS, import_positions
from registry.standards.milestones import save_milestone
from registry.standards.models import JobPosition, Milestone
from registry.standards.positions import requirement_history, save_position
from registry.standards.requirements import LEVEL_MODELS
from registry.standards.views import bp
from registry.standards.workbook import xlsx_response


@bp.route("/admin/positions", methods=["GET", "POST"])
@bp.route("/admin/positions/<int:position_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit(position_id: int | None = None):
    position = db.session.get(JobPosition, position_id) if position_id else None
    if position_id and position is None:
        abort(404)
    form = request.form.to_dict()
    if form.get("area_code"):  # picked by name; a code typed or linked still works
        form["area_code"] = picked_code("areas", form["area_code"])[0] or form["area_code"]
    if request.method == "POST" and save(
        lambda: save_position(
            db.session,
            position,
            name=form.get("name", ""),
            actor=current_user,
            field_prefixes=form.get("field_prefixes", ""),
            target_year=form.get("target_year", "2030"),
            valid_from=form.get("valid_from"),
            source_document=form.get("source_document"),
            **{key: form.get(key) for key in LEVEL_MODELS},
        ),
        success=_("Đã lưu vị trí việc làm."),
    ):
        return redirect(url_for("positions.edit"))
    options = {
        key: [  # names in the page's language, in rank order
            (row.code, localized(row))
            for row in db.session.scalars(select(model).order_by(model.rank))
        ]
        for key, model in LEVEL_MODELS.items()
    }
    positions = db.session.scalars(select(JobPosition).order_by(JobPosition.name)).all()
    return render_template(
        "standards/position_edit.html",
        position=position,
        positions=positions,
        options=options,
        names={key: dict(rows) for key, rows in options.items()},
        history=requirement_history(db.session, position.id) if position else [],
        form=form,
        columns=COLUMNS,
    ), 200 if request.method == "GET" else 422


@bp.route("/admin/positions/import", methods=["POST"])
@roles_required("admin")
def import_file():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("Chọn tệp CSV hoặc XLSX."), "danger")
        return redirect(url_for("positions.edit"))
    content = upload.read()
    saved = []
    if save(
        lambda: saved.extend(import_positions(db.session, content, upload.filename, current_user))
    ):
        flash(_("Đã nhập %(n)d vị trí việc làm.", n=len(saved)), "success")
    return redirect(url_for("positions.edit"))


@bp.route("/admin/positions/template.xlsx")
@roles_required("admin")
def import_template():
    header = [title for _key, title in COLUMNS]
    example = ["Công chức Văn phòng - Thống kê", "31;34", "Đại học", "Trung cấp", "Chuyên viên"]
    example += ["Bậc 2", "Ứng dụng CNTT cơ bản", 2030, "01/01/2026", ""]
    return xlsx_response([(_("Vị trí việc làm"), header, [example])], "mau-vi-tri-viec-lam.xlsx")


@bp.route("/admin/positions/milestones", methods=["GET", "POST"])
@roles_required("admin")
def milestones():
    form = request.form.to_dict()
    if form.get("area_code"):  # picked by name; a code typed or linked still works
        form["area_code"] = picked_code("areas", form["area_code"])[0] or form["area_code"]
    if request.method == "POST" and save(
        lambda: save_milestone(db.session, form, current_user), success=_("Đã lưu mốc.")
    ):
        return redirect(url_for("positions.milestones"))
    rows = db.session.scalars(
        select(Milestone).order_by(Milestone.area_code, Milestone.organization_id, Milestone.year)
    ).all()
    return render_template(
        "standards/milestones.html",
        rows=rows,
        form=form,
        organizations=db.session.execute(
            select(Organization.id, Organization.name).order_by(Organization.name)
        ).all(),
    ), 200 if request.method == "GET" else 422
