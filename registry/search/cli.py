"""`registry search "..." --field y_te --min-level thac_si --format table|csv|json`."""

from __future__ import annotations

import json
import sys
from types import SimpleNamespace

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from registry.extensions import db
from registry.search import export
from registry.search.criteria import parse
from registry.search.rows import export_rows
from registry.search.service import ordered_ids

CLI_ADMIN = SimpleNamespace(
    is_authenticated=True,
    role="admin",
    person_id=None,
    scope_org_id=None,
    scope_area_code=None,
    id=None,
    username="cli",
)


@click.command("search")
@click.argument("text", required=False, default="")
@click.option("--field", default=None)
@click.option("--study", default=None)
@click.option("--min-level", "min_level", default=None)
@click.option("--level", default=None)
@click.option("--sex", default=None)
@click.option("--age-min", "age_min", default=None)
@click.option("--age-max", "age_max", default=None)
@click.option("--group", multiple=True)
@click.option("--ethnicity", default=None)
@click.option("--area", default=None)
@click.option("--org", default=None)
@click.option("--sector", default=None)
@click.option("--status", default=None)
@click.option("--sort", default=None)
@click.option("--limit", default=50, show_default=True, type=int, help="0 for every match.")
@click.option("--as-user", "as_user", default=None, help="Search with this user's role and scope.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@with_appcontext
def search_command(text, limit, as_user, fmt, group, **filters):
    """Search people with the same builder as the web page."""
    user = _user(as_user)
    args = MultiDict({k: v for k, v in filters.items() if v not in (None, "")})
    args["q"] = text
    for value in group:
        args.add("group", value)
    criteria, notices = parse(db.session, args)
    for notice in notices:
        click.echo(notice, err=True)
    keys = [c.key for c in export.allowed_columns(user) if c.key in export.DEFAULT_COLUMNS]
    query = ordered_ids(db.session, criteria, user)
    rows = export_rows(db.session, query.limit(limit) if limit else query, keys)
    _write(fmt, keys, rows)


def _user(username):
    if not username:
        return CLI_ADMIN
    from registry.auth.models import User

    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        click.echo(f"no such user: {username}", err=True)
        sys.exit(2)
    return user


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
