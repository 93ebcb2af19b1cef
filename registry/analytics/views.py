"""Gap dashboard, target detail with breakdowns, shortlist, exports."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from registry.analytics import charts, exports
from registry.analytics.dashboard import dashboard, drill_down, scoped_row, status_row
from registry.analytics.models import Target
from registry.analytics.queries import breakdown, target_statuses
from registry.analytics.shortlist import shortlist
from registry.analytics.targets_in_scope import coverage
from registry.audit.services import record
from registry.auth.access import roles_required
from registry.core.form_fields import picked_code
from registry.core.params import STUDY, arg_year, parse_area, parse_code, parse_int
from registry.core.workbook import XLSX_MIME, file_chunks
from registry.extensions import db
from registry.people.area_choices import check_area
from registry.people.policy import GROUPS
from registry.search.labels import facet_labels

bp = Blueprint("gaps", __name__)
PLANNERS = ("admin", "officer", "recruiter")


def _filters():
    """(area, year, notice): an area picked by name or code; an unknown one gives a notice
    instead of another area's page."""
    raw = request.args.get("area")
    picked, _problem = picked_code("areas", raw)
    area, notice = check_area(db.session, picked or raw)
    area = area or current_user.scope_area_code or current_app.config["HOME_PROVINCE"]
    return area, arg_year("year"), notice


@bp.route("/gaps")
@roles_required(*PLANNERS)
def index():
    area, year, notice = _filters()
    if notice:
        empty = {"area": area, "year": year, "targets": [], "fields": [], "communes": []}
        return render_template("analytics/dashboard.html", data=empty, notice=notice), 404
    data = dashboard(db.session, current_user, area, year)
    field_bars = charts.bars(
        [(f["name"], f["supply"], f["required"]) for f in data["fields"]],
        _("Hiện có"),
        _("Chỉ tiêu"),
        title=_("Hiện có so với chỉ tiêu theo lĩnh vực"),
    )
    trend = charts.lines(
        data["trend"]["series"], title=_("Số người có văn bằng theo năm (10 năm gần đây)")
    )
    return render_template(
        "analytics/dashboard.html",
        data=data,
        field_bars=field_bars,
        trend=trend,
        labels=facet_labels(db.session, {}),
        notice=_("Địa bàn này nằm ngoài phạm vi của bạn.") if data["outside_scope"] else None,
    )


@bp.route("/gaps/export.xlsx")
@roles_required(*PLANNERS)
def export_xlsx():
    area, year, notice = _filters()
    if notice:
        abort(404)
    data = dashboard(db.session, current_user, area, year)
    record(
        db.session,
        actor=current_user,
        action="export",
        target_type="gaps",
        details={"area": area, "year": year, "rows": len(data["targets"])},
        ip=request.remote_addr,
    )
    db.session.commit()
    path = exports.gaps_workbook(data, facet_labels(db.session, {}))
    response = Response(
        file_chunks(path),
        mimetype=XLSX_MIME,
    )
    response.headers["Content-Disposition"] = f'attachment; filename="thieu-hut-{area}.xlsx"'
    return response


@bp.route("/gaps/targets/<int:target_id>")
@roles_required(*PLANNERS)
def target_detail(target_id: int):
    target = db.session.get(Target, target_id) or abort(404)
    place = coverage(db.session, current_user, [target]).get(target.id) or abort(404)
    status = scoped_row(
        status_row(db.session, target_statuses(db.session, current_user, [target])[0]), place
    )
    parts = breakdown(db.session, current_user, target)
    return render_template(
        "analytics/target.html",
        target=target,
        row=status,
        parts=parts,
        labels=facet_labels(db.session, {"area": parts["area"]}),
        drill_down=drill_down,
    )


@bp.route("/gaps/shortlist")
@roles_required(*PLANNERS)
def shortlist_view():
    labels = facet_labels(db.session, {})
    args = request.args
    area, area_problem = picked_code("areas", args.get("area"))
    study, study_problem = picked_code("majors", args.get("study"))
    need = {
        "field": args.get("field", ""),
        "min_level": args.get("min_level", "dai_hoc"),
        "area": area or (args.get("area") or "").strip(),
        "count": args.get("count", "10"),
        "study": study or (args.get("study") or "").strip(),
    }
    groups = tuple(g for g in args.getlist("group") if g in GROUPS)
    error, rows = None, []
    if need["field"]:
        error = area_problem or study_problem or _check_need(need, labels)
        if not error:
            rows = shortlist(
                db.session,
                current_user,
                field_code=need["field"],
                min_level=need["min_level"],
                area=need["area"],
                count=int(need["count"]),
                prefer_groups=groups,
                outside_only=args.get("outside") == "1",
                study=need["study"][-6:] or None,
            )
            if args.get("format") == "xlsx":
                return _shortlist_xlsx(rows, need)
    return render_template(
        "analytics/shortlist.html",
        need=need,
        groups=groups,
        rows=rows,
        error=error,
        labels=labels,
        outside=args.get("outside") == "1",
    ), 200 if not error else 422


def _check_need(need: dict, labels: dict) -> str | None:
    from registry.people.areas import area_name

    if need["field"] not in labels["field"] or need["min_level"] not in labels["level"]:
        return _("Chọn lĩnh vực và trình độ trong danh mục.")
    if parse_int(need["count"], 1, 500) is None:
        return _("Số người cần phải từ 1 đến 500.")
    if parse_area(need["area"]) is None or area_name(db.session, need["area"]) is None:
        return _("Địa bàn không có trong danh mục.")
    if need["study"] and parse_code(need["study"], pattern=STUDY) is None:
        return _("Mã ngành cần tìm phải có 6 hoặc 7 chữ số.")
    return None


def _shortlist_xlsx(rows, need):
    record(
        db.session,
        actor=current_user,
        action="export",
        target_type="shortlist",
        details={**need, "rows": len(rows)},
        ip=request.remote_addr,
    )
    db.session.commit()
    path = exports.shortlist_workbook(rows, facet_labels(db.session, {}), need)
    response = Response(
        file_chunks(path),
        mimetype=XLSX_MIME,
    )
    response.headers["Content-Disposition"] = 'attachment; filename="danh-sach-ngan.xlsx"'
    return response
