"""`registry cleanup`, `registry backup`, `registry restore`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from registry.extensions import db


@click.command("cleanup")
@click.option(
    "--min-age",
    default=60,
    show_default=True,
    type=click.IntRange(0, 10**6),
    help="Only files older than this many minutes.",
)
@click.option("--dry-run", is_flag=True, help="List what would be removed, remove nothing.")
@with_appcontext
def cleanup_command(min_age: int, dry_run: bool):
    """Remove uploaded evidence files that no change request refers to."""
    from registry.ops.cleanup import remove_orphans

    found = remove_orphans(
        db.session,
        current_app.config["UPLOAD_PATH"],
        min_age_seconds=min_age * 60,
        dry_run=dry_run,
    )
    for path in found:
        click.echo(path)
    verb = "would be removed" if dry_run else "removed"
    click.echo(f"{len(found)} orphan file(s) {verb}.")


@click.command("backup")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The archive to write (tar.gz).",
)
@with_appcontext
def backup_command(out: Path):
    """Back up the database (SQLite online backup, or pg_dump) and the uploaded files."""
    from registry.ops.backup import backup

    manifest = backup(
        current_app.config["SQLALCHEMY_DATABASE_URI"], current_app.config["UPLOAD_PATH"], out
    )
    click.echo(f"Backup written to {out}: {manifest['dialect']}, {manifest['uploads']} file(s).")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask: replace the database and uploaded files.")
@with_appcontext
def restore_command(archive: Path, yes: bool):
    """Replace the database and uploaded files with a backup (stop the app servers first)."""
    from registry.errors import ValidationError
    from registry.ops.backup import restore

    if not yes:
        click.confirm(
            "This replaces the whole database and every uploaded file. Go on?", abort=True
        )
    db.session.remove()
    db.engine.dispose()
    try:
        manifest = restore(
            current_app.config["SQLALCHEMY_DATABASE_URI"],
            current_app.config["UPLOAD_PATH"],
            archive,
        )
    except ValidationError as error:
        for message in error.errors.values():
            click.echo(message, err=True)
        sys.exit(2)
    click.echo(f"Restored {archive} (made {manifest['created_at']}). Run `registry reindex`.")
