"""Scope kinds: province, former district, commune, commune group, organisation subtree."""

import pytest
from sqlalchemy import func, select

from registry.admin.groups import save_commune_group
from registry.auth.models import CommuneGroup, User
from registry.auth.principal import Principal
from registry.auth.scope import SCOPE_KINDS, parse_scope, scope_kind, visible_people
from registry.errors import ValidationError
from registry.people.models import Person
from registry.search.service import run_search
from tests.factories import make_org, make_person

SYSTEM = Principal.system()


@pytest.fixture()
def people(db):
    org = make_org(db.session, name="Trường THCS Bến Quan")
    names = {
        "vinh_linh": make_person(db.session, full_name="Lê Thị Hoa", commune_code="19363"),
        "ben_quan": make_person(
            db.session, full_name="Trần Văn Bình", commune_code="19366", organization_id=org.id
        ),
        "old_code": make_person(
            db.session, full_name="Hồ Thị Xi", commune_code=None, legacy_commune_code="19375"
        ),
        "gio_linh": make_person(db.session, full_name="Đặng Văn Ân", commune_code="19429"),
    }
    group = save_commune_group(
        db.session, None, name="Cụm Vĩnh Linh - Bến Quan", communes="19363", actor=SYSTEM
    )
    db.session.commit()
    return {"org": org, "group": group, **names}


def _seen(db, scope):
    parsed = parse_scope(db.session, scope)
    user = Principal(role="officer", **parsed.stored())
    sql = set(db.session.scalars(select(Person.full_name).where(visible_people(db.session, user))))
    page = {p.full_name for p in run_search(db.session, {"status": "all"}, user).page.items}
    assert page == sql  # the in-memory columns and the SQL builder read the same rule
    return sql


def test_each_scope_kind_covers_its_people(db, people):
    assert _seen(db, "44") == {"Lê Thị Hoa", "Trần Văn Bình", "Hồ Thị Xi", "Đặng Văn Ân"}
    # the former Vĩnh Linh district: its communes after the conversion, old codes rolled up
    assert _seen(db, "464") == {"Lê Thị Hoa", "Trần Văn Bình", "Hồ Thị Xi"}
    assert _seen(db, "19363") == {"Lê Thị Hoa", "Hồ Thị Xi"}
    assert _seen(db, f"group:{people['group'].id}") == {"Lê Thị Hoa", "Hồ Thị Xi"}
    assert _seen(db, f"org:{people['org'].id}") == {"Trần Văn Bình"}


def test_every_kind_is_declared_once_and_written_back_the_same(db, people):
    written = {
        "province": "44",
        "district": "464",
        "commune": "19363",
        "group": f"group:{people['group'].id}",
        "org": f"org:{people['org'].id}",
    }
    assert [kind.name for kind in SCOPE_KINDS] == list(written)
    for name, value in written.items():
        user = User(username="x", role="officer", **parse_scope(db.session, value).stored())
        kind, _ = scope_kind(user)
        assert kind.name == name and user.scope_label == value


@pytest.mark.parametrize("bad", ["465x", "99", "999", "12345", "group:999", "org:999", "org:x"])
def test_unknown_scopes_are_refused_with_a_message(db, people, bad):
    with pytest.raises(ValidationError) as error:
        parse_scope(db.session, bad)
    assert bad[:10] in error.value.errors["scope"]


def test_the_cli_creates_a_district_officer_and_audits_it(app, db, people):
    from registry.audit.models import AuditEntry

    result = app.test_cli_runner().invoke(
        args=["users", "create", "--role", "officer", "--username", "canbo.vl", "--scope", "464"],
        input="a-long-enough-password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "canbo.vl"))
    assert user.scope_area_code == "464"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.create"))
    assert entry.actor_name == "system" and entry.details["scope"] == "464"
    group = app.test_cli_runner().invoke(
        args=[
            *("users", "create", "--role", "recruiter", "--username", "td.cum"),
            *("--scope", f"group:{people['group'].id}"),
        ],
        input="a-long-enough-password\n",
    )
    assert group.exit_code == 0, group.output


def test_a_district_officer_sees_the_district_on_every_path(client, db, people, login_as):
    login_as("officer", scope="464")
    html = client.get("/people?status=all").get_data(as_text=True)
    assert "Trần Văn Bình" in html and "Đặng Văn Ân" not in html
    export = client.get("/people/export.csv?status=all").get_data(as_text=True)
    assert "Hồ Thị Xi" in export and "Đặng Văn Ân" not in export
    api = client.get("/api/v1/people?status=all").get_json()
    assert api["total"] == 3
    assert client.get(f"/people/{people['gio_linh'].id}").status_code == 404
    assert client.get(f"/people/{people['ben_quan'].id}").status_code == 200


def test_administrators_manage_commune_groups_and_bad_input_changes_nothing(
    client, db, people, login_as
):
    login_as("admin")
    before = db.session.scalar(select(func.count(CommuneGroup.id)))
    for data in (
        {"name": "", "communes": "19363"},
        {"name": "Nhóm lạ", "communes": "99999"},
        {"name": "Hai tỉnh", "communes": "19363, 00004"},
        {"name": "Cụm Vĩnh Linh - Bến Quan", "communes": "19366"},
    ):
        response = client.post("/admin/groups/", data=data)
        assert response.status_code == 422, data
    assert db.session.scalar(select(func.count(CommuneGroup.id))) == before
    response = client.post("/admin/groups/", data={"name": "Cụm mới", "communes": "19363 19366"})
    assert response.status_code == 302
    group = db.session.scalar(select(CommuneGroup).where(CommuneGroup.name == "Cụm mới"))
    assert group.commune_codes == ["19363", "19366"]
    assert "Cụm mới" in client.get("/admin/groups/").get_data(as_text=True)
    edit = client.post(f"/admin/groups/{group.id}", data={"name": "Cụm mới", "communes": "19366"})
    assert edit.status_code == 302
    db.session.expire_all()
    assert group.commune_codes == ["19366"]


def test_a_group_in_use_is_not_deleted(client, db, people, login_as):
    login_as("admin")
    login = f"group:{people['group'].id}"
    from tests.factories import make_user

    make_user(db.session, "officer", password="correct-horse-battery", scope=login)
    db.session.commit()
    client.post(f"/admin/groups/{people['group'].id}/delete")
    assert db.session.get(CommuneGroup, people["group"].id) is not None
