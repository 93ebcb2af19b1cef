"""The `registry` command: init, demo, users ... Each verb calls services and commits once."""

from __future__ import annotations

import sys
import time

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade

from registry.errors import ValidationError
from registry.extensions import db


def _create_app():
    from registry import create_app

    return create_app()


main = FlaskGroup(create_app=_create_app, help="Intellectual workforce registry.")


def _fail(error: ValidationError) -> None:
    for field, message in error.errors.items():
        click.echo(f"{field + ': ' if field else ''}{message}", err=True)
    sys.exit(2)


@click.command("init")
@with_appcontext
def init_command():
    """Migrate the database to the latest revision and load the reference data (idempotent)."""
    from registry.reference.loader import load_reference

    upgrade(directory=current_app.extensions["migrate"].directory)
    report = load_reference(db.session)
    db.session.commit()
    from registry.search.index import rebuild_if_stale

    if rebuild_if_stale(db.session):
        db.session.commit()
        click.echo("Search documents and field masks rebuilt.")
    changed = {name: r for name, r in report.items() if r["inserted"] or r["updated"]}
    if not changed:
        click.echo("Reference data already up to date.")
    for name, counts in changed.items():
        click.echo(f"{name}: {counts['inserted']} inserted, {counts['updated']} updated")


@click.command("demo")
@click.option("--people", default=2000, show_default=True, type=click.IntRange(0, 5_000_000))
@click.option("--seed", default=45, show_default=True, type=int)
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already holds people.")
@with_appcontext
def demo_command(people: int, seed: int, if_empty: bool):
    """Create a demo population for Quảng Trị (Vĩnh Linh communes first) and demo logins."""
    from sqlalchemy import func, select

    from registry.demo.extras import add_demo_extras
    from registry.demo.generator import generate
    from registry.demo.users import create_demo_users, save_logins
    from registry.people.models import Person

    if if_empty and db.session.scalar(select(func.count(Person.id))):
        click.echo("The database already holds people; demo data not added.")
        return
    started = time.perf_counter()
    counts = generate(db.session, people, seed)
    logins = create_demo_users(db.session)
    add_demo_extras(db.session, seed)
    from registry.demo.plans import add_demo_targets
    from registry.demo.positions import add_demo_positions

    add_demo_targets(db.session, people)
    add_demo_positions(db.session)
    db.session.commit()
    click.echo(
        f"Demo: {counts['people']} people, {counts['qualifications']} qualifications, "
        f"{counts['organizations']} organisations in {time.perf_counter() - started:.1f} s"
    )
    if logins:
        path = save_logins(current_app.instance_path, logins)
        click.echo(f"Demo logins (shown once; also kept in {path}):")
        for username, role, password in logins:
            click.echo(f"  {username:16} {role:11} {password}")


@click.command("reindex")
@with_appcontext
def reindex_command():
    """Rebuild every person's search document and priority-field masks (after bulk loads)."""
    from registry.search.index import rebuild_all

    started = time.perf_counter()
    rebuild_all(db.session)
    db.session.commit()
    click.echo(f"Rebuilt in {time.perf_counter() - started:.1f} s.")


@click.group("users")
def users_group():
    """Manage users."""


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@users_group.command("create")
@click.option(
    "--role", required=True, type=click.Choice(["admin", "officer", "recruiter", "individual"])
)
@click.option("--username", required=True)
@click.option(
    "--scope",
    default=None,
    help="Province, former district or commune code, group:<id> (commune group) or org:<id>.",
)
@click.option(
    "--person", "person_id", default=None, type=int, help="Profile of an individual user."
)
@with_appcontext
def users_create(role: str, username: str, scope: str | None, person_id: int | None):
    """Create a user; the password is read from a prompt or standard input, never from argv."""
    from registry.auth.principal import Principal  # noqa: PLC0415 (the CLI loads features lazily)
    from registry.auth.services import create_user

    password = _read_password()
    try:
        user = create_user(
            db.session,
            username=username,
            password=password,
            role=role,
            scope=scope,
            person_id=person_id,
            actor=Principal.system(),
        )
    except ValidationError as error:
        db.session.rollback()
        _fail(error)
    db.session.commit()
    click.echo(f"Created user {user.username} ({user.role}).")


@users_group.command("token")
@click.option("--username", required=True)
@click.option("--label", default=None, help="What the token is for.")
@with_appcontext
def users_token(username: str, label: str | None):
    """Issue an API token for a user (printed once; only its hash is stored)."""
    from sqlalchemy import select

    from registry.api.services import issue_token
    from registry.auth.models import User

    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        click.echo(f"username: no such user: {username}", err=True)
        sys.exit(2)
    token = issue_token(db.session, user.id, label)
    db.session.commit()
    click.echo(token)


def register_commands(app) -> None:
    from registry.analytics.cli import gaps_command
    from registry.contributions.cli import contributions_group
    from registry.imports.cli import import_command
    from registry.ops.cli import backup_command, cleanup_command, restore_command
    from registry.reports.cli import report_command, snapshot_command
    from registry.search.cli import search_command
    from registry.standards.cli import standards_group

    for command in (
        init_command,
        demo_command,
        reindex_command,
        users_group,
        search_command,
        gaps_command,
        import_command,
        snapshot_command,
        report_command,
        standards_group,
        cleanup_command,
        backup_command,
        restore_command,
        contributions_group,
    ):
        app.cli.add_command(command)


if __name__ == "__main__":
    main()
