"""`registry contributions counts|list`: the contribution figures and lists on the command line,
with the same scope as the pages (`--as-user`)."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import with_appcontext
from werkzeug.datastructures import MultiDict

from registry.auth.principal import command_user
from registry.contributions import queries
from registry.contributions.counts import COUNTED, DIMENSIONS, counts_by
from registry.contributions.export import initiatives_workbook, tasks_workbook
from registry.extensions import db


def _filters(kind: str, pairs: tuple[str, ...]):
    args = MultiDict(pair.split("=", 1) for pair in pairs if "=" in pair)
    filters = queries.read_filters(args, kind)
    if filters.errors:
        click.echo("; ".join(filters.errors.values()), err=True)
        sys.exit(2)
    return filters


@click.group("contributions")
def contributions_group():
    """Research tasks, initiatives and awards: counts and lists."""


@contributions_group.command("counts")
@click.option("--kind", type=click.Choice(COUNTED), default="research_task")
@click.option("--by", "dimension", type=click.Choice(DIMENSIONS), default="level")
@click.option("--as-user", "as_user", default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.argument("filters", nargs=-1)
@with_appcontext
def counts_command(kind, dimension, as_user, fmt, filters):
    """Counts by level, year, field or area; FILTERS as name=value (level=provincial year_from=2021)."""
    rows = counts_by(
        db.session, command_user(db.session, as_user), kind, dimension, _filters(kind, filters)
    )
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return
    for row in rows:
        click.echo(f"{row['label']:<40} {row['count']:>8}")
    click.echo(f"{'Tổng':<40} {sum(r['count'] for r in rows):>8}")


@contributions_group.command("export")
@click.option("--kind", type=click.Choice(("research_task", "initiative")), default="research_task")
@click.option("--as-user", "as_user", default=None)
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True))
@click.argument("filters", nargs=-1)
@with_appcontext
def export_command(kind, as_user, out, filters):
    """The list of tasks or initiatives as XLSX, with the same filters as the page."""
    from registry.audit.services import record

    user = command_user(db.session, as_user)
    selected = _filters(kind, filters)
    items = db.session.scalars(queries.list_records(db.session, user, kind, selected)).all()
    writer = tasks_workbook if kind == "research_task" else initiatives_workbook
    with open(out, "wb") as handle:
        handle.write(writer(items))
    record(
        db.session,
        actor=getattr(user, "id", None) and user,
        action=f"{kind}.export",
        target_type=kind,
        details={"filters": selected.args(), "rows": len(items), "cli": True},
    )
    db.session.commit()
    click.echo(f"{len(items)} → {out}")
