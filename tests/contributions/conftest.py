import pytest

from tests.factories import make_person


@pytest.fixture()
def people(db):
    """Three people in commune 19363 (province 44) and one outside (19366 is in 44 too, so 01)."""
    lead = make_person(db.session, full_name="Trần Văn Chủ")
    member = make_person(db.session, full_name="Lê Thị Thư")
    third = make_person(db.session, full_name="Phạm Minh Ba")
    db.session.commit()
    return lead, member, third
