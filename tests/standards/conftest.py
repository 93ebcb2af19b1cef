"""A small public service: one position with a full standard, a holder who meets it, two who
do not (one in another commune), a civil servant without a position, and an enterprise engineer."""

from types import SimpleNamespace

import pytest

from registry.auth.principal import Principal
from registry.people.parts import add_part
from registry.standards.positions import assign_holder, save_position
from tests.factories import make_org, make_person

ADMIN = Principal.system()


def reader(area=None, org=None, role="officer"):
    return Principal(
        role=role,
        username="reader",
        scope_org_id=org,
        scope_area_code=area,
    )


@pytest.fixture()
def standard(db):
    office = make_org(db.session, name="UBND xã Vĩnh Linh", kind="peoples_committee")
    other = make_org(db.session, name="UBND xã Bến Quan", commune_code="19366")
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
        organization_id=office.id,
        sector="state_agency",
    )
    add_part(db.session, meets, "language", {"language": "en", "level_code": "bac_4"})
    misses = make_person(
        db.session,
        full_name="Trần Thị Thiếu",
        qualifications=[("cao_dang", None), ("dai_hoc", "7140209")],
        political_theory_code="so_cap",
        organization_id=office.id,
        sector="state_agency",
    )
    elsewhere = make_person(
        db.session,
        full_name="Hồ Văn Xa",
        sex="male",
        commune_code="19366",
        qualifications=[("dai_hoc", "7340101")],
        organization_id=other.id,
        sector="state_agency",
    )
    for person in (meets, misses, elsewhere):
        assign_holder(db.session, person, position.id, None)
    unassigned = make_person(
        db.session, full_name="Phan Chưa Xếp", organization_id=office.id, sector="public_service"
    )
    make_person(db.session, full_name="Kỹ Sư Tư Nhân", sector="enterprise")
    make_person(db.session, full_name="Bộ Đội Chưa Xếp", sector="armed_forces")
    db.session.commit()
    return SimpleNamespace(
        position=position,
        meets=meets,
        misses=misses,
        elsewhere=elsewhere,
        unassigned=unassigned,
        office=office,
        other=other,
    )
