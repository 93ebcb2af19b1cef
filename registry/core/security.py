"""Response headers every page gets, and who may read the files the app writes.

The policy allows scripts and styles from this site only (no inline script: page behaviour lives
in static/js), no framing, no MIME sniffing, and no referrer to other sites. Anything shown to a
signed-in user, every export and every API answer is `no-store`: personal data must not linger
in browser or proxy caches. Static files keep their normal caching.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import request
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        # style attributes in server-rendered SVG charts and a few templates
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
STATIC_PREFIXES = ("/static/", "/bootstrap/static/")


def _private(response) -> bool:
    if request.path.startswith(STATIC_PREFIXES):
        return False
    if request.path.startswith("/api/") or response.headers.get("Content-Disposition"):
        return True
    return bool(getattr(current_user, "is_authenticated", False))


def add_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if _private(response):
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def restrict_files(app) -> None:
    """instance/ readable by the app's user only (0700); the SQLite file, its WAL and shared
    memory, the secret key and uploaded files 0600. New files inherit this through the umask
    of the worker, set here so that SQLite's own -wal/-shm files are created private too."""
    os.umask(0o077)
    instance = Path(app.config["INSTANCE_PATH"])
    folders = [instance, Path(app.config["UPLOAD_PATH"])]
    database = sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])
    if database is not None:
        for suffix in ("", "-wal", "-shm"):
            path = Path(f"{database}{suffix}")
            if path.is_file() and _owned(path):
                path.chmod(0o600)
    for folder in folders:
        if folder.is_dir() and _owned(folder):
            folder.chmod(0o700)
    for folder in folders:
        if not folder.is_dir() or not _owned(folder):
            continue
        for path in folder.rglob("*"):
            if _owned(path):
                path.chmod(0o700 if path.is_dir() else 0o600)


def sqlite_file(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _owned(path: Path) -> bool:
    try:
        return path.stat().st_uid == os.getuid()
    except OSError:
        return False


def register(app) -> None:
    app.after_request(add_headers)
    restrict_files(app)
