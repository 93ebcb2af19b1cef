"""Search criteria: parsed once from URL parameters (page, export, API, CLI share the names).

The filters are those declared in registry/search/filters.py. Unknown or malformed values are
dropped and reported as notices, never errors."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from registry.auth.privacy import PERSONAL_FIELDS, sees_personal_data
from registry.core.params import parse_int
from registry.people.policy import GROUP_RULES
from registry.search.filters import ALL, BY_NAME, FILTERS

SORTS = ("relevance", "name", "age", "-age", "level")
SORT_REVEALS = {"age": "birth_date", "-age": "birth_date"}
MAX_TEXT = 200


@dataclass
class Criteria:
    """The words, the order, the page and the value of each declared filter (None when unset;
    a filter with a default holds it unless the request lifted it with `all`)."""

    q: str = ""
    sort: str = "relevance"
    page: int = 1
    values: dict[str, Any] = dataclass_field(default_factory=dict)

    def __post_init__(self) -> None:
        for item in FILTERS:
            self.values.setdefault(item.name, [] if item.multiple else item.default)

    def __getattr__(self, name: str) -> Any:
        if name in BY_NAME and name != "values":
            return self.__dict__.get("values", {}).get(name)
        raise AttributeError(name)

    def active(self) -> dict[str, Any]:
        """The filters in force, defaults included (for the chips above the results)."""
        return {name: value for name, value in self.values.items() if value not in (None, [])}

    def as_params(self, **overrides) -> dict:
        """URL parameters for these criteria (for links, exports and pagination). A filter whose
        default was lifted is written `all`, so the link keeps it lifted."""
        params: dict[str, Any] = {}
        for name, default in (("q", ""), ("sort", "relevance"), ("page", 1)):
            value = overrides.get(name, getattr(self, name))
            if value not in (None, "", default):
                params[name] = value
        for item in FILTERS:
            value = overrides.get(item.name, self.values.get(item.name))
            if item.default is not None and value in (None, ""):
                params[item.name] = ALL
            elif value not in (None, "", [], item.default):
                params[item.name] = value
        return params


def _notice(name: str, value) -> str:
    return str(
        _l(
            "Bỏ qua giá trị không hợp lệ của bộ lọc “%(name)s”: %(value)s",
            name=name,
            value=str(value)[:40],
        )
    )


def _raw_values(args, name: str, multiple: bool) -> list:
    if hasattr(args, "getlist"):
        values = args.getlist(name)
    else:
        value = args.get(name)
        values = value if isinstance(value, list | tuple) else [value]
    values = [v.strip() if isinstance(v, str) else v for v in values if v not in (None, "")]
    return values if multiple else values[-1:]


def _refuse(name: str) -> str:
    return str(
        _l(
            "Bộ lọc “%(name)s” dùng thông tin cá nhân mà vai trò của bạn không được xem; đã bỏ qua.",
            name=name,
        )
    )


def withhold_personal(criteria: Criteria, user) -> list[str]:
    """Drop the filters, groups and orders that would disclose personal data `user` may not see
    (DESIGN rule 11: what a role may not see, it may not query); notices for what was dropped."""
    if sees_personal_data(user):
        return []
    notices = []
    for item in FILTERS:
        value = criteria.values.get(item.name)
        if item.reveals in PERSONAL_FIELDS and value not in (None, []):
            criteria.values[item.name] = [] if item.multiple else None
            notices.append(_refuse(item.name))
    groups = criteria.values.get("group") or []
    kept = [g for g in groups if GROUP_RULES[g].reveals not in PERSONAL_FIELDS]
    if kept != groups:
        criteria.values["group"] = kept
        notices.append(_refuse("group"))
    if SORT_REVEALS.get(criteria.sort) in PERSONAL_FIELDS:
        criteria.sort = "relevance"
        notices.append(_refuse("sort"))
    return notices


def parse(session: Session, args, user=None) -> tuple[Criteria, list[str]]:
    """Criteria from a MultiDict-like `args` (request.args or a dict); notices for dropped values.
    With a `user`, the filters that would disclose what they may not see are dropped too."""
    notices: list[str] = []
    criteria = Criteria(q=str(args.get("q") or "").strip()[:MAX_TEXT])
    for item in FILTERS:
        chosen = []
        for raw in _raw_values(args, item.name, item.multiple):
            if item.default is not None and raw == ALL:
                criteria.values[item.name] = None
                continue
            value = item.check(session, str(raw))
            if value is None:
                notices.append(_notice(item.name, raw))
            elif value not in chosen:
                chosen.append(value)
        if chosen:
            criteria.values[item.name] = chosen if item.multiple else chosen[0]
    sort = str(args.get("sort") or "").strip()
    if sort in SORTS:
        criteria.sort = sort
    elif sort:
        notices.append(_notice("sort", sort))
    page = str(args.get("page") or "").strip()
    if page:
        if parse_int(page, 1, 100_000) is not None:
            criteria.page = int(page)
        else:
            notices.append(_notice("page", page))
    if user is not None:
        notices += withhold_personal(criteria, user)
    return criteria, notices
