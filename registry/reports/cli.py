"""`registry snapshot` and `registry report`: the same services and report as the pages."""

from __future__ import annotations

import json
import sys
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from registry.auth.principal import command_user
from registry.errors import ValidationError
from registry.extensions import db


def _fail(error: ValidationError) -> None:
    db.session.rollback()
    for name, message in error.errors.items():
        click.echo(f"{name}: {message}", err=True)
    sys.exit(2)


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(ValidationError({name: f"không phải ngày dạng YYYY-MM-DD: {value}"}))


@click.command("snapshot")
@click.option("--name", default=None, help="Tên kỳ, mặc định “Chốt số liệu ngày dd/mm/yyyy”.")
@click.option("--as-of", "as_of", default=None, help="Ngày chốt (YYYY-MM-DD), mặc định hôm nay.")
@click.option("--area", default=None, help="Chỉ chốt một địa bàn (mã tỉnh, huyện cũ, xã).")
@with_appcontext
def snapshot_command(name: str | None, as_of: str | None, area: str | None):
    """Close the figures ("chốt số liệu"), e.g. monthly from cron."""
    from registry.reports.services import SYSTEM, take_snapshot

    day = _day(as_of, "as-of") or date.today()
    try:
        snapshot = take_snapshot(
            db.session,
            name=name or f"Chốt số liệu ngày {day.strftime('%d/%m/%Y')}",
            as_of=day,
            actor=SYSTEM,
            area=area,
        )
    except ValidationError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Snapshot {snapshot.id} “{snapshot.name}”: {snapshot.people} people.")


@click.command("report")
@click.option("--area", default=None, help="Mã tỉnh, huyện cũ, xã, hoặc org:<id>.")
@click.option(
    "--as-of", "as_of", default=None, help="Ngày của kỳ chốt số liệu; bỏ trống: hiện tại."
)
@click.option("--compare", default=None, help="Ngày của kỳ chốt số liệu để so sánh.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "docx", "json"]), default="xlsx")
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True))
@click.option("--as-user", "as_user", default=None, help="Report within this user's scope.")
@with_appcontext
def report_command(area, as_of, compare, fmt, out, as_user):
    """Write the statistics report (XLSX "Biểu 01..", DOCX, or JSON)."""
    from registry.reports.queries import default_area, snapshot_at
    from registry.reports.render import report_docx, report_xlsx
    from registry.reports.report import build_report

    user = command_user(db.session, as_user)
    area = area or default_area(user, current_app.config["HOME_PROVINCE"])
    try:
        current = (
            snapshot_at(db.session, user, _day(as_of, "as-of"), area, "as-of") if as_of else None
        )
        earlier = (
            snapshot_at(db.session, user, _day(compare, "compare"), area, "compare")
            if compare
            else None
        )
        report = build_report(
            db.session, user, area, current.id if current else None, earlier.id if earlier else None
        )
    except ValidationError as error:
        _fail(error)
    db.session.rollback()
    if fmt == "json":
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(report.as_dict(), handle, ensure_ascii=False, indent=1)
    elif fmt == "xlsx":
        report_xlsx(report, out)
    else:
        report_docx(report, out)
    note = " (no people in this area)" if report.empty else ""
    click.echo(
        f"Report for {report.area_name} at {report.as_of}: {len(report.tables)} tables{note} -> {out}"
    )
