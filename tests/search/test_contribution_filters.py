"""Contributions in the search: filters by kind, level, status and years, by country, and the
titles of research tasks and initiatives found by the text search, on every path."""

from __future__ import annotations

import json
import re

from registry.contributions.people_queries import contribution_filter_label
from registry.contributions.services import save_initiative, save_task
from registry.extensions import db as _db
from tests.factories import make_person


def _population(db):
    lead = make_person(db.session, full_name="Lê Văn Khoa")
    member = make_person(db.session, full_name="Trần Thị Lan")
    author = make_person(db.session, full_name="Hồ Văn Minh")
    make_person(db.session, full_name="Phan Thị Nga")
    save_task(
        db.session,
        {
            "title": "Giống lúa chịu mặn cho vùng ven biển",
            "level": "provincial",
            "status": "accepted",
            "year": 2024,
            "members": [
                {"person_id": lead.id, "role": "lead"},
                {"person_id": member.id, "role": "member"},
            ],
        },
        actor=None,
    )
    save_initiative(
        db.session,
        {"title": "Số hóa hồ sơ một cửa", "effect_level": "grassroots", "year": 2019,
         "authors": [author.id]},
        actor=None,
    )  # fmt: skip
    db.session.commit()
    return lead, member, author


def _names(html: str) -> set[str]:
    return set(re.findall(r'<td><a href="/people/\d+">([^<]+)</a>', html))


def test_contribution_filter_on_page_api_and_cli(app, client, db, login_as):
    _population(db)
    login_as("officer", scope="44")
    cases = {
        "research_task": {"Lê Văn Khoa", "Trần Thị Lan"},
        "research_task:provincial:accepted:2020-2025": {"Lê Văn Khoa", "Trần Thị Lan"},
        "research_task:national": set(),
        "research_task:::2025-": set(),
        "initiative": {"Hồ Văn Minh"},
        "initiative:grassroots::-2019": {"Hồ Văn Minh"},
    }
    for value, expected in cases.items():
        assert _names(client.get(f"/people?contribution={value}").get_data(as_text=True)) == (
            expected
        ), value
        api = client.get(f"/api/v1/people?contribution={value}").get_json()
        assert {p["full_name"] for p in api["items"]} == expected, value
    output = app.test_cli_runner().invoke(
        args=["search", "--contribution", "initiative", "--format", "json"]
    )
    assert {p["full_name"] for p in json.loads(output.output)} == {"Hồ Văn Minh"}


def test_bad_contribution_values_are_ignored_with_a_notice(client, db, login_as):
    _population(db)
    login_as("officer", scope="44")
    for value in ("nothing", "research_task:galactic", "initiative::accepted", "award:::19-20"):
        html = client.get(f"/people?contribution={value}").get_data(as_text=True)
        assert "Bỏ qua giá trị không hợp lệ" in html, value
        assert len(_names(html)) == 4, value  # the filter is dropped, nobody is lost


def test_task_and_initiative_titles_are_found_by_words(client, db, login_as):
    _population(db)
    login_as("officer", scope="44")
    found = _names(client.get("/people?q=giong lua chiu man").get_data(as_text=True))
    assert found == {"Lê Văn Khoa", "Trần Thị Lan"}
    assert _names(client.get("/people?q=so hoa ho so").get_data(as_text=True)) == {"Hồ Văn Minh"}


def test_filter_chip_reads_in_words(app):
    with app.test_request_context():
        label = contribution_filter_label("research_task:provincial:accepted:2021-2025")
    assert label == "Đề tài, dự án, nhiệm vụ KH&CN — Cấp tỉnh — Đã nghiệm thu — 2021-2025"


def test_country_filter(client, db, login_as):
    from registry.contributions.overseas import save_partner

    lead, *_ = _population(db)
    save_partner(
        _db.session,
        {"person_id": lead.id, "residence_country": "JP", "willingness": "ready"},
        actor=None,
    )
    db.session.commit()
    login_as("officer", scope="44")
    assert _names(client.get("/people?country=JP").get_data(as_text=True)) == {"Lê Văn Khoa"}
    assert _names(client.get("/people?country=DE").get_data(as_text=True)) == set()
