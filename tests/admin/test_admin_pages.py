from sqlalchemy import select

from registry.auth.models import User
from registry.people.models import Organization
from registry.reference.models import CommuneClass
from tests.conftest import PASSWORD
from tests.factories import make_org, make_person, make_user


def test_admin_creates_users_and_bad_input_is_refused(client, db, login_as):
    login_as("admin")
    ok = client.post(
        "/admin/users",
        data={
            "username": "canbo.moi",
            "role": "officer",
            "scope": "19363",
            "password": "mat-khau-du-dai",
        },
    )
    assert ok.status_code == 302
    bad = client.post(
        "/admin/users",
        data={"username": "canbo.hai", "role": "officer", "scope": "99999", "password": "ngan"},
    )
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert "99999" in html and "ít nhất 10 ký tự" in html
    assert db.session.scalar(select(User).where(User.username == "canbo.hai")) is None


def test_admin_changes_role_scope_disables_and_resets_password(client, db, login_as):
    user = make_user(db.session, "officer", password=PASSWORD, username="canbo.a")
    db.session.commit()
    login_as("admin")
    client.post(
        f"/admin/users/{user.id}", data={"role": "recruiter", "scope": "19366", "enabled": ""}
    )
    db.session.expire_all()
    changed = db.session.get(User, user.id)
    assert (changed.role, changed.scope_area_code, changed.is_enabled) == (
        "recruiter",
        "19366",
        False,
    )
    client.post(f"/admin/users/{user.id}", data={"reset-new_password": "mot-mat-khau-moi"})
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password("mot-mat-khau-moi")
    short = client.post(f"/admin/users/{user.id}", data={"reset-new_password": "abc"})
    assert short.status_code == 422


def test_admin_cannot_lock_themselves_out(client, db, login_as):
    admin = login_as("admin")
    response = client.post(
        f"/admin/users/{admin.id}", data={"role": "officer", "scope": "44", "enabled": "y"}
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(User, admin.id).role == "admin"


def test_organisation_tree_refuses_cycles(client, db, login_as):
    parent = make_org(db.session, name="Sở Giáo dục và Đào tạo", kind="state_agency")
    child = make_org(db.session, name="Trường THPT Vĩnh Linh", kind="school", parent=parent)
    db.session.commit()
    login_as("admin")
    response = client.post(
        f"/admin/organizations/{parent.id}",
        data={
            "name": parent.name,
            "kind": "state_agency",
            "parent_id": str(child.id),
            "commune_code": "",
        },
    )
    assert response.status_code == 422
    assert "không thể là chính nó" in response.get_data(as_text=True)
    created = client.post(
        "/admin/organizations",
        data={
            "name": "Trường Tiểu học Cửa Tùng",
            "kind": "school",
            "parent_id": str(parent.id),
            "commune_code": "19414",
        },
    )
    assert created.status_code == 302
    assert (
        db.session.scalar(
            select(Organization).where(Organization.name == "Trường Tiểu học Cửa Tùng")
        ).parent_id
        == parent.id
    )
    tree = client.get("/admin/organizations").get_data(as_text=True)
    assert tree.index("Sở Giáo dục") < tree.index("Trường THPT Vĩnh Linh")


def test_commune_classification_drives_the_disadvantaged_badge(client, db, login_as):
    person = make_person(db.session, commune_code="19366")
    db.session.commit()
    login_as("admin")
    bad = client.post(
        "/admin/communes",
        data={"start_year": "2026", "end_year": "2030", "commune_code": "12345", "region": "III"},
    )
    assert bad.status_code == 422
    client.post(
        "/admin/communes",
        data={
            "start_year": "2026",
            "end_year": "2030",
            "commune_code": "19366",
            "region": "III",
            "source": "QĐ 60/QĐ-BDTTG",
        },
    )
    assert db.session.get(CommuneClass, (2026, "19366")).region == "III"
    assert 'data-group="disadvantaged"' in client.get(f"/people/{person.id}").get_data(as_text=True)
    client.post(
        "/admin/communes", data={"delete": "1", "start_year": "2026", "commune_code": "19366"}
    )
    assert db.session.get(CommuneClass, (2026, "19366")) is None


def test_admin_pages_are_for_admins_only(client, db, login_as):
    login_as("officer")
    for path in (
        "/admin/",
        "/admin/users",
        "/admin/organizations",
        "/admin/communes",
        "/admin/audit",
    ):
        assert client.get(path).status_code == 403
