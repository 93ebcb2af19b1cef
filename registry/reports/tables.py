"""The report's statistics tables, computed once from snapshot rows and rendered to any format.

Each table is a few GROUP BY queries over the snapshot's rows in the area; rows, columns and
totals are then plain Python. Dimensions derived from attributes a role may not see (ethnicity,
birth date) are left out for that role."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from registry.people.forms import SECTOR_CHOICES
from registry.people.models import SECTORS
from registry.people.policy import GROUPS, years_before
from registry.reference import models as ref
from registry.reports.models import SnapshotPerson
from registry.reports.queries import snapshot_area_clause

P = SnapshotPerson
UNKNOWN = "?"
AGE_BANDS = (("<30", 30), ("30-39", 40), ("40-49", 50), ("50-59", 60), ("60+", None))
# Policy groups derived from attributes masked for recruiters (birth date, ethnicity).
MASKED_GROUPS = ("youth", "young_intellectual", "ethnic_minority")


@dataclass
class Column:
    label: str
    group: str | None = None
    kind: str = "int"


@dataclass
class Row:
    code: str
    label: str
    values: list
    change: float | None = None


@dataclass
class Table:
    key: str
    title: str
    row_label: str
    columns: list[Column]
    rows: list[Row]
    total: list | None = None  # the totals row's values, None where totals mean nothing
    change_index: int = 0  # the value column compared with the earlier snapshot
    total_change: float | None = None
    note: str = ""
    sentence: str = ""
    unit: str = field(default_factory=lambda: _("người"))
    facts: dict = field(default_factory=dict)  # figures the generated sentence quotes

    def header_groups(self) -> list[tuple[str, int, bool]]:
        """The first header row: (label, columns spanned, is a group over sub-columns)."""
        out: list[tuple[str, int, bool]] = []
        for column in self.columns:
            if column.group and out and out[-1][2] and out[-1][0] == column.group:
                out[-1] = (column.group, out[-1][1] + 1, True)
            else:
                out.append((column.group or column.label, 1, bool(column.group)))
        return out

    def add_total(self) -> Table:
        self.total = [sum(r.values[i] or 0 for r in self.rows) for i in range(len(self.columns))]
        return self


@dataclass
class Context:
    session: Session
    snapshot_id: int
    as_of: date
    area: str
    personal: bool  # may see dimensions derived from ethnicity and birth date
    gaps: list | None = None

    def where(self):
        return (
            P.snapshot_id == self.snapshot_id,
            P.status == "active",
            snapshot_area_clause(self.session, self.area),
        )

    def grouped(self, *keys) -> list[tuple]:
        rows = self.session.execute(
            select(*keys, func.count()).where(*self.where()).group_by(*keys)
        )
        return [tuple(r) for r in rows]

    def people(self) -> list[tuple]:
        """(level, sex, sector, policy-group bits, age band, n): one scan for Biểu 01 and 11."""
        if not hasattr(self, "_people"):
            self._people = self.grouped(P.level, P.sex, P.sector, P.groups, _age_band(self.as_of))
        return self._people

    def places(self) -> list[tuple]:
        """(study field, commune, organisation, level, sex, n): one scan for Biểu 03, 04 and 05."""
        if not hasattr(self, "_places"):
            self._places = self.grouped(
                P.study_field, P.commune_code, P.organization_id, P.level, P.sex
            )
        return self._places


def _names(session: Session, model, label="name_vi") -> list[tuple[str, str]]:
    order = model.rank.desc() if hasattr(model, "rank") else model.code
    return [
        (c, n)
        for c, n in session.execute(select(model.code, getattr(model, label)).order_by(order))
    ]


def _level_columns(ctx: Context) -> tuple[list[Column], list]:
    """One column per qualification level from college up, then "other" (sums to the total)."""
    levels = [
        (c, n)
        for c, n, rank in ctx.session.execute(
            select(
                ref.QualificationLevel.code,
                ref.QualificationLevel.name_vi,
                ref.QualificationLevel.rank,
            ).order_by(ref.QualificationLevel.rank.desc())
        )
        if rank >= 3
    ]
    group = _("Trình độ chuyên môn cao nhất")
    columns = [Column(n, group) for _c, n in levels] + [Column(_("Khác, chưa rõ"), group)]
    codes = [c for c, _n in levels]
    return columns, [lambda lv, c=c: lv == c for c in codes] + [lambda lv: lv not in codes]


def _crosstab(rows, row_of, matchers, count_index=-1) -> dict[str, list[int]]:
    """Rows keyed by `row_of(key)`, one value per matcher (a predicate over the grouped key)."""
    out: dict[str, list[int]] = defaultdict(lambda: [0] * len(matchers))
    for key in rows:
        n = key[count_index]
        for code in row_of(key):
            values = out[code]
            for i, match in enumerate(matchers):
                if match(key):
                    values[i] += n
    return out


def _age_band(as_of: date):
    clauses = [(P.birth_date.is_(None), UNKNOWN)]
    for band, upper in AGE_BANDS:
        if upper is not None:
            clauses.append((P.birth_date > years_before(as_of, upper), band))
    return case(*clauses, else_="60+")


def _bit(group: str):
    return 1 << GROUPS.index(group)


def qualification_table(ctx: Context) -> Table:
    """Biểu 01: highest qualification x sex x ethnic minority x age band x sector."""
    bit = _bit("ethnic_minority")
    grouped = [
        (level, sex, sector, 1 if (groups or 0) & bit else 0, band, n)
        for level, sex, sector, groups, band, n in ctx.people()
    ]
    columns = [Column(_("Tổng số"))]
    matchers = [lambda k: True]
    sex = _("Giới tính")
    columns += [Column(_("Nam"), sex), Column(_("Nữ"), sex)]
    matchers += [lambda k: k[1] == "male", lambda k: k[1] == "female"]
    if ctx.personal:
        columns.append(Column(_("Dân tộc thiểu số"), _("Trong đó")))
        matchers.append(lambda k: k[3] == 1)
        bands = [(_("Dưới 30"), "<30"), ("30–39", "30-39"), ("40–49", "40-49"), ("50–59", "50-59"),
                 (_("Từ 60 trở lên"), "60+"), (_("Chưa rõ"), UNKNOWN)]  # fmt: skip
        columns += [Column(label, _("Độ tuổi")) for label, _b in bands]
        matchers += [lambda k, b=b: k[4] == b for _l, b in bands]
    sectors = dict(SECTOR_CHOICES)
    columns += [Column(str(sectors[s]), _("Khu vực công tác")) for s in SECTORS]
    matchers += [lambda k, s=s: k[2] == s for s in SECTORS]
    counts = _crosstab(grouped, lambda k: [k[0] or UNKNOWN], matchers)
    rows = [
        Row(c, n, counts.get(c, [0] * len(matchers)))
        for c, n in _names(ctx.session, ref.QualificationLevel)
    ]
    if UNKNOWN in counts:
        rows.append(Row(UNKNOWN, _("Chưa xác định"), counts[UNKNOWN]))
    table = Table(
        "01",
        _("Trí thức theo trình độ chuyên môn, giới tính, dân tộc, độ tuổi và khu vực công tác"),
        _("Trình độ chuyên môn cao nhất"),
        columns,
        rows,
    ).add_total()
    intellectual = set(
        ctx.session.scalars(
            select(ref.QualificationLevel.code).where(ref.QualificationLevel.counts_as_intellectual)
        )
    )
    table.facts = {
        "intellectuals": sum(r.values[0] for r in rows if r.code in intellectual),
        "women": table.total[2],
    }
    return table


def field_table(ctx: Context) -> Table:
    """Biểu 02: priority fields (by study, by declared expertise) and qualification level."""
    level_columns, level_match = _level_columns(ctx)
    grouped = ctx.grouped(P.fields_by_study, P.fields_by_declared, P.level)
    bits = dict(ctx.session.execute(select(ref.PriorityField.code, ref.PriorityField.bit)).all())
    columns = [Column(_("Tổng số")), Column(_("Theo ngành đào tạo"), _("Trong đó")),
               Column(_("Theo lĩnh vực khai báo"), _("Trong đó")), *level_columns]  # fmt: skip
    rows = []
    for code, name in _names(ctx.session, ref.PriorityField):
        if bits.get(code) is None:
            continue
        mask = 1 << bits[code]
        values = [0] * len(columns)
        for study, declared, level, n in grouped:
            by_study, by_declared = bool((study or 0) & mask), bool((declared or 0) & mask)
            if not (by_study or by_declared):
                continue
            values[0] += n
            values[1] += n if by_study else 0
            values[2] += n if by_declared else 0
            for i, match in enumerate(level_match):
                values[3 + i] += n if match(level) else 0
        rows.append(Row(code, name, values))
    rows.sort(key=lambda r: -r.values[0])
    return Table(
        "02",
        _("Trí thức theo lĩnh vực ưu tiên"),
        _("Lĩnh vực ưu tiên"),
        columns,
        rows,
        note=_("Một người có thể thuộc nhiều lĩnh vực nên không cộng dồn theo cột."),
    )


def _by_dimension(ctx: Context, index: int, names: list[tuple], number: str, title: str,
                  row_label: str, unknown: str) -> Table:  # fmt: skip
    level_columns, level_match = _level_columns(ctx)
    grouped = [(row[index], row[3], row[4], row[5]) for row in ctx.places()]
    matchers = [lambda k: True, lambda k: k[2] == "female"] + [
        lambda k, m=m: m(k[1]) for m in level_match
    ]
    counts = _crosstab(grouped, lambda k: [str(k[0]) if k[0] is not None else UNKNOWN], matchers)
    rows = [Row(str(c), n, counts[str(c)]) for c, n in names if str(c) in counts]
    known = {str(c) for c, _n in names}
    rows += [Row(c, c, v) for c, v in counts.items() if c not in known and c != UNKNOWN]
    if UNKNOWN in counts:
        rows.append(Row(UNKNOWN, unknown, counts[UNKNOWN]))
    columns = [Column(_("Tổng số")), Column(_("Nữ"), _("Trong đó")), *level_columns]
    return Table(number, title, row_label, columns, rows).add_total()


def study_table(ctx: Context) -> Table:
    names = [
        (c, n)
        for c, n in ctx.session.execute(
            select(ref.FieldOfStudy.code, ref.FieldOfStudy.name_vi).order_by(ref.FieldOfStudy.code)
        )
    ]
    return _by_dimension(ctx, 0, names, "03",
                         _("Trí thức theo lĩnh vực đào tạo (cấp II) của bằng cao nhất"),
                         _("Lĩnh vực đào tạo"), _("Chưa xác định"))  # fmt: skip


def commune_table(ctx: Context) -> Table:
    names = list(
        ctx.session.execute(select(ref.Commune.code, ref.Commune.name).order_by(ref.Commune.name))
    )
    return _by_dimension(ctx, 1, names, "04", _("Trí thức theo xã, phường"),
                         _("Xã, phường"), _("Chưa xác định"))  # fmt: skip


def organization_table(ctx: Context) -> Table:
    from registry.people.models import Organization

    names = list(
        ctx.session.execute(select(Organization.id, Organization.name).order_by(Organization.name))
    )
    return _by_dimension(ctx, 2, names, "05", _("Trí thức theo cơ quan, đơn vị"),
                         _("Cơ quan, đơn vị"), _("Chưa có cơ quan, đơn vị"))  # fmt: skip
