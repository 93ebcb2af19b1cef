"""Profile pages: view, create, edit (officers), parts, consent, erasure. Thin: parse, call, commit."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registry.audit.services import record
from registry.auth.access import roles_required
from registry.auth.scope import can_see_person
from registry.core.params import parse_id
from registry.core.writes import form_errors, save
from registry.errors import StaleRecordError, ValidationError
from registry.extensions import db
from registry.people import consent
from registry.people.forms import PART_FORMS, PersonForm, part_data
from registry.people.parts import add_part, find_part, remove_part
from registry.people.profile import profile_view, visible_person
from registry.people.queries import possible_duplicates
from registry.people.rules import display_phone
from registry.people.services import (
    PersonInput,
    create_person,
    person_input,
    snapshot,
    update_person,
)

bp = Blueprint("people", __name__)
EDITORS = ("admin", "officer")


def _person_or_404(person_id: int):
    person = visible_person(db.session, current_user, person_id)
    if person is None:
        abort(404)
    return person


def person_form(person=None, form_class=PersonForm, submitted: bool = True):
    """The profile form: what was posted, or the person's stored values (GET, or `submitted`
    False when another form on the page was posted)."""
    fresh = request.method == "GET" or not submitted
    form = form_class(obj=person, formdata=None) if fresh and person else form_class()
    form.fill_choices(
        db.session, current_app.config["HOME_PROVINCE"], person.commune_code if person else None
    )
    if fresh and person:
        form.version.data = str(person.version)
        for name in (
            "ethnicity_code",
            "commune_code",
            "academic_title_code",
            "political_theory_code",
            "state_management_code",
            "it_skill_code",
        ):
            getattr(form, name).data = getattr(person, name) or ""
        form.organization_id.data = str(person.organization_id or "")
        form.phone.data = display_phone(person.phone)
    return form


@bp.route("/people/<int:person_id>")
@roles_required("admin", "officer", "recruiter", "individual")
def profile(person_id: int):
    person = _person_or_404(person_id)
    if current_user.person_id != person.id:
        record(
            db.session,
            actor=current_user,
            action="person.view",
            target_type="person",
            target_id=person.id,
            ip=request.remote_addr,
        )
        db.session.commit()
    return _render_profile(person)


def _render_profile(person, submitted: dict | None = None, open_part: str | None = None):
    part_forms = {}
    if current_user.role in EDITORS:
        for kind, form_class in PART_FORMS.items():
            part_forms[kind] = (submitted or {}).get(kind) or form_class(prefix=kind, formdata=None)
            part_forms[kind].fill_choices(db.session)
    return render_template(
        "people/profile.html",
        view=profile_view(db.session, person, current_user),
        part_forms=part_forms,
        open_part=open_part,
        can_edit=current_user.role in EDITORS,
    )


@bp.route("/people/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def new():
    form = person_form()
    form.commune_required = True
    duplicates = []
    if form.validate_on_submit():
        duplicates = _unconfirmed_duplicates(form)
        if not duplicates:
            try:
                person = create_person(db.session, PersonInput(**form.values()), actor=current_user)
                if not can_see_person(db.session, current_user, person.id):
                    raise ValidationError(
                        {"commune_code": _("Xã, phường này nằm ngoài phạm vi quản lý của bạn.")}
                    )
            except ValidationError as error:
                db.session.rollback()
                form_errors(form, error)
            else:
                db.session.commit()
                flash(_("Đã tạo hồ sơ."), "success")
                _warn_if_national_id_withheld(form, person)
                return redirect(url_for("people.profile", person_id=person.id))
    status = 200 if request.method == "GET" else 409 if duplicates else 422
    return render_template(
        "people/edit.html", form=form, person=None, duplicates=duplicates
    ), status


def _unconfirmed_duplicates(form) -> list:
    """Look-alike profiles the officer has not yet said are other people."""
    if request.form.get("not_duplicate") == "1":
        return []
    return possible_duplicates(
        db.session,
        current_user,
        form.full_name.data,
        form.birth_date.data,
        form.commune_code.data,
    )


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(person_id: int):
    person = _person_or_404(person_id)
    form = person_form(person)
    changed_since = None
    if form.validate_on_submit():
        loaded = parse_id(form.version.data) or -1
        try:
            update_person(
                db.session, person, PersonInput(**form.values()), loaded, actor=current_user
            )
            if not can_see_person(db.session, current_user, person.id):
                raise ValidationError(
                    {"commune_code": _("Hồ sơ phải thuộc phạm vi quản lý của bạn.")}
                )
        except StaleRecordError:
            db.session.rollback()
            changed_since = _changes_since(person_id, loaded)
            form.version.data = str(_person_or_404(person_id).version)
            flash(
                _(
                    "Hồ sơ đã được người khác sửa trong lúc bạn chỉnh sửa. Chưa lưu gì: hãy xem các thay đổi bên dưới rồi lưu lại."
                ),
                "warning",
            )
        except ValidationError as error:
            db.session.rollback()
            form_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã lưu hồ sơ."), "success")
            _warn_if_national_id_withheld(form, person)
            return redirect(url_for("people.profile", person_id=person.id))
    status = 200 if request.method == "GET" else 409 if changed_since is not None else 422
    return render_template(
        "people/edit.html", form=form, person=person, changed_since=changed_since
    ), status


def _warn_if_national_id_withheld(form, person) -> None:
    typed = (form.national_id.data or "").strip()
    if typed and person.national_id != typed:
        flash(
            _(
                "Số CCCD chưa được ghi vào hồ sơ: cần quản trị viên kiểm tra trước. "
                "Các thông tin khác đã được lưu."
            ),
            "warning",
        )


def _changes_since(person_id: int, loaded_version: int) -> list[dict]:
    """What others changed after `loaded_version`, from the audit log (field, old, new, who, when)."""
    from registry.review.queries import updates_of_person

    return updates_of_person(db.session, person_id, since_version=loaded_version)


@bp.route("/people/<int:person_id>/parts/<kind>", methods=["POST"])
@roles_required(*EDITORS)
def add_part_view(person_id: int, kind: str):
    person = _person_or_404(person_id)
    if kind not in PART_FORMS:
        abort(404)
    form = PART_FORMS[kind](prefix=kind)
    form.fill_choices(db.session)
    if form.validate_on_submit() and save(
        lambda: add_part(db.session, person, kind, part_data(form), actor=current_user),
        success=_("Đã thêm."),
        form=form,
    ):
        return redirect(url_for("people.profile", person_id=person.id, _anchor=kind))
    # Back to the profile with this form open, what was typed kept and messages beside fields.
    return _render_profile(person, {kind: form}, open_part=kind), 422


@bp.route("/people/<int:person_id>/parts/<kind>/<part_id>/delete", methods=["GET", "POST"])
@roles_required(*EDITORS)
def remove_part_view(person_id: int, kind: str, part_id: str):
    person = _person_or_404(person_id)
    item = find_part(person, kind, part_id)
    back = url_for("people.profile", person_id=person.id, _anchor=kind)
    if item is None:
        flash(_("Mục này không còn trong hồ sơ."), "warning")
        return redirect(back)
    if request.method == "POST":
        save(
            lambda: remove_part(db.session, person, kind, part_id, actor=current_user),
            success=_("Đã xóa."),
        )
        return redirect(back)
    return render_template(
        "people/confirm_remove.html", person=person, kind=kind, item=item, back=back
    )


@bp.route("/people/<int:person_id>/consent", methods=["POST"])
@roles_required(*EDITORS)
def record_consent(person_id: int):
    person = _person_or_404(person_id)
    action = consent.withdraw_consent if request.form.get("withdraw") else consent.record_consent
    save(lambda: action(db.session, person, current_user), success=_("Đã ghi nhận."))
    return redirect(url_for("people.profile", person_id=person.id))


@bp.route("/people/<int:person_id>/erase", methods=["POST"])
@roles_required("admin")
def erase(person_id: int):
    person = _person_or_404(person_id)
    if request.form.get("confirm") != str(person.id):
        flash(_("Nhập đúng số hồ sơ để xác nhận xóa dữ liệu cá nhân."), "danger")
        return redirect(url_for("people.profile", person_id=person.id))
    save(
        lambda: consent.erase_person(
            db.session, person, current_user, current_app.config["UPLOAD_PATH"]
        ),
        success=_("Đã xóa dữ liệu cá nhân của hồ sơ; số liệu tổng hợp được giữ nguyên."),
    )
    return redirect(url_for("people.profile", person_id=person.id))


__all__ = ["bp", "person_input", "snapshot"]
