"""Report tables on levels held, policy groups, position standards, achievements and gaps."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from registry.contributions.labels import LABELS as CONTRIBUTION_LABELS
from registry.contributions.people_queries import CONTRIBUTION_LEVELS
from registry.people.policy import GROUPS
from registry.people.profile import GROUP_LABELS
from registry.reference import models as ref
from registry.reports.models import SnapshotAchievement, SnapshotPerson
from registry.reports.tables import (
    MASKED_GROUPS,
    UNKNOWN,
    Column,
    Context,
    Row,
    Table,
    _crosstab,
    _level_columns,
    _names,
)

P = SnapshotPerson
LEVEL_LISTS = (
    ("06", "title", ref.AcademicTitle, "Học hàm", "Trí thức có học hàm", None),
    ("07", "theory", ref.PoliticalTheoryLevel, "Trình độ lý luận chính trị",
     "Trình độ lý luận chính trị", "Chưa qua đào tạo"),
    ("08", "management", ref.StateManagementLevel, "Trình độ quản lý nhà nước",
     "Trình độ quản lý nhà nước", "Chưa qua đào tạo"),
    ("09", "language", ref.LanguageLevel, "Trình độ ngoại ngữ (khung 6 bậc)",
     "Trình độ ngoại ngữ cao nhất", "Chưa có chứng chỉ"),
    ("10", "it", ref.ItSkillLevel, "Trình độ tin học", "Chuẩn kỹ năng sử dụng công nghệ thông tin",
     "Chưa có chứng chỉ"),
)  # fmt: skip


def level_tables(ctx: Context) -> list[Table]:
    """Biểu 06-10: academic titles, political theory, state management, language and IT levels,
    from one grouped query (each by sex)."""
    keys = [P.title, P.theory, P.management, P.language, P.it, P.sex]
    grouped = ctx.grouped(*keys)
    tables = []
    for index, (number, _attr, model, row_label, title, none_label) in enumerate(LEVEL_LISTS):
        matchers = [lambda k: True, lambda k: k[5] == "male", lambda k: k[5] == "female"]
        counts = _crosstab(grouped, lambda k, i=index: [k[i] or UNKNOWN], matchers)
        rows = [Row(c, n, counts.get(c, [0, 0, 0])) for c, n in _names(ctx.session, model)]
        if none_label:
            rows.append(Row(UNKNOWN, _(none_label), counts.get(UNKNOWN, [0, 0, 0])))
        sex = _("Giới tính")
        columns = [Column(_("Tổng số")), Column(_("Nam"), sex), Column(_("Nữ"), sex)]
        tables.append(Table(number, _(title), _(row_label), columns, rows).add_total())
    return tables


def group_table(ctx: Context) -> Table:
    """Biểu 11: policy groups by qualification level (a person may be in several groups)."""
    level_columns, level_match = _level_columns(ctx)
    grouped = [(groups, level, n) for level, _sex, _sector, groups, _band, n in ctx.people()]
    shown = [g for g in GROUPS if ctx.personal or g not in MASKED_GROUPS]
    rows = []
    for group in shown:
        bit = 1 << GROUPS.index(group)
        values = [0] * (1 + len(level_match))
        for groups, level, n in grouped:
            if (groups or 0) & bit:
                values[0] += n
                for i, match in enumerate(level_match):
                    values[1 + i] += n if match(level) else 0
        rows.append(Row(group, str(GROUP_LABELS[group]), values))
    note = _("Một người có thể thuộc nhiều nhóm nên không cộng dồn theo cột.")
    if not ctx.personal:
        note += " " + _(
            "Các nhóm suy ra từ ngày sinh và dân tộc không hiển thị với vai trò của bạn."
        )
    return Table("11", _("Trí thức thuộc các nhóm chính sách"), _("Nhóm chính sách"),
                 [Column(_("Tổng số")), *level_columns], rows, note=note)  # fmt: skip


def position_table(ctx: Context) -> Table:
    """Biểu 12: holders of job positions, how many meet the standard, and the rate."""
    from registry.standards.models import JobPosition

    grouped = ctx.grouped(P.position_id, P.compliant)
    counts: dict[int, list[int]] = {}
    for position_id, compliant, n in grouped:
        if position_id is None:
            continue
        values = counts.setdefault(position_id, [0, 0])
        values[0] += n
        values[1] += n if compliant else 0
    names = dict(ctx.session.execute(select(JobPosition.id, JobPosition.name)).all())

    def row(code, label, holders, compliant):
        rate = round(100 * compliant / holders, 1) if holders else 0.0
        return Row(code, label, [holders, compliant, holders - compliant, rate])

    rows = [
        row(str(pid), names.get(pid, f"#{pid}"), *v)
        for pid, v in sorted(counts.items(), key=lambda i: names.get(i[0], ""))
    ]
    holders, compliant = sum(v[0] for v in counts.values()), sum(v[1] for v in counts.values())
    columns = [Column(_("Người giữ vị trí")), Column(_("Đạt chuẩn")), Column(_("Chưa đạt chuẩn")),
               Column(_("Tỷ lệ đạt chuẩn (%)"), kind="percent")]  # fmt: skip
    table = Table(
        "12", _("Đạt chuẩn vị trí việc làm"), _("Vị trí việc làm"), columns, rows, change_index=3
    )
    table.total = row("", "", holders, compliant).values
    return table


def _kind_level_label(kind: str, level: str) -> str:
    name = str(CONTRIBUTION_LABELS["contribution"].get(kind, kind))
    return f"{name} — {CONTRIBUTION_LABELS['level'][level]}" if level else name


def achievement_table(ctx: Context) -> Table:
    """Biểu 13: research tasks, initiatives, publications and awards by level and year."""
    A = SnapshotAchievement
    rows_q = ctx.session.execute(
        select(A.kind, A.level, A.year)
        .join(P, (P.snapshot_id == A.snapshot_id) & (P.person_id == A.person_id))
        .where(*ctx.where())
    ).all()
    last = ctx.as_of.year
    years = list(range(last - 4, last + 1))
    year_group = _("Theo năm")
    columns = [Column(_("Tổng số")), Column(_("Trước %(y)s", y=years[0]), year_group),
               *[Column(str(y), year_group) for y in years], Column(_("Không rõ năm"), year_group)]  # fmt: skip
    counts: dict[str, list[int]] = {}
    for kind, level, year in rows_q:
        values = counts.setdefault(f"{kind}:{level}", [0] * len(columns))
        values[0] += 1
        if year is None or year > last:
            values[-1] += 1
        elif year < years[0]:
            values[1] += 1
        else:
            values[2 + years.index(year)] += 1
    rows = [
        Row(
            f"{k}:{lv}",
            _kind_level_label(k, lv),
            counts.get(f"{k}:{lv}", [0] * len(columns)),
        )
        for k, levels in CONTRIBUTION_LEVELS.items()
        for lv in levels
    ]
    return Table("13", _("Đề tài, sáng kiến, công trình và giải thưởng theo cấp và năm"),
                 _("Loại — cấp"), columns, rows, unit=_("công trình")).add_total()  # fmt: skip


def gap_table(ctx: Context) -> Table:
    """Biểu 14: the gap dashboard's targets inside the area, at the report date."""
    from registry.analytics.dashboard import targets_in

    if ctx.area.startswith("org:"):
        wanted = {f"org:{i}" for i in _org_ids(ctx)}
        rows_in = [g for g in ctx.gaps or [] if g["area"] in wanted]
    else:
        ids = {t.id for t in targets_in(ctx.session, ctx.area, None)}
        rows_in = [g for g in ctx.gaps or [] if g["id"] in ids]
    fields = dict(_names(ctx.session, ref.PriorityField))
    levels = dict(_names(ctx.session, ref.QualificationLevel))
    rows = [
        Row(str(g["id"]),
            f"{fields.get(g['field'], g['field'])} — {g['area_name'] or g['area']} — "
            f"{_('từ')} {levels.get(g['min_level'], g['min_level'])} ({g['year']})",
            [g["required"], g["supply"], g["gap"], g["supply_at_year"], g["gap_at_year"]])
        for g in rows_in
    ]  # fmt: skip
    group = _("Đến năm mục tiêu")
    columns = [Column(_("Chỉ tiêu")), Column(_("Hiện có")), Column(_("Thiếu hụt")),
               Column(_("Còn lại"), group), Column(_("Thiếu hụt"), group)]  # fmt: skip
    return Table("14", _("Thiếu hụt so với chỉ tiêu"), _("Lĩnh vực — địa bàn — trình độ (năm)"),
                 columns, rows, change_index=2).add_total()  # fmt: skip


def _org_ids(ctx: Context) -> list[int]:
    from registry.auth.scope import organization_subtree

    return organization_subtree(ctx.session, int(ctx.area[4:]))
