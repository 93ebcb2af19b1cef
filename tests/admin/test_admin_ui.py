"""Administration pages people can use without codes: roles, scopes, targets, commune classes."""

from sqlalchemy import func, select

from registry.analytics.models import Target
from registry.audit.models import AuditEntry
from registry.auth.models import User
from registry.reference.models import CommuneClass
from tests.conftest import PASSWORD
from tests.factories import make_org, make_user


def test_new_accounts_default_to_the_least_privileged_role(client, db, login_as):
    login_as("admin")
    html = client.get("/admin/users").get_data(as_text=True)
    assert '<option selected value="individual">' in html


def test_scopes_are_picked_and_shown_by_name(client, db, login_as):
    login_as("admin")
    org = make_org(db.session, name="Trung tâm Y tế Vĩnh Linh")
    db.session.commit()
    for username, scope in (
        ("canbo.xa", "Xã Vĩnh Linh"),
        ("canbo.org", "trung tam y te vinh linh"),
    ):
        response = client.post(
            "/admin/users",
            data={"username": username, "role": "officer", "scope": scope, "password": PASSWORD},
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    users = {u.username: u for u in db.session.scalars(select(User))}
    assert users["canbo.xa"].scope_area_code == "19363"
    assert users["canbo.org"].scope_org_id == org.id
    listing = client.get("/admin/users").get_data(as_text=True)
    assert "Xã Vĩnh Linh, Tỉnh Quảng Trị" in listing and "Trung tâm Y tế Vĩnh Linh" in listing
    assert f"org:{org.id}" not in listing


def test_ambiguous_names_ask_to_choose(client, db, login_as):
    login_as("admin")
    response = client.post(
        "/admin/users",
        data={"username": "canbo.mo", "role": "officer", "scope": "Vĩnh", "password": PASSWORD},
    )
    assert response.status_code == 422
    assert db.session.scalar(select(User).where(User.username == "canbo.mo")) is None


def _target(db):
    target = Target(
        field_code="y_te", area_code="19363", min_level_code="dai_hoc", required=5, target_year=2030
    )
    db.session.add(target)
    db.session.commit()
    return target


def test_targets_are_edited_in_place_and_bad_input_changes_nothing(client, db, login_as):
    login_as("admin")
    target = _target(db)
    form = client.get(f"/admin/targets/{target.id}").get_data(as_text=True)
    assert 'value="Xã Vĩnh Linh, Tỉnh Quảng Trị"' in form and 'value="5"' in form
    data = {
        "field_code": "y_te",
        "area": "Huyện Vĩnh Linh (trước 7/2025), Tỉnh Quảng Trị",
        "min_level_code": "thac_si",
        "required": "7",
        "target_year": "2030",
    }
    assert client.post(f"/admin/targets/{target.id}", data=data).status_code == 302
    db.session.expire_all()
    changed = db.session.get(Target, target.id)
    assert (changed.area_code, changed.min_level_code, changed.required) == ("464", "thac_si", 7)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "target.update"))
    bad = client.post(f"/admin/targets/{target.id}", data={**data, "required": "0"})
    assert bad.status_code == 422 and 'value="Huyện Vĩnh Linh' in bad.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Target, target.id).required == 7
    assert db.session.scalar(select(func.count(Target.id))) == 1


def test_deleting_a_target_asks_first(client, db, login_as):
    login_as("admin")
    target = _target(db)
    page = client.get(f"/admin/targets/{target.id}/delete").get_data(as_text=True)
    assert "Y tế" in page and "Xã Vĩnh Linh" in page and "2030" in page
    assert db.session.scalar(select(func.count(Target.id))) == 1
    client.post(f"/admin/targets/{target.id}/delete")
    assert db.session.scalar(select(func.count(Target.id))) == 0


def test_commune_classes_by_name_and_deleted_after_confirmation(client, db, login_as):
    login_as("admin")
    saved = client.post(
        "/admin/communes",
        data={
            "start_year": "2026",
            "end_year": "2030",
            "commune_code": "Xã Vĩnh Linh",
            "region": "III",
        },
    )
    assert saved.status_code == 302
    listing = client.get("/admin/communes").get_data(as_text=True)
    assert "Xã Vĩnh Linh, Tỉnh Quảng Trị" in listing
    assert 'href="/admin/communes/2026/19363/delete"' in listing
    confirm = client.get("/admin/communes/2026/19363/delete").get_data(as_text=True)
    assert "Xã Vĩnh Linh" in confirm and db.session.scalar(
        select(func.count(CommuneClass.start_year))
    )
    client.post(
        "/admin/communes", data={"delete": "1", "start_year": "2026", "commune_code": "19363"}
    )
    assert db.session.scalar(select(func.count(CommuneClass.start_year))) == 0


def test_option_lists_follow_the_page_language(client, db, login_as):
    login_as("admin")
    client.get("/lang/en")
    html = client.get("/admin/positions").get_data(as_text=True)
    assert ">Doctorate<" in html or ">PhD<" in html or "Doctor" in html
    assert ">Tiến sĩ<" not in html


def test_picker_search_ignores_accents_and_finds_old_communes(client, db, login_as):
    make_user(db.session, "recruiter", password=PASSWORD, username="tim.kiem", scope="44")
    db.session.commit()
    client.post("/login", data={"username": "tim.kiem", "password": PASSWORD})
    labels = [row["label"] for row in client.get("/pickers/areas?q=vinh linh").get_json()]
    assert labels[0] == "Xã Vĩnh Linh, Tỉnh Quảng Trị"
    assert "Huyện Vĩnh Linh (trước 7/2025), Tỉnh Quảng Trị" in labels
    old = [row["label"] for row in client.get("/pickers/areas?q=ho xa").get_json()]
    assert any(label.startswith("Thị trấn Hồ Xá (trước 7/2025)") for label in old)
    assert client.get("/pickers/unknown?q=x").status_code == 404
