"""The people search page and its exports."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user

from registry.audit.services import record
from registry.auth.access import roles_required
from registry.extensions import db
from registry.search import export
from registry.search.criteria import parse
from registry.search.labels import facet_labels
from registry.search.queries import count
from registry.search.rows import export_rows
from registry.search.service import ordered_ids, run_search

bp = Blueprint("search", __name__)
SEARCHERS = ("admin", "officer", "recruiter")


@bp.route("/people")
@roles_required(*SEARCHERS)
def people():
    result = run_search(db.session, request.args, current_user)
    return render_template(
        "search/results.html",
        result=result,
        labels=facet_labels(db.session, result.facets),
        columns=export.allowed_columns(current_user),
        defaults=export.DEFAULT_COLUMNS,
    )


def _export(kind: str):
    criteria, notices = parse(db.session, request.args, current_user)
    allowed = {c.key: c for c in export.allowed_columns(current_user)}
    keys = [k for k in request.args.getlist("col") if k in allowed] or [
        k for k in export.DEFAULT_COLUMNS if k in allowed
    ]
    refused = [k for k in request.args.getlist("col") if k not in allowed]
    header = [str(allowed[k].label) for k in keys]
    total = count(db.session, criteria, current_user)
    record(
        db.session,
        actor=current_user,
        action="export",
        target_type="search",
        details={
            "format": kind,
            "criteria": criteria.as_params(),
            "columns": keys,
            "refused": refused,
            "withheld": notices,
            "rows": total,
        },
        ip=request.remote_addr,
    )
    db.session.commit()
    rows = export_rows(db.session, ordered_ids(db.session, criteria, current_user), keys)
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    if kind == "csv":
        body = stream_with_context(export.csv_chunks(header, rows))
        response = Response(body, mimetype="text/csv")
    else:
        path = export.xlsx_file(header, rows)
        response = Response(
            export.file_chunks(path),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response.headers["Content-Disposition"] = f'attachment; filename="tri-thuc-{stamp}.{kind}"'
    if refused:
        response.headers["X-Refused-Columns"] = ",".join(refused)
    return response


@bp.route("/people/export.csv")
@roles_required("admin", "officer", "recruiter")
def export_csv():
    return _export("csv")


@bp.route("/people/export.xlsx")
@roles_required("admin", "officer", "recruiter")
def export_xlsx():
    return _export("xlsx")


__all__ = ["bp", "_"]
