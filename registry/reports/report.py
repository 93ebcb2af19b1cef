"""The whole statistics report: checks its inputs, computes every table once at a snapshot (or at a
temporary snapshot of today, rolled back, so "now" and a closed period share one definition), adds
the comparison with an earlier snapshot and a generated sentence per table."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from registry.auth.privacy import sees_personal_data
from registry.core.workbook import vn_number, vn_percent
from registry.errors import ValidationError
from registry.reports import outcomes, tables
from registry.reports.models import Snapshot
from registry.reports.queries import (
    check_area,
    people_clause,
    usable_snapshot,
    whole_area_words,
)
from registry.reports.services import take_snapshot


@dataclass
class Report:
    area: str
    area_name: str
    as_of: date
    snapshot: str | None  # the snapshot's name; None for "now"
    compare: str | None = None
    compare_as_of: date | None = None
    tables: list = field(default_factory=list)
    people: int = 0
    personal: bool = True

    @property
    def empty(self) -> bool:
        return self.people == 0

    def as_dict(self) -> dict:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        data["compare_as_of"] = self.compare_as_of.isoformat() if self.compare_as_of else None
        data["empty"] = self.empty
        return data


def compute_tables(ctx: tables.Context) -> list[tables.Table]:
    return [
        tables.qualification_table(ctx),
        tables.field_table(ctx),
        tables.study_table(ctx),
        tables.commune_table(ctx),
        tables.organization_table(ctx),
        *outcomes.level_tables(ctx),
        outcomes.group_table(ctx),
        outcomes.position_table(ctx),
        outcomes.achievement_table(ctx),
        outcomes.gap_table(ctx),
    ]


def _tables_at(session: Session, snapshot: Snapshot, area: str, personal: bool) -> list:
    ctx = tables.Context(session, snapshot.id, snapshot.as_of, area, personal, snapshot.gaps)
    return compute_tables(ctx)


def _tables_now(session: Session, area: str, personal: bool, actor) -> tuple[list, date]:
    """Today's tables from a temporary snapshot of the area, never committed."""
    today = date.today()
    nested = session.begin_nested()
    try:
        clause = people_clause(session, area)
        snapshot = take_snapshot(
            session, name="now", as_of=today, actor=actor, where=clause, audit=False
        )
        return _tables_at(session, snapshot, area, personal), today
    finally:
        nested.rollback()


def build_report(
    session: Session, user, area: str, snapshot_id=None, compare_id=None, compare_day=None
) -> Report:
    """The report for `area` at a snapshot (None: now), compared with an earlier snapshot."""
    area, name = check_area(session, user, area)
    personal = sees_personal_data(user)
    snapshot = (
        usable_snapshot(session, user, snapshot_id, area, "snapshot") if snapshot_id else None
    )
    compare = usable_snapshot(session, user, compare_id, area, "compare") if compare_id else None
    as_of = snapshot.as_of if snapshot else date.today()
    if compare is not None:
        if compare.as_of > as_of or (snapshot is not None and compare.id == snapshot.id):
            raise ValidationError(
                {"compare": _("Kỳ so sánh phải là một kỳ chốt số liệu trước ngày báo cáo.")}
            )
    if snapshot is not None:
        current = _tables_at(session, snapshot, area, personal)
    else:
        current, as_of = _tables_now(session, area, personal, user)
    report = Report(area, name, as_of, snapshot.name if snapshot else None, personal=personal)
    report.tables = current
    report.people = current[0].total[0] if current[0].total else 0
    if compare is not None:
        report.compare, report.compare_as_of = compare.name, compare.as_of
        _compare(current, _tables_at(session, compare, area, personal))
    words = whole_area_words(area, name)
    for table in current:
        table.sentence = sentence(table, words, report)
    return report


def _compare(current: list, earlier: list) -> None:
    for table, before in zip(current, earlier, strict=True):
        index = table.change_index
        old = {row.code: row.values[index] for row in before.rows}
        for row in table.rows:
            row.change = _diff(row.values[index], old.get(row.code, 0))
        if table.total is not None and before.total is not None:
            table.total_change = _diff(table.total[index], before.total[index])


def _diff(now, before):
    change = (now or 0) - (before or 0)
    return round(change, 1) if isinstance(change, float) else change


def _change_words(change, before, report: Report, unit: str) -> str:
    if change is None:
        return ""
    when = _(
        "so với %(name)s (%(day)s)",
        name=report.compare,
        day=report.compare_as_of.strftime("%d/%m/%Y"),
    )
    if change == 0:
        return _("không đổi %(when)s", when=when)
    word = _("tăng") if change > 0 else _("giảm")
    share = f" ({vn_percent(100 * abs(change) / before)})" if before else ""
    return f"{word} {vn_number(abs(change))} {unit}{share} {when}"


def sentence(table, words: str, report: Report) -> str:
    """A short paragraph with the table's total, its largest rows and the change."""
    if table.total is None and not table.rows:
        return _("Không có số liệu.")
    biggest = sorted((r for r in table.rows if r.values[0]), key=lambda r: -r.values[0])[:3]
    parts = ", ".join(f"{r.label} {vn_number(r.values[0])}" for r in biggest)
    if table.key == "12":
        total = table.total or [0, 0, 0, 0]
        text = _(
            "%(words)s có %(n)s người giữ vị trí việc làm, %(c)s người đạt chuẩn (%(r)s)",
            words=words,
            n=vn_number(total[0]),
            c=vn_number(total[1]),
            r=vn_percent(total[3]),
        )
        if table.total_change is not None:
            text += "; " + _(
                "tỷ lệ %(word)s %(p)s điểm phần trăm so với kỳ trước",
                word=_("tăng") if table.total_change >= 0 else _("giảm"),
                p=vn_number(abs(table.total_change), 1),
            )
        return text + "."
    if table.total is None:
        return _("%(title)s: nhiều nhất là %(parts)s.", title=table.title, parts=parts or "—")
    if table.key == "14":
        total = table.total
        text = _(
            "Các chỉ tiêu trong địa bàn cần %(need)s người, hiện có %(have)s, còn thiếu %(gap)s người",
            need=vn_number(total[0]),
            have=vn_number(total[1]),
            gap=vn_number(total[2]),
        )
        change = _change_words(table.total_change, None, report, _("người"))
        return text + ("; " + _("mức thiếu") + " " + change if change else "") + "."
    total = table.total[table.change_index]
    before = total - table.total_change if table.total_change is not None else None
    text = _("%(words)s có %(n)s %(unit)s", words=words, n=vn_number(total), unit=table.unit)
    if table.key == "01" and total:
        facts = table.facts
        text = _(
            "%(words)s có %(n)s người đang công tác, trong đó %(i)s trí thức (đại học trở lên), "
            "%(w)s nữ (%(p)s)",
            words=words,
            n=vn_number(total),
            i=vn_number(facts["intellectuals"]),
            w=vn_number(facts["women"]),
            p=vn_percent(100 * facts["women"] / total),
        )
    elif parts:
        text += _(", nhiều nhất là %(parts)s", parts=parts)
    change = _change_words(table.total_change, before, report, table.unit)
    return text + (", " + change if change else "") + "."
