"""Import jobs: store the upload, run the import in one transaction, report progress apart.

Progress goes to this process's memory and, on PostgreSQL, to the job row through a connection of
its own (SQLite lets one writer at a time, so there the row is written before and after only). A
job still "running" whose heartbeat is older than STALE and that no thread here runs was cut off:
it shows as interrupted and can be run again; its transaction never committed, so nothing of it
was written.
"""

from __future__ import annotations

import hashlib
import threading
import time
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm import Session

from registry.errors import ValidationError
from registry.imports.engine import Options, Report, run_import
from registry.imports.models import ImportJob, utcnow
from registry.imports.reading import open_book

STALE = timedelta(seconds=60)
RUNNING: dict[int, dict] = {}  # job id -> {"processed": n}, for jobs running in this process


def upload_dir() -> Path:
    base = current_app.config.get("UPLOAD_PATH") or str(Path(current_app.instance_path) / "uploads")
    path = Path(base) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def stored_file(job: ImportJob) -> Path:
    return upload_dir() / f"{job.file_hash}.bin"


def errors_path(job: ImportJob) -> Path:
    return upload_dir() / f"job-{job.id}-errors.xlsx"


def create_job(session: Session, user, filename: str, content: bytes, options: dict) -> ImportJob:
    """Check that the file opens, keep it, and record a pending job (flushes)."""
    book = open_book(content, filename)
    digest = hashlib.sha256(content).hexdigest()
    path = upload_dir() / f"{digest}.bin"
    if not path.exists():
        path.write_bytes(content)
    job = ImportJob(
        user_id=getattr(user, "id", None),
        filename=filename[:255],
        file_hash=digest,
        sheet=options.get("sheet") or None,
        options=options,
        state="pending",
        total=None,
    )
    session.add(job)
    session.flush()
    del book
    return job


def shown_state(job: ImportJob) -> str:
    if job.state != "running" or job.id in RUNNING:
        return job.state
    beat = job.heartbeat_at or job.started_at
    if beat is not None and beat.tzinfo is None:
        beat = beat.replace(tzinfo=utcnow().tzinfo)
    stale = timedelta(seconds=current_app.config.get("IMPORT_STALE_SECONDS", STALE.seconds))
    return "interrupted" if beat is None or utcnow() - beat > stale else "running"


def job_options(job: ImportJob) -> Options:
    raw = job.options or {}
    mapping = raw.get("mapping")
    return Options(
        sheet=job.sheet,
        header_row=raw.get("header_row"),
        header_rows=int(raw.get("header_rows") or 1),
        mapping={int(k): v for k, v in mapping.items() if v} if mapping else None,
        skip_invalid=bool(raw.get("skip_invalid")),
    )


def _write_job(engine, job_id: int, **values) -> None:
    with engine.begin() as connection:
        connection.execute(update(ImportJob).where(ImportJob.id == job_id).values(**values))


def _progress(engine, job_id: int):
    separate = engine.dialect.name != "sqlite"
    last = [0.0]

    def report(processed: int) -> None:
        RUNNING.setdefault(job_id, {})["processed"] = processed
        if separate and time.monotonic() - last[0] > 1:
            last[0] = time.monotonic()
            _write_job(engine, job_id, processed=processed, heartbeat_at=utcnow())

    return report


def execute_job(session: Session, job_id: int, actor, progress=None) -> Report:
    """Run a pending (or interrupted) job: all its rows in one transaction, committed here."""
    engine = session.get_bind()
    job = session.get(ImportJob, job_id)
    content = stored_file(job).read_bytes()
    options, filename = job_options(job), job.filename
    session.rollback()
    now = utcnow()
    RUNNING[job_id] = {"processed": 0}
    _write_job(
        engine, job_id, state="running", started_at=now, heartbeat_at=now, processed=0, message=None
    )
    own = _progress(engine, job_id)

    def tick(n):
        own(n)
        if progress:
            progress(n)

    try:
        report = run_import(
            session,
            open_book(content, filename),
            options,
            actor,
            commit=True,
            progress=tick,
            audit={"import_job": job_id, "file": filename},
        )
        from registry.audit.services import record

        record(
            session,
            actor=actor,
            action="import.commit",
            target_type="import_job",
            target_id=job_id,
            details={"file": filename, **report.counts()},
        )
        session.commit()
    except ValidationError as error:
        session.rollback()
        _write_job(
            engine,
            job_id,
            state="failed",
            finished_at=utcnow(),
            message="; ".join(error.errors.values())[:1000],
        )
        raise
    except Exception as error:
        session.rollback()
        _write_job(
            engine,
            job_id,
            state="failed",
            finished_at=utcnow(),
            message=str(_l("Lỗi khi nhập: %(e)s", e=str(error)[:300])),
        )
        raise
    finally:
        RUNNING.pop(job_id, None)
    _write_job(
        engine,
        job_id,
        state="done",
        finished_at=utcnow(),
        processed=report.total,
        total=report.total,
        counts=report.counts(),
        sheet=report.sheet,
    )
    return report


def start_in_background(app, job_id: int, user_id: int) -> threading.Thread:
    """Run the job in a thread with its own app context and session; the page polls progress."""

    def work():
        from registry.auth.models import User
        from registry.extensions import db

        with app.app_context():
            try:
                execute_job(db.session, job_id, db.session.get(User, user_id))
            except Exception:  # recorded on the job row; the page shows it
                pass
            finally:
                db.session.remove()

    RUNNING[job_id] = {"processed": 0}
    thread = threading.Thread(target=work, name=f"import-{job_id}", daemon=True)
    thread.start()
    return thread
