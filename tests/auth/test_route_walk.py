"""Walk every GET route of the app for every role: no error page, nothing out of scope leaks."""

import pytest

from registry.api.services import issue_token
from registry.review.models import ChangeRequest
from tests.conftest import PASSWORD
from tests.factories import make_org, make_person, make_user

OUTSIDER = "Ngoài Phạm Vi"
ROLES = ("anonymous", "admin", "officer", "recruiter", "individual")
PUBLIC = {
    "auth.login",
    "core.healthz",
    "core.set_language",
    "api.openapi",
    "static",
    "bootstrap.static",
}
# Expected status for (endpoint, role) when the URL names the in-scope person; other roles: 403.
ALLOWED = {
    "core.home": ROLES[1:],
    "people.profile": ROLES[1:],
    "people.new": ("admin", "officer"),
    "people.edit": ("admin", "officer"),
    "me.own_profile": ("individual",),
    "review.queue": ("admin", "officer"),
    "review.decide": ("admin", "officer"),
    "review.evidence": (),  # no evidence file in this population: 404 for those allowed
    "search.people": ("admin", "officer", "recruiter"),
    "search.export_csv": ("admin", "officer", "recruiter"),
    "search.export_xlsx": ("admin", "officer", "recruiter"),
    "gaps.index": ("admin", "officer", "recruiter"),
    "gaps.export_xlsx": ("admin", "officer", "recruiter"),
    "gaps.target_detail": ("admin", "officer", "recruiter"),
    "gaps.shortlist_view": ("admin", "officer", "recruiter"),
    "positions.report": ("admin", "officer", "recruiter"),
    "contributions.index": ("admin", "officer", "recruiter"),
    "contributions.tasks": ("admin", "officer", "recruiter"),
    "contributions.tasks_xlsx": ("admin", "officer", "recruiter"),
    "contributions.initiatives": ("admin", "officer", "recruiter"),
    "contributions.initiatives_xlsx": ("admin", "officer", "recruiter"),
    "contributions.new": ("admin", "officer"),
    "contributions.new_council": ("admin", "officer"),
    "contributions.councils": ("admin", "officer", "recruiter"),
    "contributions.propose_page": ("individual",),
    "contributions.attraction_page": ("admin", "officer", "recruiter"),
    "contributions.new_attraction": ("admin", "officer"),
    "contributions.foreign": ("admin", "officer", "recruiter"),
    "contributions.foreign_xlsx": ("admin", "officer", "recruiter"),
}
# Contribution records named by the URL: the in-scope person's, else the outsider's (404 outside).
RECORD_ENDPOINTS = {
    "contributions.task": ("admin", "officer", "recruiter"),
    "contributions.edit": ("admin", "officer"),
    "contributions.council": ("admin", "officer", "recruiter"),
    "contributions.council_xlsx": ("admin", "officer", "recruiter"),
    "contributions.partner": ("admin", "officer", "recruiter"),
}


@pytest.fixture()
def population(db):
    org = make_org(db.session)
    inside = make_person(
        db.session, full_name="Trong Phạm Vi", commune_code="19363", organization_id=org.id
    )
    outside = make_person(db.session, full_name=OUTSIDER, commune_code="19366")
    users = {
        role: make_user(
            db.session,
            role,
            password=PASSWORD,
            username=f"walk.{role}",
            scope="19363" if role in ("officer", "recruiter") else "default",
            person=inside if role == "individual" else None,
        )
        for role in ROLES[1:]
    }
    requests = {}
    for person in (inside, outside):
        change = ChangeRequest(
            person_id=person.id, changes={"fields": {"position": [None, "X"]}, "parts": []}
        )
        db.session.add(change)
        db.session.flush()
        requests[person.id] = change.id
    token = issue_token(db.session, users["recruiter"].id)
    from registry.analytics.models import Target

    target = Target(
        field_code="y_te", area_code="19366", min_level_code="dai_hoc", required=5, target_year=2030
    )
    from registry.analytics.models import JobPosition, PositionHolder

    position = JobPosition(name="Bác sĩ", min_level_code="dai_hoc")
    db.session.add_all([target, position])
    db.session.flush()
    db.session.add_all(
        [
            PositionHolder(person_id=inside.id, position_id=position.id),
            PositionHolder(person_id=outside.id, position_id=position.id),
        ]
    )
    from registry.contributions.councils import save_council
    from registry.contributions.services import save_task

    records = {}
    for person in (inside, outside):
        task = save_task(
            db.session,
            {
                "title": f"Đề tài của {person.full_name}",
                "level": "provincial",
                "status": "in_progress",
                "members": [{"person_id": person.id, "role": "lead"}],
            },
            actor=None,
        )
        council = save_council(
            db.session,
            {
                "kind": "critique",
                "topic": "Phản biện",
                "start_date": "2024-01-01",
                "members": [{"person_id": person.id, "role": "chair"}],
            },
            actor=None,
        )
        records[person.id] = (task.id, council.id)
    db.session.commit()
    return {
        "records": records,
        "inside": inside,
        "outside": outside,
        "users": users,
        "requests": requests,
        "org": org,
        "token": token,
        "target": target,
        "position": position,
    }


def _urls(app, population, person):
    values = {
        "person_id": person.id,
        "request_id": population["requests"][person.id],
        "user_id": population["users"]["officer"].id,
        "org_id": population["org"].id,
        "kind": "language",
        "part_id": "1",
        "code": "vi",
        "filename": "css/app.css",
        "target_id": population["target"].id,
        "position_id": population["position"].id,
        "plural": "tasks",
        "record_id": population["records"][person.id][0],
    }
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "bootstrap.static"):
            continue
        values["code"] = "y_te" if rule.endpoint.startswith("plans.") else "vi"
        values["record_id"] = population["records"][person.id]["council" in rule.endpoint]
        if any(arg not in values for arg in rule.arguments):
            raise AssertionError(f"route walk does not know how to fill {rule}")
        yield (
            rule.endpoint,
            rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1],
        )


def _client_for(app, role, population):
    client = app.test_client()
    if role != "anonymous":
        response = client.post("/login", data={"username": f"walk.{role}", "password": PASSWORD})
        assert response.status_code == 302
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_route_for_every_role(app, db, population, role):
    client = _client_for(app, role, population)
    for target in ("inside", "outside"):
        for endpoint, url in _urls(app, population, population[target]):
            response = client.get(url)
            body = response.get_data().decode("utf-8", "replace")
            assert response.status_code < 500, (role, url)
            if role != "admin":
                assert OUTSIDER not in body, (role, url)
            if role == "anonymous" and endpoint not in PUBLIC:
                assert response.status_code in (302, 401), (role, url)
                continue
            if (
                endpoint.startswith(("admin.", "plans.")) or endpoint == "positions.edit"
            ) and role != "anonymous":
                assert response.status_code == (200 if role == "admin" else 403), (role, url)
            if endpoint in RECORD_ENDPOINTS and role != "anonymous":
                if role not in RECORD_ENDPOINTS[endpoint]:
                    expected = {403}
                elif target == "outside" and role != "admin":
                    expected = {404}
                else:
                    expected = {200}
                assert response.status_code in expected, (role, url, response.status_code)
            if endpoint in ALLOWED and role != "anonymous":
                allowed = role in ALLOWED[endpoint]
                names_outsider = target == "outside" and (
                    "/review/" in url or endpoint.startswith("people.")
                )
                if endpoint == "review.evidence":
                    expected = {403, 404}
                elif not allowed:
                    expected = {403}
                elif (
                    names_outsider
                    and role != "admin"
                    and endpoint not in ("people.new", "me.own_profile")
                ):
                    expected = {404}
                else:
                    expected = {200}
                assert response.status_code in expected, (role, url, response.status_code)


def test_api_token_sees_the_same_scope(client, db, population):
    headers = {"Authorization": f"Bearer {population['token']}"}
    assert client.get("/api/v1/me", headers=headers).get_json()["scope"] == "19363"
