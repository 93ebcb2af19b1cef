"""Every declared filter reaches every path: the page, the API, the CLI and the OpenAPI document."""

import json

import pytest
from sqlalchemy import select

from registry.auth.principal import Principal
from registry.people.models import Person
from registry.search.filters import FILTERS
from registry.search.service import run_search
from tests.factories import make_org, make_person

ADMIN = Principal.system()


def _example(item, org_id: int) -> str:
    return str(org_id) if item.name == "org" else item.examples[0]


@pytest.fixture()
def org(db):
    org = make_org(db.session, name="Sở Y tế")
    db.session.commit()
    return org


@pytest.mark.parametrize("item", FILTERS, ids=lambda item: item.name)
def test_the_cli_takes_every_filter_the_page_takes(app, db, org, item):
    value = _example(item, org.id)
    result = app.test_cli_runner().invoke(
        args=["search", item.option, value, "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "Bỏ qua giá trị" not in result.output  # the value was understood, not dropped
    bad = app.test_cli_runner().invoke(args=["search", item.option, "99x!", "--format", "json"])
    assert bad.exit_code == 0 and "Bỏ qua giá trị không hợp lệ" in bad.output


def test_the_openapi_document_lists_every_filter(client, db, login_as):
    login_as("admin")
    spec = client.get("/api/v1/openapi.json").get_json()
    names = {p["name"] for p in spec["paths"]["/people"]["get"]["parameters"]}
    assert {item.name for item in FILTERS} <= names


@pytest.mark.parametrize("item", FILTERS, ids=lambda item: item.name)
def test_the_api_and_the_page_take_every_filter(client, db, org, login_as, item):
    login_as("admin")
    value = _example(item, org.id)
    found = client.get("/api/v1/people", query_string={item.name: value}).get_json()
    assert found["notices"] == []
    page = client.get("/people", query_string={item.name: value})
    assert page.status_code == 200 and "Bỏ qua giá trị" not in page.get_data(as_text=True)


def test_the_foreign_group_finds_foreign_nationals(app, db):
    """The filter added as one declaration (README, "Adding a search filter")."""
    make_person(db.session, full_name="John Smith", is_foreign_national=True)
    make_person(db.session, full_name="Lê Thị Hoa")
    db.session.commit()
    found = run_search(db.session, {"group": "foreign"}, ADMIN)
    assert [p.full_name for p in found.page.items] == ["John Smith"]
    assert run_search(db.session, {}, ADMIN).facets["group"]["foreign"] == 1
    result = app.test_cli_runner().invoke(args=["search", "--group", "foreign", "--format", "json"])
    assert [row["full_name"] for row in json.loads(result.output)] == ["John Smith"]


def test_search_shows_active_people_by_default_with_a_removable_filter(client, db, login_as):
    make_person(db.session, full_name="Lê Thị Hoa")
    make_person(db.session, full_name="Trần Văn Hưu", status="retired")
    db.session.commit()
    login_as("officer", scope="44")
    html = client.get("/people").get_data(as_text=True)
    assert "Lê Thị Hoa" in html and "Trần Văn Hưu" not in html
    assert 'data-filter="status"' in html and "Đang hoạt động ✕" in html
    assert 'data-column="status"' in html  # a status column in the table
    lifted = client.get("/people?status=all").get_data(as_text=True)
    assert "Trần Văn Hưu" in lifted and "Nghỉ hưu" in lifted
    assert 'data-filter="status"' not in lifted
    export = client.get("/people/export.csv").get_data(as_text=True)
    assert export.splitlines()[0].endswith("Trạng thái") and "Đang hoạt động" in export
    assert "Trần Văn Hưu" not in export
    assert "Trần Văn Hưu" in client.get("/people/export.csv?status=all").get_data(as_text=True)


def test_adding_a_person_of_another_status_changes_no_default_count(db):
    make_person(db.session, full_name="Lê Thị Hoa", status="deceased")
    db.session.commit()
    assert run_search(db.session, {}, ADMIN).page.total == 0
    assert run_search(db.session, {"status": "all"}, ADMIN).page.total == 1
    assert db.session.scalar(select(Person.status)) == "deceased"


REVEALING = [
    {"ethnicity": "23"},
    {"age_min": "30"},
    {"age_max": "35"},
    {"group": "ethnic_minority"},
    {"group": "youth"},
    {"sort": "age"},
]


@pytest.fixture()
def recruiter_world(db):
    from tests.conftest import PASSWORD
    from tests.factories import make_user

    make_person(db.session, full_name="Hồ Thị Xi", ethnicity_code="23", birth_date=None)
    make_person(db.session, full_name="Lê Văn Kinh", ethnicity_code="01")
    make_user(db.session, "recruiter", password=PASSWORD, username="tuyendung1", scope="44")
    db.session.commit()


@pytest.mark.parametrize(
    "args", REVEALING, ids=lambda a: "-".join(f"{k}={v}" for k, v in a.items())
)
def test_recruiters_cannot_query_what_they_may_not_see_on_any_path(
    app, client, db, recruiter_world, args
):
    """DESIGN rule 11, from the filters' `reveals`: the filter is dropped with a notice on the
    page, the API, the CLI and the export; both people still listed, in name order."""
    from tests.conftest import PASSWORD

    client.post("/login", data={"username": "tuyendung1", "password": PASSWORD})
    html = client.get("/people", query_string=args).get_data(as_text=True)
    assert "vai trò của bạn không được xem" in html
    assert "Hồ Thị Xi" in html and "Lê Văn Kinh" in html
    api = client.get("/api/v1/people", query_string=args).get_json()
    assert api["total"] == 2 and any("vai trò" in n for n in api["notices"])
    assert "ethnicity" not in api["facets"] and "youth" not in api["facets"]["group"]
    export = client.get("/people/export.csv", query_string=args).get_data(as_text=True)
    assert "Hồ Thị Xi" in export and "Lê Văn Kinh" in export
    option, value = next(iter(args.items()))
    cli = app.test_cli_runner().invoke(
        args=["search", f"--{option.replace('_', '-')}", value, "--as-user", "tuyendung1"]
    )
    assert "Hồ Thị Xi" in cli.output and "Lê Văn Kinh" in cli.output
    assert "vai trò của bạn không được xem" in cli.output


def test_officers_keep_those_filters(client, db, recruiter_world, login_as):
    login_as("officer", scope="44")
    found = client.get("/api/v1/people?ethnicity=23").get_json()
    assert [p["full_name"] for p in found["items"]] == ["Hồ Thị Xi"] and found["notices"] == []
