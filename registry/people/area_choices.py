"""Areas chosen by name: the province, its former districts and its communes as (code, label)
options for a picker, and the check that an area code typed or linked exists."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.people.areas import area_name
from registry.reference.models import (
    Commune,
    CommuneConversion,
    LegacyCommune,
    LegacyDistrict,
    Province,
)


def area_options(session: Session, province: str) -> list[tuple[str, str]]:
    """(code, label) for the province, the former districts whose communes lie in it, and its
    communes, each group in name order."""
    options = []
    home = session.get(Province, province)
    if home is not None:
        options.append((home.code, home.name))
    communes = select(Commune.code).where(Commune.province_code == province)
    old = select(CommuneConversion.old_code).where(CommuneConversion.new_code.in_(communes))
    districts = select(LegacyCommune.district_code).where(LegacyCommune.code.in_(old))
    for code, name in session.execute(
        select(LegacyDistrict.code, LegacyDistrict.name)
        .where(LegacyDistrict.code.in_(districts))
        .order_by(LegacyDistrict.name)
    ):
        options.append((code, str(_l("%(name)s (huyện cũ)", name=name))))
    options += [
        (code, f"{name}")
        for code, name in session.execute(
            select(Commune.code, Commune.name)
            .where(Commune.province_code == province)
            .order_by(Commune.name)
        )
    ]
    return options


def check_area(session: Session, raw: str | None) -> tuple[str | None, str | None]:
    """(area code or None when none was given, notice when the code is not a known area)."""
    code = (raw or "").strip()
    if not code:
        return None, None
    if not code.isdigit() or len(code) not in (2, 3, 5) or area_name(session, code) is None:
        return code, str(
            _l(
                "Địa bàn “%(code)s” không có trong danh mục. Hãy chọn tỉnh, huyện cũ hoặc xã theo tên.",
                code=code[:20],
            )
        )
    return code, None
