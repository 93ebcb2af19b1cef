"""Demo job positions with their standards, and holders among the demo civil servants."""

from __future__ import annotations

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from registry.people.models import Person
from registry.standards.models import JobPosition, Milestone, PositionHolder

# (position as written in the demo, standard: prefixes, level, theory, management, language, IT)
STANDARDS = (
    (
        "Công chức Văn phòng - Thống kê",
        "31;34;38",
        "dai_hoc",
        "so_cap",
        "chuyen_vien",
        "bac_2",
        "co_ban",
    ),
    ("Công chức Địa chính", "58;62;85", "dai_hoc", "so_cap", "chuyen_vien", None, "co_ban"),
    ("Chuyên viên", None, "dai_hoc", "so_cap", "chuyen_vien", "bac_2", "co_ban"),
    ("Phó Chủ tịch UBND", "31;34;38;62", "dai_hoc", "trung_cap", "chuyen_vien", "bac_2", "co_ban"),
    ("Giáo viên", "14", "dai_hoc", None, None, "bac_2", "co_ban"),
    ("Bác sĩ", "7201", "dai_hoc", None, None, None, "co_ban"),
)


def add_demo_positions(session: Session) -> int:
    if session.scalar(select(func.count(JobPosition.id))):
        return 0
    ids = {}
    for name, prefixes, level, theory, management, language, it in STANDARDS:
        position = JobPosition(
            name=name,
            field_prefixes=prefixes,
            min_level_code=level,
            min_theory_code=theory,
            min_management_code=management,
            min_language_code=language,
            min_it_code=it,
        )
        session.add(position)
        session.flush()
        ids[name] = position.id
    holders = [
        {"person_id": pid, "position_id": ids[position]}
        for pid, position in session.execute(
            select(Person.id, Person.position).where(
                Person.position.in_(list(ids)), Person.status == "active"
            )
        )
    ]
    if holders:
        session.execute(insert(PositionHolder.__table__), holders)
    add_demo_milestones(session)
    return len(holders)


# The plan's path to "100% meet their position's standard by 2030", for the province and Vĩnh Linh.
MILESTONES = ((2026, 60), (2027, 70), (2028, 80), (2029, 90), (2030, 100))


def add_demo_milestones(session: Session) -> None:
    session.add_all(
        Milestone(year=year, target_rate=rate, area_code=area, source_document="Kế hoạch (demo)")
        for area in ("44", "464")
        for year, rate in MILESTONES
    )
    session.flush()
