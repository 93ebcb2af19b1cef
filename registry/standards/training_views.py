"""Training courses: plan from the need list, nominate, record results, export."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from registry.audit.services import record
from registry.auth.access import roles_required
from registry.auth.scope import visible_people
from registry.core.pagination import page_number
from registry.core.params import parse_id, parse_year
from registry.core.writes import save
from registry.extensions import db
from registry.people.models import Person
from registry.standards.models import TRAINING_KINDS, TrainingCourse, TrainingNomination
from registry.standards.needs import people_needing
from registry.standards.nominations import nominate, record_result
from registry.standards.requirements import KIND_LABELS, KIND_MODELS, level_names
from registry.standards.training import save_course
from registry.standards.training_queries import (
    course_nominees,
    courses_with_counts,
    yearly_figures,
)
from registry.standards.workbook import xlsx_response

bp = Blueprint("training", __name__, url_prefix="/training")
TRAINERS = ("admin", "officer")
STATE_LABELS = {"nominated": _l("Đã cử"), "completed": _l("Hoàn thành"), "dropped": _l("Bỏ học")}


def _levels() -> dict:
    return {
        kind: db.session.execute(select(model.code, model.name_vi).order_by(model.rank)).all()
        for kind, model in KIND_MODELS.items()
    }


@bp.route("/", methods=["GET", "POST"])
@roles_required(*TRAINERS)
def courses():
    form = request.form
    created = []
    if request.method == "POST" and save(
        lambda: created.append(save_course(db.session, None, form, current_user)),
        success=_("Đã tạo khóa học."),
    ):
        return redirect(url_for("training.course", course_id=created[0].id))
    year = request.args.get("year", "")
    return render_template(
        "standards/courses.html",
        rows=courses_with_counts(db.session, parse_year(year)),
        figures=yearly_figures(db.session),
        kinds={k: str(KIND_LABELS[k]) for k in TRAINING_KINDS},
        levels=_levels(),
        form=form,
        prefill=request.args,
    ), 200 if request.method == "GET" else 422


@bp.route("/courses/<int:course_id>", methods=["GET", "POST"])
@roles_required(*TRAINERS)
def course(course_id: int):
    item = db.session.get(TrainingCourse, course_id) or abort(404)
    form = request.form
    if request.method == "POST" and save(
        lambda: save_course(db.session, item, form, current_user), success=_("Đã lưu khóa học.")
    ):
        return redirect(url_for("training.course", course_id=item.id))
    nominees, hidden = course_nominees(db.session, current_user, item.id)
    candidates = people_needing(
        db.session,
        current_user,
        item.kind,
        item.level_code,
        page=page_number(request.args.get("page")),
    )
    return render_template(
        "standards/course.html",
        course=item,
        nominees=nominees,
        hidden=hidden,
        candidates=candidates,
        kinds={k: str(KIND_LABELS[k]) for k in TRAINING_KINDS},
        levels=_levels(),
        level_name=level_names(db.session)[item.kind].get(item.level_code, item.level_code),
        taken=sum(1 for n in item.nominations if n.state != "dropped"),
        states=STATE_LABELS,
        form=form,
    ), 200 if request.method == "GET" else 422


@bp.route("/courses/<int:course_id>/nominate", methods=["POST"])
@roles_required(*TRAINERS)
def nominate_people(course_id: int):
    item = db.session.get(TrainingCourse, course_id) or abort(404)
    ids = [i for i in request.form.getlist("person_id") if parse_id(i) is not None]
    save(
        lambda: nominate(db.session, item, [int(i) for i in ids], current_user, current_user),
        success=_("Đã cử %(n)d người đi học.", n=len(ids)),
    )
    return redirect(url_for("training.course", course_id=item.id))


@bp.route("/nominations/<int:nomination_id>/result", methods=["POST"])
@roles_required(*TRAINERS)
def result(nomination_id: int):
    nomination = db.session.get(TrainingNomination, nomination_id) or abort(404)
    visible = db.session.scalar(
        select(Person.id).where(
            Person.id == nomination.person_id, visible_people(db.session, current_user)
        )
    )
    if visible is None:
        abort(404)
    form = request.form
    save(
        lambda: record_result(
            db.session,
            nomination,
            state=form.get("state", ""),
            actor=current_user,
            user=current_user,
            certificate_no=form.get("certificate_no"),
            completed_on=form.get("completed_on"),
        ),
        success=_("Đã ghi nhận kết quả."),
    )
    return redirect(url_for("training.course", course_id=nomination.course_id))


@bp.route("/courses/<int:course_id>/export.xlsx")
@roles_required(*TRAINERS)
def export_course(course_id: int):
    item = db.session.get(TrainingCourse, course_id) or abort(404)
    nominees, _hidden = course_nominees(db.session, current_user, item.id)
    return _export([(item, n) for n in nominees], f"khoa-hoc-{item.id}.xlsx")


@bp.route("/export.xlsx")
@roles_required(*TRAINERS)
def export_year():
    year = request.args.get("year", "")
    rows = []
    for entry in courses_with_counts(db.session, parse_year(year)):
        nominees, _hidden = course_nominees(db.session, current_user, entry["course"].id)
        rows += [(entry["course"], n) for n in nominees]
    return _export(rows, f"dao-tao-{year or 'tat-ca'}.xlsx")


def _export(pairs: list, filename: str):
    record(
        db.session,
        actor=current_user,
        action="export",
        target_type="training_nominations",
        details={"file": filename, "rows": len(pairs)},
        ip=request.remote_addr,
    )
    db.session.commit()
    header = [_("Khóa học"), _("Năm"), _("Họ và tên"), _("Cơ quan, đơn vị"), _("Kết quả")]
    header += [_("Số chứng chỉ"), _("Ngày hoàn thành"), _("Số hồ sơ")]
    nominees = [
        [
            course.title,
            course.year,
            n.person.full_name,
            n.person.organization.name if n.person.organization else "",
            str(STATE_LABELS[n.state]),
            n.certificate_no,
            n.completed_on,
            n.person.id,
        ]
        for course, n in pairs
    ]
    done = [row for row, (_c, n) in zip(nominees, pairs, strict=True) if n.state == "completed"]
    return xlsx_response(
        [(_("Danh sách cử đi học"), header, nominees), (_("Hoàn thành"), header, done)], filename
    )
