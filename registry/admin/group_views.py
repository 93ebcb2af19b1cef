"""Administration of commune groups (/admin/groups): the named sets of communes used as scopes."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registry.admin.forms import CommuneGroupForm
from registry.admin.groups import commune_groups, delete_commune_group, save_commune_group
from registry.auth.access import roles_required
from registry.auth.models import CommuneGroup
from registry.core.writes import save
from registry.extensions import db

bp = Blueprint("commune_groups", __name__, url_prefix="/admin/groups")


@bp.route("/", methods=["GET", "POST"])
@roles_required("admin")
def index():
    form = CommuneGroupForm()
    if form.validate_on_submit() and save(
        lambda: save_commune_group(
            db.session, None, name=form.name.data, communes=form.communes.data, actor=current_user
        ),
        success=_("Đã lưu nhóm xã."),
        form=form,
    ):
        return redirect(url_for("commune_groups.index"))
    status = 200 if request.method == "GET" else 422
    return render_template(
        "admin/groups.html", form=form, groups=commune_groups(db.session)
    ), status


@bp.route("/<int:group_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit(group_id: int):
    group = db.session.get(CommuneGroup, group_id) or abort(404)
    form = CommuneGroupForm(
        obj=group,
        data=None if request.method == "POST" else {"communes": ", ".join(group.commune_codes)},
    )
    if form.validate_on_submit() and save(
        lambda: save_commune_group(
            db.session, group, name=form.name.data, communes=form.communes.data, actor=current_user
        ),
        success=_("Đã lưu nhóm xã."),
        form=form,
    ):
        return redirect(url_for("commune_groups.index"))
    status = 200 if request.method == "GET" else 422
    return render_template("admin/group_edit.html", form=form, group=group), status


@bp.route("/<int:group_id>/delete", methods=["GET", "POST"])
@roles_required("admin")
def delete(group_id: int):
    group = db.session.get(CommuneGroup, group_id) or abort(404)
    if request.method == "GET":  # a confirmation that says what goes, and works without script
        return render_template("admin/group_delete.html", group=group)
    save(lambda: delete_commune_group(db.session, group, current_user), success=_("Đã xóa."))
    return redirect(url_for("commune_groups.index"))
