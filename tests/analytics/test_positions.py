import pytest

from registry.analytics.models import PositionHolder
from registry.analytics.positions import assign_holder, compliance, save_position
from registry.auth.principal import Principal
from registry.errors import ValidationError
from registry.people.parts import add_part
from tests.conftest import PASSWORD
from tests.factories import make_person, make_user

ADMIN = Principal.system()


@pytest.fixture()
def standard(db):
    position = save_position(
        db.session,
        None,
        name="Công chức Văn phòng - Thống kê",
        field_prefixes="31;34",
        min_level_code="dai_hoc",
        min_theory_code="trung_cap",
        min_management_code="chuyen_vien",
        min_language_code="bac_3",
        min_it_code="co_ban",
        actor=None,
    )
    meets = make_person(
        db.session,
        full_name="Lê Văn Đạt",
        sex="male",
        qualifications=[("dai_hoc", "7340101")],
        political_theory_code="trung_cap",
        state_management_code="chuyen_vien_chinh",
        it_skill_code="nang_cao",
    )
    add_part(db.session, meets, "language", {"language": "en", "level_code": "bac_4"})
    misses = make_person(
        db.session,
        full_name="Trần Thị Thiếu",
        qualifications=[("cao_dang", None), ("dai_hoc", "7140209")],
        political_theory_code="so_cap",
    )
    elsewhere = make_person(
        db.session,
        full_name="Hồ Văn Xa",
        sex="male",
        commune_code="19366",
        qualifications=[("dai_hoc", "7340101")],
    )
    for person in (meets, misses, elsewhere):
        assign_holder(db.session, person, position.id, None)
    db.session.commit()
    return position, meets, misses, elsewhere


def test_compliance_names_every_missing_requirement(db, standard):
    _position, meets, misses, elsewhere = standard
    result = compliance(db.session, ADMIN)
    assert (result["overall"].holders, result["overall"].compliant, result["overall"].rate) == (
        3,
        1,
        33.3,
    )
    missing = {row["person"].full_name: row["missing"] for row in result["failing"]}
    assert missing["Trần Thị Thiếu"] == ["field", "theory", "management", "it", "language"]
    assert missing["Hồ Văn Xa"] == ["theory", "management", "it", "language"]
    assert "Lê Văn Đạt" not in missing
    assert result["by_commune"]["19363"].rate == 50.0 and result["by_commune"]["19366"].rate == 0.0


def test_compliance_respects_area_and_scope(db, standard):
    assert compliance(db.session, ADMIN, area="19366")["overall"].holders == 1
    officer = Principal(role="officer", scope_area_code="19363")
    assert compliance(db.session, officer)["overall"].holders == 2


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": ""}, "name"),
        ({"field_prefixes": "3"}, "field_prefixes"),
        ({"min_level_code": "phd"}, "min_level_code"),
        ({"min_language_code": "C9"}, "min_language_code"),
        ({"target_year": "abc"}, "target_year"),
    ],
)
def test_bad_position_is_refused(db, kwargs, field):
    values = {"name": "Giáo viên", "field_prefixes": "14", "actor": None, **kwargs}
    with pytest.raises(ValidationError) as caught:
        save_position(db.session, None, **values)
    assert field in caught.value.errors


def test_pages_api_and_assignment(client, db, login_as, standard):
    position, meets, misses, _elsewhere = standard
    officer = login_as("officer", scope="44")
    html = client.get("/gaps/positions").get_data(as_text=True)
    assert "1/3" in html and 'data-missing="field"' in html
    client.post(f"/people/{misses.id}/position", data={"position_id": "999999"})
    assert (
        db.session.get(PositionHolder, misses.id).position_id == position.id
    )  # unknown position refused
    client.post(f"/people/{misses.id}/position", data={"position_id": ""})
    db.session.expire_all()
    assert db.session.get(PositionHolder, misses.id) is None
    api = client.get("/api/v1/positions/compliance").get_json()
    assert api["overall"] == {
        "holders": 2,
        "compliant": 1,
        "rate": 50.0,
        "missing": {"theory": 1, "management": 1, "it": 1, "language": 1},
    }
    assert officer.username


def test_admin_edits_positions(client, db, login_as):
    login_as("admin")
    assert (
        client.post(
            "/admin/positions",
            data={
                "name": "Giáo viên",
                "field_prefixes": "14",
                "min_level_code": "dai_hoc",
                "target_year": "2030",
            },
        ).status_code
        == 302
    )
    refused = client.post(
        "/admin/positions", data={"name": "Giáo viên", "field_prefixes": "1", "target_year": "2030"}
    )
    assert refused.status_code == 422
    user = make_user(db.session, "individual", password=PASSWORD)
    assert user.person_id
