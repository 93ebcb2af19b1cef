"""GET /api/v1/gaps: the dashboard's numbers as JSON."""

from __future__ import annotations

from flask import current_app, jsonify, request

from registry.analytics.dashboard import dashboard
from registry.api import api_access, api_user, bp, document
from registry.extensions import db


@bp.route("/gaps")
@api_access("admin", "officer", "recruiter")
def api_gaps():
    user = api_user()
    area = (
        request.args.get("area") or user.scope_area_code or current_app.config["HOME_PROVINCE"]
    ).strip()
    year = request.args.get("year", "")
    if not area.isdigit() or len(area) not in (2, 3, 5):
        return jsonify(
            error="bad_request", message="area must be a province, former district or commune code"
        ), 400
    data = dashboard(db.session, user, area, int(year) if year.isdigit() else None)
    return jsonify(data)


document(
    "/gaps",
    "get",
    {
        "summary": "Targets, supply, gaps, projection to the target year, rankings and trends for an area",
        "parameters": [
            {"name": "area", "in": "query", "schema": {"type": "string"}},
            {"name": "year", "in": "query", "schema": {"type": "integer"}},
        ],
        "responses": {
            "200": {"description": "the dashboard's numbers"},
            "400": {"description": "bad area"},
        },
    },
)
