"""Demo targets: the plan's 2030 needs for the communes of the former Vĩnh Linh district."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.analytics.models import Target
from registry.analytics.queries import target_statuses
from registry.auth.principal import Principal
from registry.demo.generator import VINH_LINH

SOURCE = "Kế hoạch phát triển đội ngũ trí thức đến năm 2030 (dữ liệu minh họa)"
# (field, minimum level, growth the plan asks for over today's supply, quota group, quota %)
PER_COMMUNE = (
    ("y_te", "dai_hoc", 1.35, None, None),
    ("giao_duc_dao_tao", "dai_hoc", 1.1, "woman", 60),
    ("nong_nghiep_cong_nghe_cao", "dai_hoc", 1.5, None, None),
    ("du_lich", "dai_hoc", 2.0, None, None),
    ("cong_nghe_thong_tin", "dai_hoc", 1.8, "youth", 30),
)
PROVINCE = (
    ("khoa_hoc_cong_nghe", "thac_si", 1.3),
    ("quan_ly", "thac_si", 1.2),
    ("lam_nghiep", "dai_hoc", 1.4),
)
ADMIN = Principal.system()


def add_demo_targets(session: Session, people: int) -> int:
    """Targets for 2030 that ask more than the demo population has today, so gaps show; once."""
    if session.scalar(select(func.count(Target.id))):
        return 0
    rows = [
        Target(
            field_code=field,
            area_code=commune,
            min_level_code=level,
            required=1,
            target_year=2030,
            source_document=SOURCE,
            quota_group=group,
            quota_percent=percent,
        )
        for commune in VINH_LINH
        for field, level, _growth, group, percent in PER_COMMUNE
    ]
    rows += [
        Target(
            field_code=field,
            area_code="44",
            min_level_code=level,
            required=1,
            target_year=2030,
            source_document=SOURCE,
        )
        for field, level, _growth in PROVINCE
    ]
    growth = {field: g for field, _level, g, *_rest in PER_COMMUNE} | {
        field: g for field, _level, g in PROVINCE
    }
    session.add_all(rows)
    session.flush()
    for status in target_statuses(session, ADMIN, rows):
        status.target.required = max(3, round(status.supply * growth[status.target.field_code]) + 2)
    session.flush()
    return len(rows)
