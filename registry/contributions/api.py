"""/api/v1 endpoints of contribution records: read for recruiters, officers and admins; write for
officers and admins (within their scope), through the same services as the pages."""

from __future__ import annotations

from datetime import date

from flask import jsonify, request
from sqlalchemy import select

from registry.api import api_access, api_user, bp, document
from registry.contributions import councils, queries
from registry.contributions.council_models import Council
from registry.contributions.counts import COUNTED, DIMENSIONS, counts_by
from registry.contributions.services import KINDS, delete_record
from registry.core.pagination import page_number, paginate
from registry.errors import ValidationError
from registry.extensions import db

READ = ("admin", "officer", "recruiter")
WRITE = ("admin", "officer")
_SKIP = {"title_folded", "version", "created_at"}


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def as_json(item) -> dict:
    data = {
        c.name: _plain(getattr(item, c.name)) for c in item.__table__.columns if c.name not in _SKIP
    }
    seen = queries.visible_ids(db.session, api_user(), _people_of(item))
    if hasattr(item, "members"):
        data["members"] = [
            {"person_id": m.person_id, "role": m.role} for m in item.members if m.person_id in seen
        ]
    if hasattr(item, "authors"):
        data["authors"] = [a.person_id for a in item.authors if a.person_id in seen]
    if hasattr(item, "funding"):
        data["funding"] = [{"source": f.source, "amount": f.amount} for f in item.funding]
    return data


def _people_of(item) -> list[int]:
    if hasattr(item, "members"):
        return [m.person_id for m in item.members]
    if hasattr(item, "authors"):
        return [a.person_id for a in item.authors]
    return [item.person_id] if hasattr(item, "person_id") else []


def _invalid(error: ValidationError):
    db.session.rollback()
    return jsonify(error="invalid", errors=error.errors), 422


def _unknown():
    return jsonify(error="not_found"), 404


@bp.route("/contributions/<kind>")
@api_access(*READ)
def api_records(kind: str):
    if kind not in KINDS:
        return _unknown()
    filters = queries.read_filters(request.args, kind)
    if filters.errors:
        return jsonify(error="bad_request", errors=filters.errors), 400
    query = queries.list_records(db.session, api_user(), kind, filters)
    page = paginate(db.session, query, page_number(request.args.get("page")), per_page=100)
    return jsonify(total=page.total, page=page.page, items=[as_json(i) for i in page.items])


@bp.route("/contributions/<kind>/<int:record_id>")
@api_access(*READ)
def api_record(kind: str, record_id: int):
    item = queries.record_for(db.session, api_user(), kind, record_id) if kind in KINDS else None
    return jsonify(as_json(item)) if item is not None else _unknown()


@bp.route("/contributions/<kind>", methods=["POST"])
@api_access(*WRITE)
def api_create(kind: str):
    if kind not in KINDS:
        return _unknown()
    try:
        item = KINDS[kind].save(db.session, request.get_json(silent=True) or {}, api_user())
    except ValidationError as error:
        return _invalid(error)
    db.session.commit()
    return jsonify(as_json(item)), 201


@bp.route("/contributions/<kind>/<int:record_id>", methods=["PUT", "DELETE"])
@api_access(*WRITE)
def api_change(kind: str, record_id: int):
    item = queries.record_for(db.session, api_user(), kind, record_id) if kind in KINDS else None
    if item is None:
        return _unknown()
    try:
        if request.method == "DELETE":
            delete_record(db.session, kind, item, api_user())
        else:
            KINDS[kind].save(db.session, request.get_json(silent=True) or {}, api_user(), item)
    except ValidationError as error:
        return _invalid(error)
    db.session.commit()
    return ("", 204) if request.method == "DELETE" else jsonify(as_json(item))


@bp.route("/contributions/counts")
@api_access(*READ)
def api_counts():
    kind, by = request.args.get("kind", "research_task"), request.args.get("by", "level")
    if kind not in COUNTED or by not in DIMENSIONS:
        return jsonify(error="bad_request", message=f"kind in {COUNTED}, by in {DIMENSIONS}"), 400
    filters = queries.read_filters(request.args, kind)
    rows = counts_by(db.session, api_user(), kind, by, filters)
    return jsonify(kind=kind, by=by, rows=rows, total=sum(r["count"] for r in rows))


@bp.route("/councils")
@api_access(*READ)
def api_councils():
    user = api_user()
    items = db.session.scalars(
        select(Council)
        .where(queries.visible_records(db.session, user, "council"))
        .order_by(Council.start_date.desc())
        .limit(500)
    ).all()
    return jsonify(items=[as_json(c) for c in items])


@bp.route("/councils", methods=["POST"])
@api_access(*WRITE)
def api_create_council():
    data = request.get_json(silent=True) or {}
    try:
        council = councils.save_council(db.session, data, api_user())
        warnings = councils.conflicts(db.session, council)
    except ValidationError as error:
        return _invalid(error)
    db.session.commit()
    return jsonify({**as_json(council), "warnings": warnings}), 201


_KIND_PARAM = {
    "name": "kind",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "enum": list(KINDS)},
}
_ID_PARAM = {"name": "record_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_FILTERS = [
    {"name": name, "in": "query", "schema": {"type": kind}}
    for name, kind in (
        ("q", "string"),
        ("level", "string"),
        ("status", "string"),
        ("field", "string"),
        ("year_from", "integer"),
        ("year_to", "integer"),
        ("body", "string"),
        ("area", "string"),
        ("page", "integer"),
    )
]
_RECORD_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "description": (
                    "research_task: code, title, level, ordering_body, field_code, study_code, start_date, "
                    "end_date, year, status, acceptance_date, result, application, members "
                    "[{person_id, role: lead|secretary|member}] (exactly one lead), funding "
                    "[{source, amount in VND}]; initiative: title, recognising_body, decision_number, "
                    "decision_date, effect_level, field_code, year, authors [person_id]; award: person_id, "
                    "kind, title, level, decision_number, decision_date, year; publication: person_id, kind, "
                    "title, venue, year, issn, isbn, doi"
                ),
            }
        }
    },
}
_ERRORS = {
    "401": {"description": "no credentials"},
    "403": {"description": "role not allowed"},
    "422": {"description": "invalid input, nothing written: {errors: {field: message}}"},
}
document(
    "/contributions/{kind}",
    "get",
    {
        "summary": "Research tasks, initiatives, awards or publications the caller may see",
        "parameters": [_KIND_PARAM, *_FILTERS],
        "responses": {
            "200": {"description": "{total, page, items}"},
            "400": {"description": "bad filter"},
        },
    },
)
document(
    "/contributions/{kind}",
    "post",
    {
        "summary": "Create a record (officers, admins)",
        "parameters": [_KIND_PARAM],
        "requestBody": _RECORD_BODY,
        "responses": {"201": {"description": "created"}, **_ERRORS},
    },
)
document(
    "/contributions/{kind}/{record_id}",
    "get",
    {
        "summary": "One record",
        "parameters": [_KIND_PARAM, _ID_PARAM],
        "responses": {"200": {"description": "the record"}, "404": {"description": "not visible"}},
    },
)
document(
    "/contributions/{kind}/{record_id}",
    "put",
    {
        "summary": "Replace a record (officers, admins)",
        "parameters": [_KIND_PARAM, _ID_PARAM],
        "requestBody": _RECORD_BODY,
        "responses": {"200": {"description": "updated"}, **_ERRORS},
    },
)
document(
    "/contributions/{kind}/{record_id}",
    "delete",
    {
        "summary": "Delete a record (officers, admins)",
        "parameters": [_KIND_PARAM, _ID_PARAM],
        "responses": {"204": {"description": "deleted"}, **_ERRORS},
    },
)
document(
    "/contributions/counts",
    "get",
    {
        "summary": "Counts of visible records by level, year, field or area (province)",
        "parameters": [
            {"name": "kind", "in": "query", "schema": {"type": "string", "enum": list(COUNTED)}},
            {"name": "by", "in": "query", "schema": {"type": "string", "enum": list(DIMENSIONS)}},
            *_FILTERS[:-1],
        ],
        "responses": {"200": {"description": "{kind, by, rows: [{key, label, count}], total}"}},
    },
)
document(
    "/councils",
    "get",
    {
        "summary": "Councils and forums the caller may see",
        "responses": {"200": {"description": "{items}"}},
    },
)
document(
    "/councils",
    "post",
    {
        "summary": "Create a council or forum with members (officers, admins); answers conflict warnings",
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "description": "kind, topic, field_code, organiser, decision_number, "
                        "start_date, end_date, task_id, members [{person_id, role: chair|reviewer|member|secretary}]",
                    }
                }
            },
        },
        "responses": {"201": {"description": "created, with warnings"}, **_ERRORS},
    },
)


from registry.contributions import outreach_api as _outreach_api  # noqa: E402, F401
