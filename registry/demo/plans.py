"""Demo targets: the plan's 2030 needs for the communes of the former Vĩnh Linh district."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.analytics.models import Target
from registry.demo.generator import VINH_LINH

SOURCE = "Kế hoạch phát triển đội ngũ trí thức đến năm 2030 (dữ liệu minh họa)"
PER_COMMUNE = (("y_te", "dai_hoc", 420, None, None), ("giao_duc_dao_tao", "dai_hoc", 700, "woman", 50),
               ("nong_nghiep_cong_nghe_cao", "dai_hoc", 260, None, None), ("du_lich", "dai_hoc", 90, None, None),
               ("cong_nghe_thong_tin", "dai_hoc", 120, "youth", 30))
PROVINCE = (("khoa_hoc_cong_nghe", "thac_si", 2500), ("quan_ly", "thac_si", 900), ("lam_nghiep", "dai_hoc", 700))


def add_demo_targets(session: Session, people: int) -> int:
    """Targets sized to the demo population (about its size in 2030), once."""
    if session.scalar(select(func.count(Target.id))):
        return 0
    scale = max(people / 100_000, 0.01)
    rows = []
    for commune in VINH_LINH:
        for field, level, required, group, percent in PER_COMMUNE:
            rows.append(Target(field_code=field, area_code=commune, min_level_code=level,
                               required=max(1, round(required * scale)), target_year=2030, source_document=SOURCE,
                               quota_group=group, quota_percent=percent))
    for field, level, required in PROVINCE:
        rows.append(Target(field_code=field, area_code="44", min_level_code=level, required=max(1, round(required * scale)),
                           target_year=2030, source_document=SOURCE))
    session.add_all(rows)
    session.flush()
    return len(rows)
