"""The check that an area code typed or linked exists (areas are picked by name through
registry/pickers)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from registry.people.areas import area_name


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
