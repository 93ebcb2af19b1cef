"""Import pages: upload, mapping and preview, commit as a background job, progress, history."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from registry.auth.access import roles_required
from registry.core.params import parse_int
from registry.core.writes import save
from registry.errors import ValidationError
from registry.extensions import db
from registry.imports import jobs
from registry.imports.columns import COLUMNS
from registry.imports.engine import detect, run_import
from registry.imports.models import ImportJob
from registry.imports.reading import MAX_BYTES, check_size, open_book
from registry.imports.services import saved_mapping_for, set_options
from registry.imports.writer import RowWriter

bp = Blueprint("imports", __name__, url_prefix="/imports")
MULTIPART_SLACK = 64 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _job(job_id: int) -> ImportJob:
    job = db.session.get(ImportJob, job_id)
    if job is None or (current_user.role != "admin" and job.user_id != current_user.id):
        abort(404)
    return job


def _history():
    query = select(ImportJob).order_by(ImportJob.id.desc()).limit(50)
    if current_user.role != "admin":
        query = query.where(ImportJob.user_id == current_user.id)
    return db.session.scalars(query).all()


@bp.route("", methods=["GET"])
@roles_required("admin", "officer")
def index():
    return render_template(
        "imports/index.html", jobs=_history(), state=jobs.shown_state, limit=MAX_BYTES // 2**20
    )


@bp.route("", methods=["POST"])
@roles_required("admin", "officer")
def upload():
    try:
        # Refuse an oversized upload from its announced length, before reading it; the app-wide
        # request limit is below the 50 MB a spreadsheet may have.
        check_size(_("tệp tải lên"), (request.content_length or 0) - MULTIPART_SLACK)
        request.max_content_length = MAX_BYTES + MULTIPART_SLACK
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("Chọn tệp Excel hoặc CSV để nhập."), "danger")
            return redirect(url_for("imports.index"))
        content = upload.read(MAX_BYTES + 1)
        job = jobs.create_job(db.session, current_user, upload.filename, content, {})
    except ValidationError as error:
        db.session.rollback()
        for message in error.errors.values():
            flash(message, "danger")
        return render_template(
            "imports/index.html", jobs=_history(), state=jobs.shown_state, limit=MAX_BYTES // 2**20
        ), 422
    db.session.commit()
    return redirect(url_for("imports.preview", job_id=job.id))


def _preview(job: ImportJob, errors_out=None):
    """The preview of a job; a mapping saved for files of this shape applies when none is set."""
    options = jobs.job_options(job)
    book = open_book(jobs.stored_file(job).read_bytes(), job.filename)
    saved = None
    if options.mapping is None:
        options.sheet, layout = detect(book, options)
        saved = saved_mapping_for(db.session, layout.labels)
        if saved is not None:
            options.mapping = {int(k): v for k, v in saved.mapping.items()}
    try:
        report = run_import(db.session, book, options, current_user, errors_out=errors_out)
    finally:
        db.session.rollback()
    return book, report, saved


@bp.route("/<int:job_id>")
@roles_required("admin", "officer")
def preview(job_id: int):
    job = _job(job_id)
    if jobs.shown_state(job) in ("running", "done"):
        return redirect(url_for("imports.progress", job_id=job.id))
    try:
        book, report, saved = _preview(job)
    except ValidationError as error:
        for message in error.errors.values():
            flash(message, "danger")
        return render_template("imports/preview.html", job=job, report=None, columns=COLUMNS)
    return render_template(
        "imports/preview.html",
        job=job,
        report=report,
        book=book,
        saved=saved,
        columns=COLUMNS,
    )


@bp.route("/<int:job_id>/mapping", methods=["POST"])
@roles_required("admin", "officer")
def mapping(job_id: int):
    job = _job(job_id)
    labels = request.form.getlist("label")
    save(lambda: set_options(db.session, job, request.form, labels, current_user))
    return redirect(url_for("imports.preview", job_id=job.id))


@bp.route("/<int:job_id>/commit", methods=["POST"])
@roles_required("admin", "officer")
def commit(job_id: int):
    job = _job(job_id)
    if jobs.shown_state(job) not in ("pending", "interrupted", "failed"):
        return redirect(url_for("imports.progress", job_id=job.id))
    job.options = {**(job.options or {}), "skip_invalid": request.form.get("skip_invalid") == "1"}
    total = request.form.get("total", "")
    job.total = parse_int(total, 0, 10_000_000) or job.total
    job.state = "pending"
    db.session.commit()
    jobs.start_in_background(current_app._get_current_object(), job.id, current_user.id)
    return redirect(url_for("imports.progress", job_id=job.id))


@bp.route("/<int:job_id>/progress")
@roles_required("admin", "officer")
def progress(job_id: int):
    job = _job(job_id)
    return render_template("imports/progress.html", job=job, status=_status(job))


def _status(job: ImportJob) -> dict:
    state = jobs.shown_state(job)
    live = jobs.RUNNING.get(job.id, {})
    return {
        "state": state,
        "processed": live.get("processed", job.processed or 0),
        "total": job.total,
        "counts": job.counts or {},
        "message": job.message,
    }


@bp.route("/<int:job_id>/status.json")
@roles_required("admin", "officer")
def status(job_id: int):
    return jsonify(_status(_job(job_id)))


@bp.route("/<int:job_id>/errors.xlsx")
@roles_required("admin", "officer")
def errors_file(job_id: int):
    job = _job(job_id)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "errors.xlsx"
        writer = RowWriter(str(path))
        try:
            _preview(job, errors_out=writer)
        except ValidationError as error:
            flash("; ".join(error.errors.values()), "danger")
            return redirect(url_for("imports.index"))
        finally:
            writer.close()
        data = path.read_bytes()
    stem = Path(job.filename).stem
    return send_file(
        io.BytesIO(data),
        mimetype=XLSX,
        as_attachment=True,
        download_name=f"{stem}-loi.xlsx",
    )


@bp.route("/template.xlsx")
@roles_required("admin", "officer")
def template():
    from registry.imports.template import template_workbook

    return send_file(
        io.BytesIO(template_workbook(db.session)),
        mimetype=XLSX,
        as_attachment=True,
        download_name="mau-danh-sach-tri-thuc.xlsx",
    )


alias_bp = Blueprint("imports_alias", __name__)


@alias_bp.route("/people/import")
@roles_required("admin", "officer")
def people_import():
    """Where people look for it first."""
    return redirect(url_for("imports.index"))
