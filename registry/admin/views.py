"""Administration pages: users, organisations, commune classification, audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from registry.admin import forms, services
from registry.auth.access import roles_required
from registry.auth.models import User
from registry.auth.services import create_user
from registry.core.pagination import paginate
from registry.core.params import (
    arg_code,
    arg_date,
    arg_id,
    arg_page,
    arg_text,
    parse_id,
    parse_year,
)
from registry.core.writes import form_errors, save
from registry.errors import ValidationError
from registry.extensions import db
from registry.people.models import Organization
from registry.reference.models import CommuneClass
from registry.review.queries import AuditFilter, audit_entries

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@roles_required("admin")
def _admins_only():
    return None


@bp.route("/")
def index():
    return render_template("admin/index.html")


@bp.route("/users", methods=["GET", "POST"])
def users():
    form = forms.UserCreateForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                db.session,
                username=form.username.data,
                password=form.password.data,
                role=form.role.data,
                scope=form.scope.data,
                person_id=form.person_id.data,
                actor=current_user,
            )
        except ValidationError as error:
            db.session.rollback()
            form_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã tạo tài khoản %(name)s.", name=user.username), "success")
            return redirect(url_for("admin.users"))
    page = paginate(db.session, services.users_list(db.session), arg_page())
    return render_template(
        "admin/users.html", form=form, page=page
    ), 200 if request.method == "GET" else 422


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = forms.UserEditForm(obj=user) if request.method == "GET" else forms.UserEditForm()
    reset = forms.PasswordResetForm(prefix="reset")
    if request.method == "GET":
        form.scope.data, form.enabled.data = user.scope_label, user.is_enabled
    try:
        if reset.new_password.data and reset.validate_on_submit():
            services.reset_password(db.session, user, reset.new_password.data, current_user)
        elif form.validate_on_submit():
            services.update_user(
                db.session,
                user,
                role=form.role.data,
                scope=form.scope.data,
                person_id=form.person_id.data,
                enabled=form.enabled.data,
                actor=current_user,
            )
        else:
            return render_template(
                "admin/user_edit.html", user=user, form=form, reset=reset
            ), 200 if request.method == "GET" else 422
    except ValidationError as error:
        db.session.rollback()
        if "password" in error.errors:
            reset.new_password.errors = [error.errors.pop("password")]
        form_errors(form, error)
        return render_template("admin/user_edit.html", user=user, form=form, reset=reset), 422
    db.session.commit()
    flash(_("Đã lưu tài khoản."), "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


def _org_form(org=None):
    form = (
        forms.OrganizationForm(obj=org)
        if request.method == "GET" and org
        else forms.OrganizationForm()
    )
    options = db.session.execute(
        select(Organization.id, Organization.name).order_by(Organization.name)
    ).all()
    form.parent_id.choices = [
        ("", "—"),
        *[(str(i), n) for i, n in options if org is None or i != org.id],
    ]
    if request.method == "GET" and org:
        form.parent_id.data = str(org.parent_id or "")
    return form


def _save_org(form, org):
    parent = parse_id(form.parent_id.data)
    return services.save_organization(
        db.session,
        org,
        name=form.name.data,
        kind=form.kind.data,
        parent_id=parent,
        commune_code=(form.commune_code.data or "").strip() or None,
        actor=current_user,
    )


@bp.route("/organizations", methods=["GET", "POST"])
def organizations():
    form = _org_form()
    if form.validate_on_submit() and save(
        lambda: _save_org(form, None), success=_("Đã lưu tổ chức."), form=form
    ):
        return redirect(url_for("admin.organizations"))
    orgs = db.session.scalars(select(Organization).order_by(Organization.name)).all()
    return render_template(
        "admin/organizations.html", form=form, tree=_tree(orgs)
    ), 200 if request.method == "GET" else 422


def _tree(orgs):
    """(depth, org) pairs in tree order."""
    children = {}
    for org in orgs:
        children.setdefault(org.parent_id, []).append(org)
    ordered, stack = [], [(0, org) for org in reversed(children.get(None, []))]
    while stack:
        depth, org = stack.pop()
        ordered.append((depth, org))
        stack.extend((depth + 1, child) for child in reversed(children.get(org.id, [])))
    return ordered


@bp.route("/organizations/<int:org_id>", methods=["GET", "POST"])
def organization_edit(org_id: int):
    org = db.session.get(Organization, org_id) or abort(404)
    form = _org_form(org)
    if form.validate_on_submit() and save(
        lambda: _save_org(form, org), success=_("Đã lưu tổ chức."), form=form
    ):
        return redirect(url_for("admin.organizations"))
    return render_template(
        "admin/organization_edit.html", form=form, org=org
    ), 200 if request.method == "GET" else 422


@bp.route("/communes", methods=["GET", "POST"])
def communes():
    form = forms.CommuneClassForm()
    if request.method == "POST" and request.form.get("delete"):
        start, code = request.form.get("start_year", ""), request.form.get("commune_code", "")
        save(
            lambda: services.delete_commune_class(
                db.session, parse_year(start) or -1, code, current_user
            ),
            success=_("Đã xóa."),
        )
        return redirect(url_for("admin.communes"))
    if form.validate_on_submit() and save(
        lambda: services.set_commune_class(
            db.session,
            start_year=form.start_year.data,
            end_year=form.end_year.data,
            commune_code=form.commune_code.data,
            region=form.region.data,
            source=form.source.data,
            actor=current_user,
        ),
        success=_("Đã lưu phân loại xã."),
        form=form,
    ):
        return redirect(url_for("admin.communes"))
    rows = db.session.scalars(
        select(CommuneClass).order_by(CommuneClass.start_year.desc(), CommuneClass.commune_code)
    ).all()
    return render_template(
        "admin/communes.html", form=form, rows=rows
    ), 200 if request.method == "GET" else 422


@bp.route("/communes/<int:start_year>/<commune_code>/delete")
def commune_delete(start_year: int, commune_code: str):
    """Confirmation before a classification is removed (the form posts back to /communes)."""
    row = db.session.get(CommuneClass, (start_year, commune_code)) or abort(404)
    return render_template("admin/commune_delete.html", row=row)


@bp.route("/audit")
def audit():
    from registry.audit import labels
    from registry.audit.models import AuditEntry
    from registry.people.forms import field_label

    criteria = AuditFilter(
        actor=arg_text("actor", 80),
        action=arg_code("action"),
        target_id=arg_id("person"),
        date_from=arg_date("from"),
        date_to=arg_date("to"),
    )
    page = paginate(db.session, audit_entries(criteria), arg_page(), per_page=100)
    args = {k: v for k, v in request.args.items() if k != "page"}
    present = list(db.session.scalars(select(AuditEntry.action).distinct()))
    return render_template(
        "admin/audit.html",
        page=page,
        args=args,
        actions=labels.action_choices(present),
        labels=labels,
        field_label=field_label,
    )
