"""Gaps within scope: a commune officer never sees another commune's shortage as theirs."""

import pytest

from registry.analytics.dashboard import dashboard
from registry.analytics.models import Target
from registry.auth.principal import Principal
from tests.factories import make_person


def officer(area):
    return Principal(role="officer", username="officer", scope_area_code=area)


@pytest.fixture()
def district(db):
    for name, commune in (
        ("Lê Thị An", "19363"),
        ("Hồ Văn Bình", "19363"),
        ("Ngô Thị Giang", "19366"),
    ):
        make_person(
            db.session,
            full_name=name,
            commune_code=commune,
            qualifications=[("dai_hoc", "7720101")],
        )
    targets = {
        "own": Target(
            field_code="y_te",
            area_code="19363",
            min_level_code="dai_hoc",
            required=5,
            target_year=2030,
        ),
        "other": Target(
            field_code="y_te",
            area_code="19366",
            min_level_code="dai_hoc",
            required=4,
            target_year=2030,
        ),
        "district": Target(
            field_code="y_te",
            area_code="464",
            min_level_code="dai_hoc",
            required=20,
            target_year=2030,
        ),
    }
    db.session.add_all(targets.values())
    db.session.commit()
    return targets


def test_commune_officer_sees_own_targets_and_their_part_of_wider_ones(db, district):
    data = dashboard(db.session, officer("19363"), "464", 2030)
    rows = {row["area"]: row for row in data["targets"]}
    assert set(rows) == {"19363", "464"}  # the other commune's target is not theirs
    assert rows["19363"]["gap"] == 3 and rows["19363"]["scope_label"] is None
    assert rows["464"]["supply"] == 2 and rows["464"]["gap"] is None
    assert rows["464"]["scope_label"] == "phần thuộc phạm vi của bạn"
    assert data["totals"]["required"] == 5 and data["totals"]["gap"] == 3
    assert data["totals_cover"]["targets"] == 1 and data["totals_cover"]["partial_targets"] == 1
    assert "không cộng vào tổng" in data["totals_cover"]["note"]


def test_province_officer_sees_every_target_whole(db, district):
    data = dashboard(db.session, officer("44"), "464", 2030)
    assert {row["area"] for row in data["targets"]} == {"19363", "19366", "464"}
    assert all(row["scope_label"] is None for row in data["targets"])
    assert data["totals"]["required"] == 29 and data["totals"]["gap"] == 3 + 3 + 17


def test_area_outside_scope_says_so(db, district):
    data = dashboard(db.session, officer("19363"), "19366", 2030)
    assert data["outside_scope"] and data["targets"] == []


def test_pages_api_and_cli(app, client, db, login_as, district):
    user = login_as("officer", scope="19363")
    html = client.get("/gaps?area=464&year=2030").get_data(as_text=True)
    assert "phần thuộc phạm vi của bạn" in html and 'data-testid="totals-cover"' in html
    assert f'data-target="{district["other"].id}"' not in html
    # The area is shown and chosen by name (the picker), never as a code.
    assert (
        'value="Huyện Vĩnh Linh (trước 7/2025), Tỉnh Quảng Trị"' in html and "Xã Bến Quan" in html
    )
    assert client.get(f"/gaps/targets/{district['other'].id}").status_code == 404
    detail = client.get(f"/gaps/targets/{district['district'].id}").get_data(as_text=True)
    assert 'data-testid="scope-part"' in detail
    outside = client.get("/gaps?area=19366").get_data(as_text=True)
    assert "nằm ngoài phạm vi của bạn" in outside
    api = client.get("/api/v1/gaps?area=464&year=2030").get_json()
    assert api["totals"]["gap"] == 3 and api["totals_cover"]["partial_targets"] == 1
    result = app.test_cli_runner().invoke(
        args=["gaps", "--area", "464", "--year", "2030", "--as-user", user.username]
    )
    assert "phần thuộc phạm vi của bạn" in result.output and "Cộng 1 chỉ tiêu" in result.output


@pytest.mark.parametrize("area", ["99999", "abc", "464x"])
def test_unknown_area_gives_a_notice(app, client, db, login_as, district, area):
    user = login_as("officer", scope="44")
    response = client.get(f"/gaps?area={area}")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "không có trong danh mục" in body and 'data-testid="total-gap"' not in body
    assert client.get(f"/gaps/export.xlsx?area={area}").status_code == 404
    api = client.get(f"/api/v1/gaps?area={area}")
    assert api.status_code == 400 and "không có trong danh mục" in api.get_json()["message"]
    result = app.test_cli_runner().invoke(args=["gaps", "--area", area, "--as-user", user.username])
    assert result.exit_code == 2


def test_shortlist_offers_areas_by_name_and_refuses_unknown(client, login_as, district):
    login_as("recruiter", scope="44")
    html = client.get("/gaps/shortlist").get_data(as_text=True)
    assert 'data-picker="/pickers/areas"' in html and "Xã Vĩnh Linh" in html
    refused = client.get("/gaps/shortlist?field=y_te&min_level=dai_hoc&area=99999&count=5")
    assert refused.status_code == 422 and "“99999” trong danh mục" in refused.get_data(as_text=True)
