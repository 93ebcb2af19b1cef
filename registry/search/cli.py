"""`registry search "..." --field y_te --min-level thac_si --format table|csv|json`."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import with_appcontext
from werkzeug.datastructures import MultiDict

from registry.auth.principal import command_user
from registry.extensions import db
from registry.search import export
from registry.search.criteria import SORTS, parse
from registry.search.filters import FILTERS
from registry.search.rows import export_rows
from registry.search.service import ordered_ids


def _with_filter_options(command):
    """One option per declared filter (registry/search/filters.py), e.g. `--language-level`."""
    for item in reversed(FILTERS):
        command = click.option(
            item.option, item.name, multiple=item.multiple, default=None, help=item.label
        )(command)
    return command


@click.command("search")
@click.argument("text", required=False, default="")
@_with_filter_options
@click.option("--sort", default=None, type=click.Choice(SORTS))
@click.option("--limit", default=50, show_default=True, type=int, help="0 for every match.")
@click.option("--as-user", "as_user", default=None, help="Search with this user's role and scope.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@with_appcontext
def search_command(text, limit, as_user, fmt, **filters):
    """Search people with the same builder as the web page."""
    user = command_user(db.session, as_user)
    args = MultiDict()
    for name, value in filters.items():
        for item in value if isinstance(value, tuple) else [value]:
            if item not in (None, ""):
                args.add(name, item)
    args["q"] = text
    criteria, notices = parse(db.session, args, user)
    for notice in notices:
        click.echo(notice, err=True)
    keys = [c.key for c in export.allowed_columns(user) if c.key in export.DEFAULT_COLUMNS]
    query = ordered_ids(db.session, criteria, user)
    rows = export_rows(db.session, query.limit(limit) if limit else query, keys)
    _write(fmt, keys, rows)


def _write(fmt: str, keys: list[str], rows) -> None:
    if fmt == "json":
        click.echo(
            json.dumps(
                [dict(zip(keys, row, strict=True)) for row in rows], ensure_ascii=False, indent=1
            )
        )
    elif fmt == "csv":
        for chunk in export.csv_chunks(keys, rows):
            sys.stdout.buffer.write(chunk.removeprefix("\ufeff".encode()))
        sys.stdout.flush()
    else:
        for row in rows:
            click.echo("  ".join("" if v is None else str(v) for v in row))
