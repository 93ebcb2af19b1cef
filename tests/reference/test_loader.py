from sqlalchemy import func, select

from registry.reference.loader import load_reference
from registry.reference.models import (
    Commune,
    CommuneConversion,
    EthnicGroup,
    PolicyParam,
    PriorityField,
    Province,
    QualificationLevel,
)


def test_reference_lists_are_loaded_with_exact_names(db):
    session = db.session
    assert session.scalar(select(func.count()).select_from(Province)) == 34
    assert session.scalar(select(func.count()).select_from(Commune)) == 3321
    assert session.scalar(select(func.count()).select_from(CommuneConversion)) == 10565
    assert session.get(Province, "44").name == "Tỉnh Quảng Trị"
    assert session.get(Commune, "19363").name == "Xã Vĩnh Linh"
    assert session.get(EthnicGroup, "23").name_vi == "Bru-Vân Kiều"
    assert session.get(EthnicGroup, "01").is_minority is False
    assert session.get(QualificationLevel, "thac_si").rank == 5
    health = session.get(PriorityField, "y_te")
    assert [p.prefix for p in health.prefixes] == ["72"]


def test_second_load_changes_nothing(db):
    report = load_reference(db.session)
    assert all(counts == {"inserted": 0, "updated": 0} for counts in report.values())


def test_reload_keeps_an_administrators_edits(db):
    session = db.session
    param = session.get(PolicyParam, "young_intellectual_age_below")
    param.value = "40"
    field = session.get(PriorityField, "du_lich")
    field.prefixes.clear()
    session.commit()
    try:
        load_reference(session)
        session.commit()
        assert session.get(PolicyParam, "young_intellectual_age_below").value == "40"
        assert session.get(PriorityField, "du_lich").prefixes == []
    finally:
        from registry.reference.models import PriorityFieldPrefix

        param.value = "35"
        session.add(PriorityFieldPrefix(field_code="du_lich", prefix="81"))
        session.commit()
