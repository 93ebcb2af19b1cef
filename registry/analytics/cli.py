"""`registry gaps --area 464 --year 2030 --format table|json|csv`: the dashboard's numbers."""

from __future__ import annotations

import csv
import json
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from registry.analytics.dashboard import dashboard
from registry.auth.principal import command_user
from registry.extensions import db
from registry.people.area_choices import check_area

COLUMNS = (
    "id",
    "field",
    "area",
    "min_level",
    "year",
    "required",
    "supply",
    "gap",
    "coverage",
    "leaving_by_year",
    "supply_at_year",
    "gap_at_year",
)


@click.command("gaps")
@click.option("--area", default=None, help="Province, former district (e.g. 464) or commune code.")
@click.option("--year", default=None, type=int)
@click.option("--as-user", "as_user", default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@with_appcontext
def gaps_command(area, year, as_user, fmt):
    """Supply, gaps and projection for the targets of an area."""
    user = command_user(db.session, as_user)
    area, notice = check_area(db.session, area)
    if notice:
        click.echo(notice, err=True)
        sys.exit(2)
    area = area or getattr(user, "scope_area_code", None) or current_app.config["HOME_PROVINCE"]
    data = dashboard(db.session, user, area, year)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(COLUMNS)
        for row in data["targets"]:
            writer.writerow([row[c] for c in COLUMNS])
        return
    click.echo("  ".join(f"{c:>10}" for c in COLUMNS))
    for row in data["targets"]:
        cells = "  ".join(f"{'—' if row[c] is None else row[c]!s:>10}" for c in COLUMNS)
        click.echo(cells + (f"  ({row['scope_label']})" if row["scope_label"] else ""))
    totals = data["totals"]
    click.echo(
        f"total required {totals['required']}, supply {totals['supply']}, gap {totals['gap']}, "
        f"gap at target year {totals['gap_at_year']}"
    )
    click.echo(data["totals_cover"]["note"])
