"""Walk every GET route of the app for every role: no error page, nothing out of scope leaks."""

import pytest

from registry.api.services import issue_token
from registry.auth.models import CommuneGroup, CommuneGroupMember
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
    "core.home": ROLES[1:],  # individuals are sent on to /me (302)
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
    "imports.index": ("admin", "officer"),
    "imports.template": ("admin", "officer"),
    "positions.export": ("admin", "officer", "recruiter"),
    "positions.needs": ("admin", "officer", "recruiter"),
    "training.courses": ("admin", "officer"),
    "training.course": ("admin", "officer"),
    "training.export_course": ("admin", "officer"),
    "training.export_year": ("admin", "officer"),
    "duplicates.queue": ("admin", "officer"),
    "auth.account": ROLES[1:],
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
ADMIN_ONLY = {
    "positions.edit",
    "positions.milestones",
    "positions.import_template",
}
# Contribution records named by the URL: the in-scope person's, else the outsider's (404 outside).
RECORD_ENDPOINTS = {
    "contributions.task": ("admin", "officer", "recruiter"),
    "contributions.edit": ("admin", "officer"),
    "contributions.council": ("admin", "officer", "recruiter"),
    "contributions.council_xlsx": ("admin", "officer", "recruiter"),
    "contributions.partner": ("admin", "officer", "recruiter"),
}


# Each kind of scope an officer or recruiter may hold (registry/auth/scope.py), written so that
# it covers the person inside (commune 19363, of the former Vĩnh Linh district 464) and not the
# outsider (commune 19429, of the former Gio Linh district).
SCOPES = {
    "commune": lambda org, group: "19363",
    "district": lambda org, group: "464",
    "group": lambda org, group: f"group:{group.id}",
    "org": lambda org, group: f"org:{org.id}",
}
CASES = [(role, "commune") for role in ROLES] + [
    (role, kind) for role in ("officer", "recruiter") for kind in SCOPES if kind != "commune"
]


@pytest.fixture(params=["commune"])
def scope_kind(request):
    return request.param


@pytest.fixture()
def population(db, scope_kind):
    org = make_org(db.session)
    inside = make_person(
        db.session, full_name="Trong Phạm Vi", commune_code="19363", organization_id=org.id
    )
    outside = make_person(db.session, full_name=OUTSIDER, commune_code="19429")
    group = CommuneGroup(name="Cụm xã Vĩnh Linh")
    group.members = [CommuneGroupMember(commune_code="19363")]
    db.session.add(group)
    db.session.flush()
    users = {
        role: make_user(
            db.session,
            role,
            password=PASSWORD,
            username=f"walk.{role}",
            scope=SCOPES[scope_kind](org, group) if role in ("officer", "recruiter") else "default",
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
    from registry.standards.models import JobPosition, PositionHolder

    position = JobPosition(name="Bác sĩ", min_level_code="dai_hoc")
    from registry.reference.models import CommuneClass

    region = CommuneClass(start_year=2026, end_year=2030, commune_code="19363", region="III")
    db.session.add_all([target, position, region])
    db.session.flush()
    db.session.add_all(
        [
            PositionHolder(person_id=inside.id, position_id=position.id),
            PositionHolder(person_id=outside.id, position_id=position.id),
        ]
    )
    from registry.standards.models import TrainingCourse, TrainingNomination

    course = TrainingCourse(
        title="Trung cấp lý luận chính trị", kind="political_theory", level_code="trung_cap"
    )
    course.year, course.seats = 2026, 5
    db.session.add(course)
    db.session.flush()
    db.session.add_all(
        [TrainingNomination(course_id=course.id, person_id=p.id) for p in (inside, outside)]
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
        "course": course,
        "inside": inside,
        "outside": outside,
        "users": users,
        "requests": requests,
        "org": org,
        "token": token,
        "target": target,
        "position": position,
        "group": group,
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
        "job_id": 1,  # no job in this population: 404 for those allowed
        "group_id": population["group"].id,
        "course_id": population["course"].id,
        "source": "areas",
        "start_year": 2026,
        "commune_code": "19363",
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


@pytest.mark.parametrize(("role", "scope_kind"), CASES, indirect=["scope_kind"])
def test_every_route_for_every_role(app, db, population, role, scope_kind):
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
                endpoint.startswith(("admin.", "plans.", "commune_groups."))
                or endpoint in ADMIN_ONLY
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
                    ("/review/" in url and endpoint.startswith("review."))
                    or endpoint.startswith("people.")
                )
                if endpoint == "review.evidence":
                    expected = {403, 404}
                elif endpoint == "gaps.target_detail" and allowed and role != "admin":
                    # The walk's target lies in Bến Quan: inside the former district only.
                    expected = {200} if scope_kind == "district" else {404}
                elif endpoint == "core.home" and role == "individual":
                    expected = {302}
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
