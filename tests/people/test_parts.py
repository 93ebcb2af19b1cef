import pytest

from registry.errors import ValidationError
from registry.people.parts import add_part, remove_part
from tests.factories import make_person


def test_legacy_language_certificates_map_to_the_framework(db):
    person = make_person(db.session)
    item = add_part(db.session, person, "language", {"language": "en", "level_code": "B"})
    assert item.level_code == "bac_3"


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("language", {"language": "klingon", "level_code": "bac_3"}, "language"),
        ("language", {"language": "en", "level_code": "Z"}, "level_code"),
        ("work", {"organization_name": "", "start_date": "2020-01-01"}, "organization_name"),
        ("work", {"organization_name": "UBND", "start_date": "not-a-date"}, "start_date"),
        (
            "work",
            {"organization_name": "UBND", "start_date": "2020-01-01", "end_date": "2019-12-31"},
            "end_date",
        ),
        ("work", {"organization_id": "999999", "start_date": "2020-01-01"}, "organization_id"),
        ("expertise", {"field_code": "khong_co"}, "field_code"),
        ("qualification", {"level_code": ""}, "level_code"),
        ("unknown", {}, "kind"),
    ],
)
def test_bad_parts_are_refused_and_nothing_added(db, kind, data, field):
    person = make_person(db.session, qualifications=())
    with pytest.raises(ValidationError) as caught:
        add_part(db.session, person, kind, data)
    assert field in caught.value.errors
    assert person.languages == [] and person.work_history == []
    assert person.qualifications == [] and person.expertise == []


def test_expertise_cannot_be_declared_twice_and_removal_of_a_missing_item_is_refused(db):
    person = make_person(db.session)
    add_part(db.session, person, "expertise", {"field_code": "y_te"})
    with pytest.raises(ValidationError):
        add_part(db.session, person, "expertise", {"field_code": "y_te"})
    remove_part(db.session, person, "expertise", "y_te")
    with pytest.raises(ValidationError):
        remove_part(db.session, person, "expertise", "y_te")
