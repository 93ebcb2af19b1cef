"""Gap dashboard, target detail with breakdowns, shortlist, exports."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from registry.analytics import charts
from registry.analytics.dashboard import dashboard, drill_down, status_row
from registry.analytics.models import Target
from registry.analytics.queries import breakdown, target_statuses
from registry.analytics.shortlist import shortlist
from registry.audit.services import record
from registry.auth.access import roles_required
from registry.core.form_fields import picked_code
from registry.extensions import db
from registry.people.policy import GROUPS
from registry.search import export
from registry.search.labels import facet_labels

bp = Blueprint("gaps", __name__)
PLANNERS = ("admin", "officer", "recruiter")
TABLE_COLUMNS = (
    "field",
    "area",
    "area_name",
    "min_level",
    "year",
    "required",
    "supply",
    "by_study_only",
    "by_declared_only",
    "by_both",
    "gap",
    "coverage",
    "leaving_by_year",
    "supply_at_year",
    "gap_at_year",
    "coverage_at_year",
    "quota_group",
    "quota_percent",
    "quota_count",
    "quota_needed",
    "source",
)


def _filters():
    picked, _problem = picked_code("areas", request.args.get("area"))
    area = picked or current_user.scope_area_code or current_app.config["HOME_PROVINCE"]
    if not area.isdigit() or len(area) not in (2, 3, 5):
        area = current_app.config["HOME_PROVINCE"]
    year = request.args.get("year", "")
    return area, int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None


@bp.route("/gaps")
@roles_required(*PLANNERS)
def index():
    area, year = _filters()
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
    )


@bp.route("/gaps/export.xlsx")
@roles_required(*PLANNERS)
def export_xlsx():
    area, year = _filters()
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
    years = data["trend"]["years"]
    path = export.xlsx_sheets(
        [
            (
                "Chi tieu",
                list(TABLE_COLUMNS),
                [[row.get(c) for c in TABLE_COLUMNS] for row in data["targets"]],
            ),
            (
                "Linh vuc",
                ["field", "name", "required", "supply", "gap", "gap_at_year"],
                [
                    [f["field"], f["name"], f["required"], f["supply"], f["gap"], f["gap_at_year"]]
                    for f in data["fields"]
                ],
            ),
            (
                "Dia ban",
                ["area", "name", "required", "supply", "gap", "gap_at_year"],
                [
                    [
                        c["area"],
                        c.get("name"),
                        c["required"],
                        c["supply"],
                        c["gap"],
                        c["gap_at_year"],
                    ]
                    for c in data["communes"]
                ],
            ),
            (
                "Xu huong",
                ["field", *years],
                [
                    [name, *[values[y] for y in years]]
                    for name, values in data["trend"]["series"].items()
                ],
            ),
        ]
    )
    response = Response(
        export.file_chunks(path),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.headers["Content-Disposition"] = f'attachment; filename="thieu-hut-{area}.xlsx"'
    return response


@bp.route("/gaps/targets/<int:target_id>")
@roles_required(*PLANNERS)
def target_detail(target_id: int):
    target = db.session.get(Target, target_id) or abort(404)
    status = status_row(db.session, target_statuses(db.session, current_user, [target])[0])
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
    if not need["count"].isdigit() or not 1 <= int(need["count"]) <= 500:
        return _("Số người cần phải từ 1 đến 500.")
    if not need["area"].isdigit() or area_name(db.session, need["area"]) is None:
        return _("Địa bàn không có trong danh mục.")
    if need["study"] and (not need["study"].isdigit() or len(need["study"]) not in (6, 7)):
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
    # Names for people, codes last for machines (rule 12).
    header = ["Số hồ sơ", "Họ và tên", "Điểm", "Lý do", "Trình độ", "Cơ quan", "Xã, phường"]
    header += ["Mã trình độ", "Mã xã"]
    data = (
        [
            c.person.id,
            c.person.full_name,
            c.score,
            "; ".join(c.reasons),
            c.person.highest_level.name_vi if c.person.highest_level else "",
            c.person.organization.name if c.person.organization else "",
            c.person.commune.name if c.person.commune else "",
            c.person.highest_level_code,
            c.person.commune_code,
        ]
        for c in rows
    )
    path = export.xlsx_file(header, data, sheet="Danh sach ngan")
    response = Response(
        export.file_chunks(path),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.headers["Content-Disposition"] = 'attachment; filename="danh-sach-ngan.xlsx"'
    return response
