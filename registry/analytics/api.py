"""GET /api/v1/gaps: the dashboard's numbers as JSON."""

from __future__ import annotations

from flask import current_app, jsonify, request

from registry.analytics.dashboard import dashboard
from registry.api import api_access, api_user, bp, document
from registry.core.params import arg_year
from registry.extensions import db
from registry.people.area_choices import check_area


@bp.route("/gaps")
@api_access("admin", "officer", "recruiter")
def api_gaps():
    user = api_user()
    area, notice = check_area(db.session, request.args.get("area"))
    if notice:
        return jsonify(error="unknown_area", message=notice), 400
    area = area or user.scope_area_code or current_app.config["HOME_PROVINCE"]
    data = dashboard(db.session, user, area, arg_year("year"))
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
            "400": {"description": "unknown area (a message says so)"},
        },
    },
)
