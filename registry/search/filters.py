"""The search filters, each declared once.

A declaration states the filter's URL name, label, how a raw value is checked, the condition it
puts on people (registry/people/conditions.py: the SQL builder and the in-memory columns both read
it), its facet, the personal attribute it reveals (DESIGN rule 11) and a few example values for
tests. The criteria (registry/search/criteria.py), the SQL builder, the columns engine, the facets,
the CLI options, the API and OpenAPI parameters and the tests' random pools are all derived from
`FILTERS`. Adding a filter is one entry here and a test (see README, "Adding a search filter").
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.auth.scope import organization_subtree
from registry.contributions.countries import country_names
from registry.contributions.people_queries import (
    parse_contribution_filter,
    person_ids_in_country,
    person_ids_with_contribution,
)
from registry.people.areas import area_condition
from registry.people.conditions import (
    AllOf,
    CodeIn,
    Condition,
    HasBit,
    IdsFrom,
    NotNull,
)
from registry.people.fields import field_bits
from registry.people.models import SECTORS, STATUSES, Organization, Qualification
from registry.people.policy import GROUPS, age_condition, group_condition, load_params
from registry.reference import models as ref

ALL = "all"  # the value that lifts a filter's default (`status=all`)


@dataclass
class Context:
    """What a filter's rule may read: the session and the day ages are counted on."""

    session: Session
    today: date


@dataclass(frozen=True)
class Filter:
    name: str
    label: Any
    check: Callable[[Session, str], Any]  # the parsed value, or None when the raw value is invalid
    rule: Callable[[Context, Any], Condition]
    examples: tuple[str, ...] = ()  # valid values for the tests' random criteria
    facet: str | None = None  # how the facet is counted: a search column, "fields" or "groups"
    reveals: str | None = None  # the personal attribute this filter discloses (privacy.py names)
    multiple: bool = False
    default: str | None = None
    number: bool = False

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


def codes_at_least(model, code: str):
    """The codes of a ranked reference list (levels, titles...) ranking at least as high as `code`."""
    minimum = select(model.rank).where(model.code == code).scalar_subquery()
    return select(model.code).where(model.rank >= minimum)


def _at_least(column: str, model) -> Callable[[Context, str], Condition]:
    def rule(context: Context, code: str) -> Condition:
        return CodeIn(column, tuple(context.session.scalars(codes_at_least(model, code))))

    return rule


def _one_of(values: Callable[[Session], Collection[str]]) -> Callable[[Session, str], str | None]:
    return lambda session, raw: raw if raw in values(session) else None


def _reference(model, *extra: str) -> Callable[[Session, str], str | None]:
    return _one_of(lambda session: set(session.scalars(select(model.code))) | set(extra))


def _whole(low: int, high: int) -> Callable[[Session, str], int | None]:
    def check(_session: Session, raw: str) -> int | None:
        try:
            value = int(raw)
        except ValueError:
            return None
        return value if low <= value <= high else None

    return check


def _study(_session: Session, raw: str) -> str | None:
    digits = raw[1:] if len(raw) == 7 and raw.isdigit() else raw
    return digits if digits.isdigit() and len(digits) in (2, 4, 6) else None


def _area(session: Session, raw: str) -> str | None:
    models = {2: (ref.Province,), 3: (ref.LegacyDistrict,), 5: (ref.Commune, ref.LegacyCommune)}
    if not raw.isdigit():
        return None
    return raw if any(session.get(m, raw) for m in models.get(len(raw), ())) else None


def _org(session: Session, raw: str) -> int | None:
    value = _whole(1, 2**31)(session, raw)
    return value if value is not None and session.get(Organization, value) else None


def _title(context: Context, code: str) -> Condition:
    return (
        NotNull("title") if code == "any" else _at_least("title", ref.AcademicTitle)(context, code)
    )


def _field(context: Context, code: str) -> Condition:
    return HasBit("fields", field_bits(context.session).get(code))


def _groups(context: Context, groups: list[str]) -> Condition:
    params = load_params(context.session)
    return AllOf(tuple(group_condition(context.session, g, context.today, params) for g in groups))


def _contribution(context: Context, value: str) -> Condition:
    kind, level, low, high, status = parse_contribution_filter(value)
    return IdsFrom(person_ids_with_contribution(context.session, kind, level, low, high, status))


def _country(_session: Session, raw: str) -> str | None:
    code = raw.strip().upper()
    return code if code in country_names("vi") else None


FILTERS: tuple[Filter, ...] = (
    Filter(
        "field",
        _l("Lĩnh vực ưu tiên"),
        _reference(ref.PriorityField),
        _field,
        ("y_te", "nong_nghiep_sinh_thai", "giao_duc_dao_tao", "cong_nghe_thong_tin"),
        facet="fields",
    ),
    Filter(
        "study",
        _l("Ngành đào tạo"),
        _study,
        lambda c, prefix: IdsFrom(
            select(Qualification.person_id).where(Qualification.discipline.like(prefix + "%"))
        ),
        ("72", "7620110", "62", "7480201"),
    ),
    Filter(
        "min_level",
        _l("Trình độ tối thiểu"),
        _reference(ref.QualificationLevel),
        _at_least("level", ref.QualificationLevel),
        ("cao_dang", "dai_hoc", "thac_si", "tien_si"),
    ),
    Filter(
        "level",
        _l("Trình độ cao nhất"),
        _reference(ref.QualificationLevel),
        lambda c, code: CodeIn("level", (code,)),
        ("dai_hoc", "thac_si"),
        facet="level",
    ),
    Filter(
        "title",
        _l("Học hàm"),
        _reference(ref.AcademicTitle, "any"),
        _title,
        ("any", "pho_giao_su", "giao_su"),
    ),
    Filter(
        "theory",
        _l("Lý luận chính trị"),
        _reference(ref.PoliticalTheoryLevel),
        _at_least("theory", ref.PoliticalTheoryLevel),
        ("so_cap", "trung_cap", "cao_cap"),
    ),
    Filter(
        "management",
        _l("Quản lý nhà nước"),
        _reference(ref.StateManagementLevel),
        _at_least("management", ref.StateManagementLevel),
        ("chuyen_vien", "chuyen_vien_chinh"),
    ),
    Filter(
        "language_level",
        _l("Ngoại ngữ (bậc tối thiểu)"),
        _reference(ref.LanguageLevel),
        _at_least("languages", ref.LanguageLevel),
        ("bac_2", "bac_3", "bac_4"),
    ),
    Filter(
        "sex",
        _l("Giới tính"),
        _one_of(lambda s: ("male", "female")),
        lambda c, value: CodeIn("sex", (value,)),
        ("male", "female"),
        facet="sex",
    ),
    Filter(
        "age_min",
        _l("Tuổi từ"),
        _whole(0, 120),
        lambda c, age: age_condition(age, None, c.today),
        ("25", "30", "40"),
        reveals="birth_date",
        number=True,
    ),
    Filter(
        "age_max",
        _l("Tuổi đến"),
        _whole(0, 120),
        lambda c, age: age_condition(None, age, c.today),
        ("30", "35", "50"),
        reveals="birth_date",
        number=True,
    ),
    Filter(
        "group",
        _l("Nhóm chính sách"),
        _one_of(lambda s: GROUPS),
        _groups,
        GROUPS,
        facet="groups",
        multiple=True,
    ),
    Filter(
        "ethnicity",
        _l("Dân tộc"),
        _reference(ref.EthnicGroup),
        lambda c, code: CodeIn("ethnicity", (code,)),
        ("01", "23"),
        facet="ethnicity",
        reveals="ethnicity_code",
    ),
    Filter(
        "area",
        _l("Xã, phường"),
        _area,
        lambda c, code: area_condition(c.session, code),
        ("44", "464"),
        facet="commune",
    ),
    Filter(
        "org",
        _l("Cơ quan, đơn vị"),
        _org,
        lambda c, org: CodeIn("org", tuple(organization_subtree(c.session, org))),
        number=True,
    ),
    Filter(
        "sector",
        _l("Khu vực"),
        _one_of(lambda s: SECTORS),
        lambda c, value: CodeIn("sector", (value,)),
        ("enterprise", "armed_forces"),
        facet="sector",
    ),
    Filter(
        "contribution",
        _l("Đóng góp"),
        lambda _s, raw: raw if parse_contribution_filter(raw) else None,
        _contribution,
        (
            "research_task",
            "research_task:provincial",
            "initiative",
            "award:national",
            "research_task::accepted:2020-",
            "council::2024-2026",
            "publication",
        ),
    ),  # fmt: skip
    Filter(
        "country",
        _l("Quốc gia (người ở nước ngoài, người nước ngoài)"),
        _country,
        lambda c, code: IdsFrom(person_ids_in_country(c.session, code)),
        ("JP", "DE", "US"),
    ),
    Filter(
        "status",
        _l("Trạng thái"),
        _one_of(lambda s: STATUSES),
        lambda c, value: CodeIn("status", (value,)),
        ("active", "retired", ALL),
        facet="status",
        default="active",
    ),
)
BY_NAME = {f.name: f for f in FILTERS}


def conditions(session: Session, criteria, today: date | None = None) -> list[Condition]:
    """The conditions of the filters set in `criteria` (the words of the query excepted)."""
    context = Context(session, today or date.today())
    return [
        item.rule(context, value)
        for item in FILTERS
        if (value := criteria.values.get(item.name)) not in (None, [])
    ]
