"""`registry backup` and `registry restore`: the database and the uploaded files in one archive.

SQLite is copied with its online backup API (a consistent copy while the app keeps serving);
PostgreSQL with `pg_dump --format=custom` and restored with `pg_restore`. The archive is a tar
file (0600) holding `manifest.json`, the database (`database.sqlite` or `database.dump`) and
`uploads/` (the evidence files of change requests).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from registry.errors import ValidationError

FORMAT = 1


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_path(url: str) -> Path:
    return Path(make_url(url).database)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database into another through the online backup API."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _dump_database(url: str, folder: Path) -> str:
    if make_url(url).get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_path(url), folder / "database.sqlite")
        return "database.sqlite"
    subprocess.run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--file",
            str(folder / "database.dump"),
            "--dbname",
            _libpq_url(url),
        ],
        check=True,
        capture_output=True,
    )
    return "database.dump"


def backup(url: str, upload_dir: str, out: Path) -> dict:
    """Write the archive to `out`; returns its manifest."""
    with tempfile.TemporaryDirectory(prefix="registry-backup-") as work:
        folder = Path(work)
        database = _dump_database(url, folder)
        uploads = (
            sorted(
                str(p.relative_to(upload_dir)) for p in Path(upload_dir).rglob("*") if p.is_file()
            )
            if Path(upload_dir).is_dir()
            else []
        )
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": database,
            "dialect": make_url(url).get_backend_name(),
            "uploads": len(uploads),
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
        out.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as tar:
            tar.add(folder / "manifest.json", arcname="manifest.json")
            tar.add(folder / database, arcname=database)
            for name in uploads:
                tar.add(Path(upload_dir) / name, arcname=f"uploads/{name}")
    return manifest


def _read_archive(archive: Path, folder: Path) -> dict:
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            tar.extractall(folder, filter="data")
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, tarfile.TarError, ValueError, KeyError) as error:
        raise ValidationError({"archive": f"Not a registry backup: {error}"}) from error
    if manifest.get("format") != FORMAT:
        raise ValidationError({"archive": "Unknown backup format."})
    return manifest


def _restore_database(url: str, folder: Path, manifest: dict) -> None:
    dialect = make_url(url).get_backend_name()
    if manifest["dialect"] != dialect:
        raise ValidationError(
            {"archive": f"The backup is of {manifest['dialect']}, the database is {dialect}."}
        )
    if dialect == "sqlite":
        _sqlite_copy(folder / manifest["database"], _sqlite_path(url))
        return
    target = _libpq_url(url)
    subprocess.run(
        [
            "psql",
            "--quiet",
            "--dbname",
            target,
            "-c",
            "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            target,
            str(folder / manifest["database"]),
        ],
        check=True,
        capture_output=True,
    )


def _restore_uploads(upload_dir: str, folder: Path) -> None:
    source = folder / "uploads"
    target = Path(upload_dir)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(mode=0o700, parents=True)
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
    for path in target.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)


def restore(url: str, upload_dir: str, archive: Path) -> dict:
    """Replace the database and the uploaded files with the archive's. The app's connections must
    be closed first (the CLI disposes its engine; stop the app servers)."""
    with tempfile.TemporaryDirectory(prefix="registry-restore-") as work:
        folder = Path(work)
        manifest = _read_archive(archive, folder)
        _restore_database(url, folder, manifest)
        _restore_uploads(upload_dir, folder)
    return manifest
