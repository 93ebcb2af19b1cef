"""GET /api/v1/people: the same search as the page, as JSON (personal fields masked by role)."""

from __future__ import annotations

from flask import jsonify, request

from registry.api import api_access, api_user, document
from registry.api import bp as api_bp
from registry.auth.privacy import masked
from registry.core.params import arg_int
from registry.extensions import db
from registry.search.criteria import SORTS
from registry.search.filters import ALL, FILTERS
from registry.search.service import run_search

MAX_PER_PAGE = 200


def person_json(person, user) -> dict:
    return {
        "id": person.id,
        "full_name": person.full_name,
        "sex": person.sex,
        "birth_year": person.birth_date.year if person.birth_date else None,
        "birth_date": masked(
            user,
            person.id,
            "birth_date",
            person.birth_date.isoformat() if person.birth_date else None,
        ),
        "ethnicity_code": masked(user, person.id, "ethnicity_code", person.ethnicity_code),
        "highest_level": person.highest_level_code,
        "commune_code": person.commune_code,
        "legacy_commune_code": person.legacy_commune_code,
        "organization": person.organization.name if person.organization else None,
        "position": person.position,
        "sector": person.sector,
        "status": person.status,
        "majors": sorted({q.major_name for q in person.qualifications if q.major_name}),
    }


@api_bp.route("/people")
@api_access("admin", "officer", "recruiter")
def api_people():
    user = api_user()
    per_page = arg_int("per_page", 1, MAX_PER_PAGE, 50)
    result = run_search(
        db.session,
        request.args,
        user,
        per_page=per_page,
        with_facets=request.args.get("facets", "1") != "0",
    )
    return jsonify(
        total=result.page.total,
        page=result.page.page,
        per_page=per_page,
        notices=result.notices,
        items=[person_json(p, user) for p in result.page.items],
        facets=result.facets,
    )


def _parameters() -> list[dict]:
    """The query parameters of the search, from the filter declarations."""
    base: list[dict] = [
        {"name": "q", "in": "query", "schema": {"type": "string"}},
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(SORTS)}},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    ]
    for item in FILTERS:
        schema: dict = {"type": "integer" if item.number else "string"}
        if item.multiple:
            schema = {"type": "array", "items": schema}
        spec: dict = {"name": item.name, "in": "query", "schema": schema, "explode": item.multiple}
        if item.default is not None:
            spec["description"] = f"default {item.default}; {ALL} lifts it"
        base.append(spec)
    return base


document(
    "/people",
    "get",
    {
        "summary": "Search people (same parameters as GET /people in the web app)",
        "parameters": [
            *_parameters(),
            {"name": "per_page", "in": "query", "schema": {"type": "integer", "maximum": 200}},
            {"name": "facets", "in": "query", "schema": {"type": "string", "enum": ["0", "1"]}},
        ],
        "responses": {
            "200": {"description": "total, items, facets, notices"},
            "401": {"description": "no credentials"},
            "403": {"description": "role may not search"},
        },
    },
)
