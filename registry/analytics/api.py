"""GET /api/v1/gaps: the dashboard's numbers as JSON."""

from __future__ import annotations

from flask import current_app, jsonify, request

from registry.analytics.dashboard import dashboard
from registry.api import api_access, api_user, bp, document
from registry.core.params import arg_year, parse_area
from registry.extensions import db


@bp.route("/gaps")
@api_access("admin", "officer", "recruiter")
def api_gaps():
    user = api_user()
    area = (
        request.args.get("area") or user.scope_area_code or current_app.config["HOME_PROVINCE"]
    ).strip()
    year = arg_year("year")
    if parse_area(area) is None:
        return jsonify(
            error="bad_request", message="area must be a province, former district or commune code"
        ), 400
    data = dashboard(db.session, user, area, year)
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


@bp.route("/positions/compliance")
@api_access("admin", "officer", "recruiter")
def api_compliance():
    from registry.analytics.positions import compliance

    result = compliance(db.session, api_user(), parse_area(request.args.get("area")))

    def plain(c):
        return {
            "holders": c.holders,
            "compliant": c.compliant,
            "rate": c.rate,
            "missing": dict(c.missing),
        }

    return jsonify(
        overall=plain(result["overall"]),
        by_organization={str(k): plain(v) for k, v in result["by_org"].items()},
        by_commune={str(k): plain(v) for k, v in result["by_commune"].items()},
        failing=[
            {"person_id": r["person"].id, "position": r["position"].name, "missing": r["missing"]}
            for r in result["failing"]
        ],
    )


document(
    "/positions/compliance",
    "get",
    {
        "summary": "Position standards: compliance overall, per organisation and commune, and who misses what",
        "parameters": [{"name": "area", "in": "query", "schema": {"type": "string"}}],
        "responses": {"200": {"description": "compliance"}},
    },
)
