"""GET /api/v1/positions/compliance and /positions/needs: the compliance page's numbers as JSON,
with the people who fall short (names, organisation, position, what they miss), a page at a time."""

from __future__ import annotations

from flask import jsonify, request

from registry.api import api_access, api_user, bp, document
from registry.core.pagination import page_number
from registry.extensions import db
from registry.standards.compliance import compliance, shortfall_page
from registry.standards.needs import training_needs
from registry.standards.views import parse_filters


def _person(row: dict) -> dict:
    person = row["person"]
    return {
        "id": person.id,
        "full_name": person.full_name,
        "organization": person.organization.name if person.organization else None,
        "commune": person.commune.name if person.commune else None,
        "position": row["position"].name if row["position"] else None,
        "missing": row["missing"],
    }


@bp.route("/positions/compliance")
@api_access("admin", "officer", "recruiter")
def api_compliance():
    filters, notice = parse_filters(request.args)
    if notice:
        return jsonify(error="unknown_area", message=notice), 404
    user = api_user()
    result = compliance(db.session, user, filters)
    page = shortfall_page(db.session, user, result, page_number(request.args.get("page")))
    return jsonify(
        overall=result["overall"].plain(),
        by_organization={str(k): v.plain() for k, v in result["by_org"].items()},
        by_commune={str(k): v.plain() for k, v in result["by_commune"].items()},
        failing={
            "page": page.page,
            "pages": page.pages,
            "total": page.total,
            "people": [_person(row) for row in page.items],
        },
    )


@bp.route("/positions/needs")
@api_access("admin", "officer", "recruiter")
def api_needs():
    filters, notice = parse_filters(request.args)
    if notice:
        return jsonify(error="unknown_area", message=notice), 404
    user = api_user()
    rows = training_needs(db.session, user, compliance(db.session, user, filters))
    return jsonify(
        needs=[
            {
                **{k: r[k] for k in ("kind", "kind_label", "level", "label", "people")},
                **{k: r[k] for k in ("nominated", "completed")},
                "by_organization": {str(k): n for k, n in r["by_org"].items()},
                "by_commune": {str(k): n for k, n in r["by_commune"].items()},
            }
            for r in rows
        ]
    )


FILTERS = [
    {"name": name, "in": "query", "schema": {"type": "string"}}
    for name in ("area", "org", "position", "missing", "page")
]
document(
    "/positions/compliance",
    "get",
    {
        "summary": "Position standards: every active public-sector person counted (holders and "
        "those without a position), rates both ways, and a page of the people who fall short",
        "parameters": FILTERS,
        "responses": {"200": {"description": "compliance"}, "404": {"description": "unknown area"}},
    },
)
document(
    "/positions/needs",
    "get",
    {
        "summary": "Training needs: the course that closes each missing requirement, with counts",
        "parameters": FILTERS[:3],
        "responses": {"200": {"description": "needs"}, "404": {"description": "unknown area"}},
    },
)
