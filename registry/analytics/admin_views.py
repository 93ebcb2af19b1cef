"""Administration of the plan: priority fields and their prefixes, targets (form and spreadsheet)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from registry.analytics import services
from registry.analytics.fields import save_priority_field
from registry.analytics.forms import TargetForm
from registry.analytics.models import Target
from registry.auth.access import roles_required
from registry.core.writes import save
from registry.errors import ValidationError
from registry.extensions import db
from registry.reference.models import PriorityField
from registry.search.labels import facet_labels

bp = Blueprint("plans", __name__, url_prefix="/admin")


@bp.before_request
@roles_required("admin")
def _admins_only():
    return None


def _flash_errors(error: ValidationError) -> None:
    for message in error.errors.values():
        flash(message, "danger")


@bp.route("/targets", methods=["GET", "POST"])
@bp.route("/targets/<int:target_id>", methods=["GET", "POST"])
def targets(target_id: int | None = None):
    target = db.session.get(Target, target_id) if target_id else None
    if target_id and target is None:
        abort(404)
    form = TargetForm()
    form.fill_choices(db.session)
    if request.method == "GET" and target:
        form.load(target)
    if form.validate_on_submit() and save(
        lambda: (
            services.update_target(db.session, target, form.target_input(), actor=current_user)
            if target
            else services.create_target(db.session, form.target_input(), actor=current_user)
        ),
        success=_("Đã lưu chỉ tiêu.") if target else _("Đã thêm chỉ tiêu."),
        form=form,
    ):
        return redirect(url_for("plans.targets"))
    return render_template(
        "analytics/targets.html",
        rows=_rows(),
        labels=facet_labels(db.session, {}),
        form=form,
        target=target,
    ), 200 if request.method == "GET" else 422


def _rows():
    return db.session.scalars(
        select(Target).order_by(Target.target_year, Target.field_code, Target.area_code)
    ).all()


@bp.route("/targets/import", methods=["POST"])
def import_targets():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("Chọn tệp CSV hoặc Excel để nhập."), "danger")
        return redirect(url_for("plans.targets"))
    try:
        created = services.import_targets(
            db.session, upload.read(), upload.filename, actor=current_user
        )
    except ValidationError as error:
        db.session.rollback()
        _flash_errors(error)
        flash(_("Chưa nhập dòng nào: hãy sửa các lỗi trên rồi nhập lại."), "warning")
        return redirect(url_for("plans.targets"))
    db.session.commit()
    flash(_("Đã nhập %(n)d chỉ tiêu.", n=len(created)), "success")
    return redirect(url_for("plans.targets"))


@bp.route("/targets/template.xlsx")
def targets_template():
    import io

    from flask import send_file

    return send_file(
        io.BytesIO(services.targets_template(db.session)),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name="mau-chi-tieu.xlsx",
    )


@bp.route("/targets/<int:target_id>/delete", methods=["GET", "POST"])
def delete_target(target_id: int):
    target = db.session.get(Target, target_id) or abort(404)
    if request.method == "GET":
        return render_template(
            "analytics/target_delete.html", target=target, labels=facet_labels(db.session, {})
        )
    save(
        lambda: services.delete_target(db.session, target, actor=current_user),
        success=_("Đã xóa chỉ tiêu."),
    )
    return redirect(url_for("plans.targets"))


@bp.route("/priority-fields", methods=["GET", "POST"])
@bp.route("/priority-fields/<code>", methods=["GET", "POST"])
def priority_fields(code: str | None = None):
    field = db.session.get(PriorityField, code) if code else None
    if code and field is None:
        abort(404)
    form = request.form
    if request.method == "POST" and save(
        lambda: save_priority_field(
            db.session,
            field,
            code=form.get("code", ""),
            name_vi=form.get("name_vi", ""),
            name_en=form.get("name_en", ""),
            description=form.get("description"),
            prefixes=form.get("prefixes", ""),
            actor=current_user,
        ),
        success=_("Đã lưu lĩnh vực ưu tiên; số liệu đã được tính lại."),
    ):
        return redirect(url_for("plans.priority_fields"))
    fields = db.session.scalars(select(PriorityField).order_by(PriorityField.code)).all()
    return render_template(
        "analytics/priority_fields.html", fields=fields, field=field
    ), 200 if request.method == "GET" else 422
