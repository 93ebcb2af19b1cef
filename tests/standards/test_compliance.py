import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from registry.errors import ValidationError
from registry.standards.compliance import Filters, compliance, shortfall_page
from registry.standards.models import JobPosition, PositionHolder
from registry.standards.positions import requirement_history, save_position
from registry.standards.requirements import standards_at
from tests.standards.conftest import ADMIN, reader


def test_everyone_in_the_public_sector_is_counted(db, standard):
    result = compliance(db.session, ADMIN)
    o = result["overall"]
    # the enterprise engineer is not public staff; the soldier counts only when holding a position
    assert (o.holders, o.compliant, o.unassigned, o.everyone) == (3, 1, 1, 4)
    assert (o.rate, o.plan_rate) == (33.3, 25.0)
    assert result["by_org"][standard.office.id].unassigned == 1
    assert result["by_commune"]["19363"].rate == 50.0
    assert result["by_commune"]["19366"].rate == 0.0


def test_missing_requirements_are_named(db, standard):
    result = compliance(db.session, ADMIN)
    page = shortfall_page(db.session, ADMIN, result)
    missing = {row["person"].full_name: row["missing"] for row in page.items}
    assert missing == {
        "Hồ Văn Xa": ["theory", "management", "language", "it"],
        "Trần Thị Thiếu": ["field", "theory", "management", "language", "it"],
    }
    assert page.total == 2
    # in Vietnamese name order (given name first), with the organisation
    assert [row["person"].organization.name for row in page.items] == [
        "UBND xã Vĩnh Linh",
        "UBND xã Bến Quan",
    ]


@pytest.mark.parametrize(
    ("filters", "names"),
    [
        (Filters(area="19366"), ["Hồ Văn Xa"]),
        (Filters(area="464"), ["Trần Thị Thiếu", "Hồ Văn Xa"]),
        (Filters(missing="field"), ["Trần Thị Thiếu"]),
        (Filters(missing="unassigned"), ["Phan Chưa Xếp"]),
    ],
)
def test_list_filters(db, standard, filters, names):
    result = compliance(db.session, ADMIN, filters)
    page = shortfall_page(db.session, ADMIN, result)
    assert [row["person"].full_name for row in page.items] == names
    assert page.total == len(names)


def test_organisation_and_position_filters(db, standard):
    by_org = compliance(db.session, ADMIN, Filters(organization_id=standard.other.id))
    assert by_org["overall"].holders == 1 and by_org["overall"].unassigned == 0
    by_position = compliance(db.session, ADMIN, Filters(position_id=standard.position.id))
    assert by_position["overall"].unassigned == 0 and by_position["overall"].holders == 3


def test_paging_reads_one_page(db, standard):
    result = compliance(db.session, ADMIN)
    first = shortfall_page(db.session, ADMIN, result, page=1, per_page=1)
    second = shortfall_page(db.session, ADMIN, result, page=2, per_page=1)
    assert first.pages == 2 and first.items[0]["person"].full_name == "Trần Thị Thiếu"
    assert second.items[0]["person"].full_name == "Hồ Văn Xa"


def test_scope_limits_every_count(db, standard):
    officer = reader(area="19363")
    o = compliance(db.session, officer)["overall"]
    assert (o.holders, o.compliant, o.unassigned) == (2, 1, 1)
    assert compliance(db.session, reader(org=standard.other.id))["overall"].holders == 1


def test_the_standard_that_applied_at_a_date(db, standard):
    position = standard.position
    later = date.today() + timedelta(days=30)
    save_position(
        db.session,
        position,
        name=position.name,
        field_prefixes="31;34",
        actor=None,
        valid_from=later.strftime("%d/%m/%Y"),
        min_level_code="thac_si",
    )
    db.session.commit()
    assert standards_at(db.session)[position.id].min_level_code == "dai_hoc"
    assert standards_at(db.session, later)[position.id].min_level_code == "thac_si"
    assert standards_at(db.session, date(2001, 1, 1))[position.id].min_theory_code == "trung_cap"
    assert [h.valid_from for h in requirement_history(db.session, position.id)][0] == later
    assert compliance(db.session, ADMIN, day=later)["overall"].compliant == 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": ""}, "name"),
        ({"field_prefixes": "3"}, "field_prefixes"),
        ({"min_level_code": "phd"}, "min_level_code"),
        ({"min_language_code": "C9"}, "min_language_code"),
        ({"target_year": "abc"}, "target_year"),
        ({"valid_from": "31/02/2026"}, "valid_from"),
    ],
)
def test_bad_position_is_refused(db, kwargs, field):
    values = {"name": "Giáo viên", "field_prefixes": "14", "actor": None, **kwargs}
    with pytest.raises(ValidationError) as caught:
        save_position(db.session, None, **values)
    assert field in caught.value.errors


def test_page_lists_who_falls_short_with_organisation(client, login_as, standard):
    login_as("officer", scope="44")
    html = client.get("/gaps/positions").get_data(as_text=True)
    assert 'data-testid="count-unassigned">1<' in html
    assert "25.0%" in html and "33.3%" in html
    assert "UBND xã Bến Quan" in html and 'data-missing="field"' in html
    assert "Xã Vĩnh Linh" in html  # area picker shows names
    html = client.get("/gaps/positions?missing=unassigned").get_data(as_text=True)
    assert "Phan Chưa Xếp" in html and "Trần Thị Thiếu" not in html


@pytest.mark.parametrize("area", ["99999", "abc"])
def test_unknown_area_gives_a_notice(client, login_as, standard, area):
    login_as("officer", scope="44")
    response = client.get(f"/gaps/positions?area={area}")
    assert response.status_code == 404
    assert "không có trong danh mục" in response.get_data(as_text=True)
    assert client.get(f"/api/v1/positions/compliance?area={area}").status_code == 404


def test_export_has_vietnamese_headers(client, login_as, standard):
    login_as("officer", scope="44")
    response = client.get("/gaps/positions/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.values)
    assert rows[0][:5] == (
        "Họ và tên",
        "Cơ quan, đơn vị",
        "Xã, phường",
        "Vị trí việc làm",
        "Yêu cầu còn thiếu",
    )
    assert rows[1][0] == "Trần Thị Thiếu" and "chuyên ngành phù hợp" in rows[1][4]


def test_api_returns_people(client, db, login_as, standard):
    login_as("officer", scope="19363")
    data = client.get("/api/v1/positions/compliance").get_json()
    assert data["overall"]["holders"] == 2 and data["overall"]["unassigned"] == 1
    assert data["overall"]["rate_over_everyone"] == 33.3
    people = data["failing"]["people"]
    assert people == [
        {
            "id": standard.misses.id,
            "full_name": "Trần Thị Thiếu",
            "organization": "UBND xã Vĩnh Linh",
            "commune": "Xã Vĩnh Linh",
            "position": "Công chức Văn phòng - Thống kê",
            "missing": ["field", "theory", "management", "language", "it"],
        }
    ]


def test_assignment_refuses_unknown_position(client, db, login_as, standard):
    login_as("officer", scope="44")
    client.post(f"/people/{standard.misses.id}/position", data={"position_id": "999999"})
    assert db.session.get(PositionHolder, standard.misses.id).position_id == standard.position.id
    client.post(f"/people/{standard.misses.id}/position", data={"position_id": ""})
    db.session.expire_all()
    assert db.session.get(PositionHolder, standard.misses.id) is None


def test_admin_edits_positions_with_history(client, db, login_as, standard):
    login_as("admin")
    data = {"name": "Giáo viên", "field_prefixes": "14", "min_level_code": "dai_hoc"}
    assert client.post("/admin/positions", data={**data, "target_year": "2030"}).status_code == 302
    refused = client.post(
        "/admin/positions",
        data={"name": "Giáo viên 2", "field_prefixes": "1", "target_year": "2030"},
    )
    assert refused.status_code == 422
    position = JobPosition(name="Bác sĩ", field_prefixes="7201", min_level_code="dai_hoc")
    db.session.add(position)  # as the demo and older data made them: no dated version
    db.session.commit()
    client.post(
        f"/admin/positions/{position.id}",
        data={
            "name": position.name,
            "field_prefixes": "31",
            "min_level_code": "thac_si",
            "target_year": "2030",
            "source_document": "Quyết định 12/QĐ-UBND",
        },
    )
    html = client.get(f"/admin/positions/{position.id}").get_data(as_text=True)
    assert "Quyết định 12/QĐ-UBND" in html
    assert "01/01/2000" in html  # the earlier standard is kept as the first version
    assert standards_at(db.session, date(2020, 1, 1))[position.id].min_level_code == "dai_hoc"
    assert standards_at(db.session)[position.id].min_level_code == "thac_si"


def test_pages_in_english(client, login_as, standard):
    login_as("admin")
    client.get("/lang/en")
    html = client.get("/gaps/positions").get_data(as_text=True)
    assert "Compliance rate over all public staff" in html and "No job position assigned" in html
    assert "Political theory, Trung cấp" in client.get("/gaps/positions/needs").get_data(
        as_text=True
    )
    assert "Training plan" in client.get("/training/").get_data(as_text=True)
