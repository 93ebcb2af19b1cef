"""The statistics report: totals add up, agree with the search, and old reports never change."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from registry.audit.models import AuditEntry
from registry.auth.principal import Principal
from registry.contributions.services import save_initiative, save_task
from registry.errors import ValidationError
from registry.people.models import Person
from registry.people.services import QualificationInput, add_qualification
from registry.reports.models import Snapshot, SnapshotPerson
from registry.reports.report import build_report
from registry.reports.services import take_snapshot
from registry.search import queries
from registry.search.criteria import parse
from tests import factories

OFFICER = Principal(role="officer", username="officer", scope_area_code="44")
RECRUITER = Principal(role="recruiter", username="recruiter", scope_area_code="44")


def population(db):
    s = db.session
    org = factories.make_org(s)
    people = [
        factories.make_person(s, full_name="Lê Thị An", qualifications=(("thac_si", "8720101"),),
                              organization_id=org.id, sector="public_service"),
        factories.make_person(s, full_name="Hồ Văn Bình", sex="male", birth_date=date(1960, 3, 1),
                              ethnicity_code="31", commune_code="19366",
                              qualifications=(("tien_si", "9620110"),), political_theory_code="cao_cap"),
        factories.make_person(s, full_name="Trần Thị Cúc", birth_date=date(2001, 1, 1),
                              qualifications=(("dai_hoc", "7480201"),), academic_title_code=None),
        factories.make_person(s, full_name="Phan Văn Dũng", sex="male", birth_date=None,
                              qualifications=(("cao_dang", "6340301"),), sector="enterprise"),
        factories.make_person(s, full_name="Võ Văn Em", sex="male", commune_code="19057",
                              qualifications=(("dai_hoc", "7720101"),)),
        factories.make_person(s, full_name="Ngô Thị Gấm", status="retired",
                              qualifications=(("dai_hoc", "7720101"),)),
    ]  # fmt: skip
    legacy = factories.make_person(s, full_name="Đinh Văn Hải", sex="male")
    legacy.commune_code, legacy.legacy_commune_code = None, "19375"
    save_task(s, {"title": "Đề tài", "level": "provincial", "status": "accepted", "year": 2024,
                  "members": [{"person_id": people[0].id, "role": "lead"}]}, actor=None)  # fmt: skip
    save_initiative(s, {"title": "Sáng kiến", "effect_level": "grassroots", "year": 2010,
                        "authors": [people[1].id]}, actor=None)  # fmt: skip
    s.flush()
    db.session.commit()
    return people + [legacy]


def _table(report, key):
    return next(t for t in report.tables if t.key == key)


def test_every_total_is_the_sum_of_its_rows_and_groups(db):
    population(db)
    report = build_report(db.session, OFFICER, "464")
    assert report.people == 5  # active people in the former district, the legacy-only one included
    for table in report.tables:
        if table.total is None or table.key == "12":
            continue
        sums = [sum(row.values[i] for row in table.rows) for i in range(len(table.columns))]
        assert table.total == sums, table.key
    first = _table(report, "01")
    for group in {c.group for c in first.columns if c.group and c.group != "Trong đó"}:
        members = [i for i, c in enumerate(first.columns) if c.group == group]
        for row in [*first.rows, SimpleNamespace(values=first.total)]:
            assert sum(row.values[i] for i in members) == row.values[0], group
    assert "Toàn huyện Vĩnh Linh có 5 người" in first.sentence


def _criteria(db, **params):
    """The criteria the search page parses from these URL parameters (active people by default)."""
    pairs = [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])]
    criteria, notices = parse(db.session, MultiDict(pairs), OFFICER)
    assert not notices, notices
    return criteria


def test_table_counts_agree_with_the_search(db):
    population(db)
    report = build_report(db.session, OFFICER, "464")

    def searched(**criteria):
        return queries.count(db.session, _criteria(db, area="464", **criteria), OFFICER)

    for row in _table(report, "01").rows:
        if row.code != "?":
            assert row.values[0] == searched(level=row.code), row.code
    for row in _table(report, "02").rows:
        assert row.values[0] == searched(field=row.code), row.code
    for row in _table(report, "04").rows:
        assert row.values[0] == queries.count(db.session, _criteria(db, area=row.code), OFFICER)
    groups = {row.code: row.values[0] for row in _table(report, "11").rows}
    assert groups["woman"] == searched(sex="female") == 2
    assert groups["ethnic_minority"] == searched(group=["ethnic_minority"]) == 1
    achievements = _table(report, "13")
    assert achievements.total[0] == 2


def test_an_old_report_does_not_change_after_edits(db):
    people = population(db)
    snapshot = take_snapshot(db.session, name="Sơ kết 6 tháng đầu năm 2026",
                             as_of=date.today(), actor=OFFICER)  # fmt: skip
    db.session.commit()
    before = build_report(db.session, OFFICER, "464", snapshot.id).as_dict()
    cuc = db.session.get(Person, people[2].id)
    add_qualification(
        db.session, cuc, QualificationInput(level_code="thac_si", field_code="8480201")
    )
    cuc.sex = "male"
    db.session.delete(db.session.get(Person, people[0].id))
    factories.make_person(db.session, full_name="Mai Thị Khánh")
    db.session.commit()
    assert build_report(db.session, OFFICER, "464", snapshot.id).as_dict() == before
    now = build_report(db.session, OFFICER, "464", compare_id=snapshot.id)
    first = _table(now, "01")
    assert now.people == 5 and first.total_change == 0
    changes = {row.code: row.change for row in first.rows}
    assert changes["thac_si"] == 0 and changes["dai_hoc"] == 0  # An left, Cúc moved up
    assert "không đổi so với Sơ kết 6 tháng đầu năm 2026" in first.sentence
    sexes = [c.label for c in first.columns].index("Nữ")
    assert first.total[sexes] == 1  # An gone, Cúc now male, Khánh added
    # The temporary snapshot behind "now" is never kept.
    assert db.session.scalar(select(Snapshot.id).where(Snapshot.name == "now")) is None
    assert db.session.query(SnapshotPerson).filter_by(snapshot_id=snapshot.id).count() == 7


def test_recruiters_do_not_get_ethnicity_or_age_dimensions(db):
    population(db)
    report = build_report(db.session, RECRUITER, "464")
    labels = {c.label for c in _table(report, "01").columns}
    assert "Dân tộc thiểu số" not in labels and "Dưới 30" not in labels
    assert {"youth", "young_intellectual", "ethnic_minority"}.isdisjoint(
        row.code for row in _table(report, "11").rows
    )


@pytest.mark.parametrize(
    ("area", "field"),
    [("99999", "area"), ("abc", "area"), ("48", "area"), ("org:999999", "area")],
)
def test_bad_areas_are_refused_with_a_message(db, area, field):
    with pytest.raises(ValidationError) as caught:
        build_report(db.session, OFFICER, area)
    assert field in caught.value.errors


def test_bad_comparisons_and_snapshots_are_refused(db):
    population(db)
    early = take_snapshot(db.session, name="Kỳ 1", as_of=date(2025, 12, 31), actor=OFFICER)
    late = take_snapshot(db.session, name="Kỳ 2", as_of=date(2026, 6, 30), actor=OFFICER)
    commune = take_snapshot(db.session, name="Một xã", as_of=date(2026, 6, 30), actor=OFFICER,
                            area="19363")  # fmt: skip
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        build_report(db.session, OFFICER, "464", early.id, late.id)
    assert "compare" in caught.value.errors
    with pytest.raises(ValidationError) as caught:
        build_report(db.session, OFFICER, "464", commune.id)
    assert "snapshot" in caught.value.errors  # a commune's snapshot cannot report the district
    outsider = Principal(role="officer", username="outsider", scope_area_code="19057")
    with pytest.raises(ValidationError) as caught:
        build_report(db.session, outsider, "19057", commune.id)
    assert "snapshot" in caught.value.errors
    with pytest.raises(ValidationError):
        take_snapshot(db.session, name=" ", as_of=date(2026, 1, 1), actor=OFFICER)
    with pytest.raises(ValidationError):
        take_snapshot(db.session, name="Tương lai", as_of=date(2999, 1, 1), actor=OFFICER)


def test_an_empty_area_gives_an_empty_report(db):
    population(db)
    report = build_report(db.session, OFFICER, "19414")
    assert report.empty and report.people == 0
    assert all(t.total is None or not any(t.total) for t in report.tables)


def test_snapshots_are_audited(db):
    population(db)
    take_snapshot(db.session, name="Tổng kết năm 2025", as_of=date(2025, 12, 31), actor=OFFICER)
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "snapshot.create"))
    assert entry.details["people"] == 7


def test_trend_over_snapshots_on_the_overview_and_gap_dashboard(client, db, login_as):
    population(db)
    take_snapshot(db.session, name="Tổng kết năm 2025", as_of=date(2025, 12, 31), actor=OFFICER)
    take_snapshot(db.session, name="Sơ kết 6 tháng 2026", as_of=date(2026, 6, 30), actor=OFFICER)
    db.session.commit()
    login_as("officer", scope="44")
    home = client.get("/").get_data(as_text=True)
    assert 'data-testid="snapshot-trend"' in home and "<polyline" in home
    assert "Sơ kết 6 tháng 2026" in home and "Dân tộc thiểu số" in home
    gaps = client.get("/gaps?area=464").get_data(as_text=True)
    assert 'data-testid="snapshot-trend"' in gaps and "Thiếu hụt" in gaps
    client.post("/logout")
    login_as("individual")
    assert 'data-testid="snapshot-trend"' not in client.get("/").get_data(as_text=True)


def test_gap_and_position_tables_agree_with_their_pages(db):
    from registry.analytics.dashboard import dashboard
    from registry.standards.compliance import Filters, compliance
    from registry.standards.positions import assign_holder, save_position
    from tests.analytics.test_targets_and_pages import _planner_population

    _planner_population(db)
    position = save_position(db.session, None, name="Bác sĩ", field_prefixes="7201",
                             actor=None, min_level_code="dai_hoc")  # fmt: skip
    for person in db.session.scalars(select(Person)).all()[:3]:
        assign_holder(db.session, person, position.id, actor=None)
    db.session.commit()
    report = build_report(db.session, OFFICER, "464")
    gaps = _table(report, "14")
    totals = dashboard(db.session, OFFICER, "464")["totals"]
    assert gaps.total[:3] == [totals["required"], totals["supply"], totals["gap"]]
    assert gaps.total[4] == totals["gap_at_year"]
    overall = compliance(db.session, OFFICER, Filters(area="464"))["overall"]
    positions = _table(report, "12")
    assert overall.holders and positions.total[:2] == [overall.holders, overall.compliant]
    assert gaps.rows and totals["required"]
