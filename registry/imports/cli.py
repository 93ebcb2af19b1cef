"""`registry import FILE`: the same preview and commit as the web page, with a progress bar."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from registry.errors import ValidationError
from registry.extensions import db


def _print_report(report) -> None:
    counts = report.counts()
    click.echo(
        f"Trang “{report.sheet}”: {counts['total']} dòng — tạo mới {counts['created']}, "
        f"cập nhật {counts['updated']}, không đổi {counts['unchanged']}, "
        f"bỏ qua {counts['skipped']}, lỗi {counts['invalid']}"
    )
    for number, column, message in report.problems[:200]:
        click.echo(f"  Dòng {number}, {column}: {message}")
    for number, name, label, old, new in report.changes[:200]:
        click.echo(f"  Dòng {number}, {name}: {label} {old or '∅'} → {new}")
    for number, note in report.notes[:50]:
        click.echo(f"  Dòng {number}: {note}")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sheet", default=None, help="Sheet name (default: the first with a known header).")
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(exists=True, dir_okay=False),
    help="JSON: {column number from 0: key}.",
)
@click.option("--dry-run", is_flag=True, help="Print the preview; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows and skip the rest.")
@click.option("--as-user", "username", required=True, help="The officer the import is done as.")
@with_appcontext
def import_command(file: Path, sheet, mapping_file, dry_run, skip_invalid, username):
    """Import people from an XLSX, XLS or CSV file (one transaction)."""
    from registry.auth.models import User
    from registry.imports.engine import Options, run_import
    from registry.imports.jobs import create_job, execute_job
    from registry.imports.reading import open_book

    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or user.role not in ("admin", "officer"):
        click.echo(f"--as-user: không có cán bộ hoặc quản trị tên {username}", err=True)
        sys.exit(2)
    mapping = json.loads(Path(mapping_file).read_text("utf-8")) if mapping_file else None
    options = {"sheet": sheet, "mapping": mapping, "skip_invalid": skip_invalid}
    content = file.read_bytes()
    try:
        preview = run_import(
            db.session,
            open_book(content, file.name),
            Options(sheet=sheet, mapping={int(k): v for k, v in (mapping or {}).items()} or None),
            user,
        )
        db.session.rollback()
        _print_report(preview)
        if dry_run:
            return
        if preview.invalid and not skip_invalid:
            click.echo("Có dòng lỗi: không nhập gì. Sửa tệp, hoặc dùng --skip-invalid.", err=True)
            sys.exit(1)
        job = create_job(db.session, user, file.name, content, options)
        db.session.commit()
        with click.progressbar(length=preview.total, label="Đang nhập") as bar:
            done = [0]

            def advance(n):
                bar.update(n - done[0])
                done[0] = n

            report = execute_job(db.session, job.id, user, progress=advance)
    except ValidationError as error:
        db.session.rollback()
        for message in error.errors.values():
            click.echo(message, err=True)
        sys.exit(2)
    click.echo(
        f"Đã nhập: tạo mới {report.created}, cập nhật {report.updated}, không đổi {report.unchanged}."
    )
