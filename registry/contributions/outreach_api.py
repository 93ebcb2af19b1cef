"""/api/v1 endpoints of councils' members and outcomes, attraction cases, overseas partners and
the cooperation log: read for recruiters, write for officers and admins."""

from __future__ import annotations

from flask import jsonify, request
from sqlalchemy import select

from registry.api import api_access, api_user, bp, document
from registry.auth.privacy import MASK, sees_personal_data
from registry.auth.scope import visible_people
from registry.contributions import attraction, councils, overseas, people_queries, queries
from registry.contributions.api import READ, WRITE, as_json
from registry.contributions.council_models import ForeignPartner
from registry.errors import ValidationError
from registry.extensions import db
from registry.people.models import Person


def _written(action, status: int = 201):
    try:
        result = action()
    except ValidationError as error:
        db.session.rollback()
        return jsonify(error="invalid", errors=error.errors), 422
    db.session.commit()
    return jsonify(result), status


def _council(record_id: int):
    return queries.record_for(db.session, api_user(), "council", record_id)


@bp.route("/councils/<int:record_id>/members", methods=["POST"])
@api_access(*WRITE)
def api_council_member(record_id: int):
    council = _council(record_id)
    if council is None:
        return jsonify(error="not_found"), 404
    data = request.get_json(silent=True) or {}

    def add():
        councils.add_member(db.session, council, data, api_user())
        return {**as_json(council), "warnings": councils.conflicts(db.session, council)}

    return _written(add)


@bp.route("/councils/<int:record_id>/outcome", methods=["POST"])
@api_access(*WRITE)
def api_council_outcome(record_id: int):
    council = _council(record_id)
    if council is None:
        return jsonify(error="not_found"), 404
    data = request.get_json(silent=True) or {}
    return _written(
        lambda: as_json(councils.record_outcome(db.session, council, data, api_user())), 200
    )


def _case_json(follow) -> dict:
    case = follow.case
    return {
        **{c.name: getattr(case, c.name) for c in case.__table__.columns},
        "decision_date": case.decision_date.isoformat(),
        "supports": [{"kind": s.kind, "amount": s.amount} for s in case.supports],
        "now": follow.now,
        "milestones": {str(k): v for k, v in follow.milestones.items()},
    }


@bp.route("/attraction")
@api_access(*READ)
def api_attraction():
    user = api_user()
    follows = attraction.follow_up(db.session, attraction.visible_cases(db.session, user))
    return jsonify(items=[_case_json(f) for f in follows])


@bp.route("/attraction", methods=["POST"])
@api_access(*WRITE)
def api_create_attraction():
    data = request.get_json(silent=True) or {}

    def create():
        case = attraction.save_case(db.session, data, api_user())
        return _case_json(attraction.follow_up(db.session, [case])[0])

    return _written(create)


def _partner_json(partner: ForeignPartner, user) -> dict:
    data = {c.name: getattr(partner, c.name) for c in partner.__table__.columns}
    if not sees_personal_data(user, partner.person_id) and data["contact_channel"]:
        data["contact_channel"] = MASK
    return data


@bp.route("/foreign")
@api_access(*READ)
def api_foreign():
    user = api_user()
    query = (
        select(ForeignPartner)
        .join(Person, Person.id == ForeignPartner.person_id)
        .where(visible_people(db.session, user))
    )
    country = (request.args.get("country") or "").strip().upper()
    if country:
        query = query.where(
            ForeignPartner.person_id.in_(people_queries.person_ids_in_country(db.session, country))
        )
    if request.args.get("field"):
        query = query.where(ForeignPartner.field_code == request.args["field"])
    items = db.session.scalars(query.order_by(ForeignPartner.person_id).limit(1000)).all()
    return jsonify(items=[_partner_json(p, user) for p in items])


@bp.route("/foreign/<int:person_id>", methods=["PUT"])
@api_access(*WRITE)
def api_save_partner(person_id: int):
    data = {**(request.get_json(silent=True) or {}), "person_id": person_id}
    return _written(
        lambda: _partner_json(overseas.save_partner(db.session, data, api_user()), api_user()), 200
    )


@bp.route("/cooperation", methods=["POST"])
@api_access(*WRITE)
def api_cooperation():
    data = request.get_json(silent=True) or {}

    def create():
        entry = overseas.log_cooperation(db.session, data, api_user())
        return {
            "id": entry.id,
            "person_id": entry.person_id,
            "kind": entry.kind,
            "day": entry.day.isoformat(),
            "task_id": entry.task_id,
            "council_id": entry.council_id,
        }

    return _written(create)


_ERRORS = {
    "401": {"description": "no credentials"},
    "403": {"description": "role not allowed"},
    "404": {"description": "not visible"},
    "422": {"description": "invalid input, nothing written: {errors: {field: message}}"},
}


def _body(description: str) -> dict:
    return {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object", "description": description}}},
    }


_ID = {"name": "record_id", "in": "path", "required": True, "schema": {"type": "integer"}}
document(
    "/councils/{record_id}/members",
    "post",
    {
        "summary": "Add a member to a council (officers, admins); answers conflict warnings",
        "parameters": [_ID],
        "requestBody": _body("person_id, role: chair|reviewer|member|secretary"),
        "responses": {"201": {"description": "the council with warnings"}, **_ERRORS},
    },
)
document(
    "/councils/{record_id}/outcome",
    "post",
    {
        "summary": "Record recommendations and, for an acceptance council, the result (it becomes the task's)",
        "parameters": [_ID],
        "requestBody": _body("recommendations, result: excellent|good|pass|fail, decided_on"),
        "responses": {"200": {"description": "the council"}, **_ERRORS},
    },
)
document(
    "/attraction",
    "get",
    {
        "summary": "Attraction cases with where each person is now and at 1, 3 and 5 years",
        "responses": {"200": {"description": "{items}"}},
    },
)
document(
    "/attraction",
    "post",
    {
        "summary": "Record a person attracted under the locality's policy (officers, admins)",
        "requestBody": _body(
            "person_id, decision_number, decision_date, field_code, position, "
            "commitment_years, supports [{kind: one_off|housing|salary|training|other, amount}]"
        ),
        "responses": {"201": {"description": "created"}, **_ERRORS},
    },
)
document(
    "/foreign",
    "get",
    {
        "summary": "Overseas Vietnamese and foreign intellectuals (contact channel masked for recruiters)",
        "parameters": [
            {"name": "country", "in": "query", "schema": {"type": "string"}},
            {"name": "field", "in": "query", "schema": {"type": "string"}},
        ],
        "responses": {"200": {"description": "{items}"}},
    },
)
document(
    "/foreign/{person_id}",
    "put",
    {
        "summary": "Set a person's country, contact channel, expertise and willingness (officers, admins)",
        "parameters": [
            {"name": "person_id", "in": "path", "required": True, "schema": {"type": "integer"}}
        ],
        "requestBody": _body(
            "residence_country (ISO 3166 alpha-2), nationality_country, contact_channel, "
            "expertise, field_code, willingness: ready|possible|not_now"
        ),
        "responses": {"200": {"description": "saved"}, **_ERRORS},
    },
)
document(
    "/cooperation",
    "post",
    {
        "summary": "Add an entry to the cooperation log (officers, admins)",
        "requestBody": _body(
            "person_id, kind: visit|joint_task|lecture|advice|other, day, description, "
            "task_id, council_id"
        ),
        "responses": {"201": {"description": "created"}, **_ERRORS},
    },
)
