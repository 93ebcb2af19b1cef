"""/reports: choose area, snapshot, comparison and format; take and delete snapshots."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from registry.audit.services import record
from registry.auth.access import roles_required
from registry.core.workbook import XLSX_MIME, file_chunks, vn_number
from registry.core.writes import save
from registry.errors import ValidationError
from registry.extensions import db
from registry.reports.models import Snapshot
from registry.reports.queries import default_area, visible_snapshots
from registry.reports.render import DOCX_MIME, report_docx, report_xlsx
from registry.reports.report import build_report
from registry.reports.services import delete_snapshot, take_snapshot

bp = Blueprint("reports", __name__)
READERS = ("admin", "officer", "recruiter")
FORMATS = ("html", "xlsx", "docx", "json")


def _choices() -> dict:
    args = request.args
    return {
        "area": (args.get("area") or "").strip()
        or default_area(current_user, current_app.config["HOME_PROVINCE"]),
        "snapshot": args.get("snapshot", ""),
        "compare": args.get("compare", ""),
        "format": args.get("format", "html") if args.get("format") in FORMATS else "html",
    }


@bp.route("/reports")
@roles_required(*READERS)
def index():
    chosen = _choices()
    snapshots = visible_snapshots(db.session, current_user)
    report, errors = None, {}
    if request.args.get("area") or request.args.get("format"):
        try:
            report = build_report(
                db.session,
                current_user,
                chosen["area"],
                chosen["snapshot"] or None,
                chosen["compare"] or None,
            )
        except ValidationError as error:
            errors = error.errors
        db.session.rollback()
    if report is not None and chosen["format"] != "html":
        return _download(report, chosen)
    return render_template(
        "reports/index.html",
        chosen=chosen,
        snapshots=snapshots,
        report=report,
        errors=errors,
        can_snapshot=current_user.role in ("admin", "officer"),
    ), 422 if errors else 200


def _download(report, chosen: dict) -> Response:
    record(
        db.session,
        actor=current_user,
        action="export",
        target_type="report",
        details={**chosen, "people": report.people},
        ip=request.remote_addr,
    )
    db.session.commit()
    stem = f"bao-cao-so-lieu-{report.area.replace(':', '-')}-{report.as_of.isoformat()}"
    if chosen["format"] == "json":
        body = json.dumps(report.as_dict(), ensure_ascii=False, indent=1)
        response = Response(body, mimetype="application/json")
    elif chosen["format"] == "xlsx":
        response = Response(file_chunks(report_xlsx(report)), mimetype=XLSX_MIME)
    else:
        response = Response(file_chunks(report_docx(report)), mimetype=DOCX_MIME)
    response.headers["Content-Disposition"] = f'attachment; filename="{stem}.{chosen["format"]}"'
    return response


@bp.route("/reports/snapshots", methods=["POST"])
@roles_required("admin", "officer")
def create():
    from datetime import date

    form = request.form
    raw = (form.get("as_of") or "").strip()
    try:
        day = date.fromisoformat(raw) if raw else date.today()
    except ValueError:
        day = None
    area = (form.get("area") or "").strip() or None
    if current_user.role != "admin":
        area = current_user.scope_area_code
    save(
        lambda: take_snapshot(
            db.session, name=form.get("name", ""), as_of=day, actor=current_user, area=area
        ),
        success=_("Đã chốt số liệu."),
    )
    return redirect(url_for("reports.index"))


@bp.route("/reports/snapshots/<int:snapshot_id>/delete", methods=["POST"])
@roles_required("admin")
def delete(snapshot_id: int):
    snapshot = db.session.get(Snapshot, snapshot_id) or abort(404)
    save(
        lambda: delete_snapshot(db.session, snapshot, current_user),
        success=_("Đã xóa kỳ chốt số liệu."),
    )
    return redirect(url_for("reports.index"))


@bp.app_template_filter("vn_number")
def _vn_number(value):
    """1.263 and 3,4 in report tables (Vietnamese separators in either language)."""
    if value is None:
        return ""
    return vn_number(value, 1 if isinstance(value, float) else 0)


@bp.app_template_filter("vn_signed")
def _vn_signed(value):
    if value is None:
        return ""
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return sign + _vn_number(abs(value))


@bp.app_template_global("report_trend")
def _report_trend(area: str | None = None, gaps: bool = False):
    """The snapshot trend block's data and chart, for any page that includes reports/_trend.html."""
    from registry.analytics.charts import lines
    from registry.reports.trend import snapshot_trend

    trend = snapshot_trend(
        db.session, current_user, area, current_app.config["HOME_PROVINCE"], gaps=gaps
    )
    if trend is None:
        return None
    return {**trend, "chart": lines(trend["series"])}
