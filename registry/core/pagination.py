"""One pagination helper for every list (with the `pager` macro in _macros.html)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from registry.core.params import MAX_PAGE, parse_int


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def page_number(raw) -> int:
    return parse_int(raw if isinstance(raw, str) else str(raw), 1, MAX_PAGE) or 1


def paginate(
    session: Session, query: Select, page: int, per_page: int = 50, scalars: bool = True
) -> Page:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = session.execute(query.limit(per_page).offset((page - 1) * per_page))
    items = list(rows.scalars() if scalars else rows)
    return Page(items=items, page=page, per_page=per_page, total=total)
