"""GET /api/v1/reports and /api/v1/reports/snapshots: the report's tables and the snapshots as JSON."""

from __future__ import annotations

from flask import current_app, jsonify, request

from registry.api import api_access, api_user, bp, document
from registry.errors import ValidationError
from registry.extensions import db
from registry.reports.queries import default_area, visible_snapshots
from registry.reports.report import build_report

READERS = ("admin", "officer", "recruiter")


@bp.route("/reports")
@api_access(*READERS)
def api_report():
    user = api_user()
    area = (request.args.get("area") or "").strip() or default_area(
        user, current_app.config["HOME_PROVINCE"]
    )
    try:
        report = build_report(
            db.session,
            user,
            area,
            request.args.get("snapshot") or None,
            request.args.get("compare") or None,
        )
    except ValidationError as error:
        db.session.rollback()
        return jsonify(error="bad_request", message="invalid parameters", fields=error.errors), 400
    db.session.rollback()
    return jsonify(report.as_dict())


@bp.route("/reports/snapshots")
@api_access(*READERS)
def api_snapshots():
    return jsonify(
        [
            {
                "id": s.id,
                "name": s.name,
                "as_of": s.as_of.isoformat(),
                "area": s.area_code,
                "people": s.people,
                "created_by": s.created_by_name,
            }
            for s in visible_snapshots(db.session, api_user())
        ]
    )


document(
    "/reports",
    "get",
    {
        "summary": "The statistics report (all tables) for an area, now or at a snapshot, "
        "optionally compared with an earlier snapshot",
        "parameters": [
            {"name": "area", "in": "query", "schema": {"type": "string"}},
            {"name": "snapshot", "in": "query", "schema": {"type": "integer"}},
            {"name": "compare", "in": "query", "schema": {"type": "integer"}},
        ],
        "responses": {
            "200": {"description": "the report's tables, totals, changes and sentences"},
            "400": {"description": "unknown area, area outside scope, bad snapshot or comparison"},
            "401": {"description": "no credentials"},
        },
    },
)
document(
    "/reports/snapshots",
    "get",
    {
        "summary": "Snapshots (chốt số liệu) the caller may report from",
        "responses": {
            "200": {"description": "the snapshots"},
            "401": {"description": "no credentials"},
        },
    },
)
