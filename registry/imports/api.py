"""POST /api/v1/imports: the same preview and commit steps as the pages, for other systems."""

from __future__ import annotations

import json

from flask import jsonify, request

from registry.api import api_access, api_user, bp, document
from registry.errors import ValidationError
from registry.extensions import db
from registry.imports import jobs
from registry.imports.engine import run_import
from registry.imports.models import ImportJob
from registry.imports.reading import MAX_BYTES, check_size, open_book
from registry.imports.views import MULTIPART_SLACK

LIMIT = 1000


def _report_json(job: ImportJob, report) -> dict:
    return {
        "job_id": job.id,
        "file": job.filename,
        "sha256": job.file_hash,
        "sheet": report.sheet,
        "counts": report.counts(),
        "problems": [{"row": n, "column": c, "message": m} for n, c, m in report.problems[:LIMIT]],
        "changes": [
            {"row": n, "name": name, "field": f, "old": old, "new": new}
            for n, name, f, old, new in report.changes[:LIMIT]
        ],
        "notes": [{"row": n, "note": note} for n, note in report.notes[:LIMIT]],
        "new_organizations": report.new_organizations[:LIMIT],
    }


def _bad(error: ValidationError, status: int = 422):
    return jsonify(error="invalid", messages=error.errors), status


def _options() -> dict:
    raw = request.form.get("mapping") or ""
    try:
        mapping = json.loads(raw) if raw else None
    except ValueError:
        raise ValidationError({"mapping": 'mapping: JSON {"0": "full_name", ...}'}) from None
    if mapping is not None and not isinstance(mapping, dict):
        raise ValidationError({"mapping": "mapping: JSON object"})
    return {"sheet": request.form.get("sheet") or None, "mapping": mapping}


@bp.route("/imports", methods=["POST"])
@api_access("admin", "officer")
def api_import_preview():
    try:
        check_size("file", (request.content_length or 0) - MULTIPART_SLACK)
    except ValidationError as error:
        return _bad(error, 413)
    request.max_content_length = MAX_BYTES + MULTIPART_SLACK
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return jsonify(error="bad_request", message="multipart field 'file' is required"), 400
    user = api_user()
    try:
        content = upload.read(MAX_BYTES + 1)
        job = jobs.create_job(db.session, user, upload.filename, content, _options())
        db.session.commit()
        report = run_import(
            db.session, open_book(content, job.filename), jobs.job_options(job), user
        )
    except ValidationError as error:
        db.session.rollback()
        return _bad(error)
    db.session.rollback()
    job = db.session.get(ImportJob, job.id)
    job.total = report.total
    db.session.commit()
    return jsonify(_report_json(job, report)), 201


@bp.route("/imports/<int:job_id>/commit", methods=["POST"])
@api_access("admin", "officer")
def api_import_commit(job_id: int):
    user = api_user()
    job = db.session.get(ImportJob, job_id)
    if job is None or (user.role != "admin" and job.user_id != user.id):
        return jsonify(error="not_found"), 404
    if jobs.shown_state(job) in ("running", "done"):
        return jsonify(error="conflict", state=jobs.shown_state(job)), 409
    skip = (request.form.get("skip_invalid") or request.args.get("skip_invalid") or "") in (
        "1",
        "true",
    )
    job.options = {**(job.options or {}), "skip_invalid": skip}
    db.session.commit()
    try:
        report = jobs.execute_job(db.session, job_id, user)
    except ValidationError as error:
        return _bad(error)
    job = db.session.get(ImportJob, job_id)
    return jsonify(_report_json(job, report))


@bp.route("/imports/<int:job_id>")
@api_access("admin", "officer")
def api_import_status(job_id: int):
    user = api_user()
    job = db.session.get(ImportJob, job_id)
    if job is None or (user.role != "admin" and job.user_id != user.id):
        return jsonify(error="not_found"), 404
    return jsonify(
        job_id=job.id,
        file=job.filename,
        state=jobs.shown_state(job),
        processed=jobs.RUNNING.get(job.id, {}).get("processed", job.processed),
        total=job.total,
        counts=job.counts,
        message=job.message,
    )


_PREVIEW = {"description": "preview: counts, problems by row and column, changes old → new"}
document(
    "/imports",
    "post",
    {
        "summary": "Upload a spreadsheet of people (XLSX, XLS, CSV; up to 50 MB) and get its preview; nothing is written",
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {
                            "file": {"type": "string", "format": "binary"},
                            "sheet": {"type": "string"},
                            "mapping": {
                                "type": "string",
                                "description": 'JSON {"column index from 0": "column key"}',
                            },
                        },
                    }
                }
            }
        },
        "responses": {"201": _PREVIEW, "422": {"description": "the file cannot be read"}},
    },
)
document(
    "/imports/{job_id}/commit",
    "post",
    {
        "summary": "Write a previewed import in one transaction (skip_invalid=1 to import the valid rows only)",
        "parameters": [
            {"name": "job_id", "in": "path", "required": True, "schema": {"type": "integer"}},
            {"name": "skip_invalid", "in": "query", "schema": {"type": "boolean"}},
        ],
        "responses": {
            "200": _PREVIEW,
            "409": {"description": "already running or done"},
            "422": {"description": "invalid rows; nothing written"},
        },
    },
)
document(
    "/imports/{job_id}",
    "get",
    {
        "summary": "State and progress of an import job",
        "parameters": [
            {"name": "job_id", "in": "path", "required": True, "schema": {"type": "integer"}}
        ],
        "responses": {"200": {"description": "the job"}},
    },
)
