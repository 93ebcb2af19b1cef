"""Killing the process mid-import leaves nothing written; the job shows as interrupted."""

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import func, select

from registry.imports.models import ImportJob
from registry.people.models import Person
from tests import factories
from tests.imports.files import HEADER, xlsx


def _big_list(n: int) -> bytes:
    rows = [HEADER]
    for i in range(n):
        rows.append(
            [
                i + 1,
                f"Nguyễn Văn Số {chr(65 + i % 26)}{chr(65 + i // 26 % 26)}{chr(65 + i // 676 % 26)}",
                f"{1 + i % 28}/{1 + i % 12}/{1960 + i % 40}",
                "Nam",
                "Kinh",
                None,
                "Đại học",
                "Nông học",
                "UBND xã Vĩnh Linh",
                None,
                "Vĩnh Linh",
                None,
            ]
        )
    return xlsx(rows)


def test_sigkill_mid_import_leaves_nothing_and_job_can_run_again(app, db, tmp_path):
    factories.make_user(db.session, "admin", password="x" * 12, username="quantri")
    db.session.commit()
    path = tmp_path / "lon.xlsx"
    path.write_bytes(_big_list(20000))
    env = {
        **os.environ,
        "REGISTRY_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REGISTRY_UPLOAD_PATH": app.config["UPLOAD_PATH"],
        "REGISTRY_SECRET_KEY": "test",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "registry.cli", "import", str(path), "--as-user", "quantri"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            db.session.rollback()
            if db.session.scalar(select(ImportJob.state)) == "running":
                break
            time.sleep(0.1)
        time.sleep(1.5)  # let it write a few batches inside its transaction
        assert process.poll() is None, "the import ended before it could be killed"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    db.session.rollback()
    assert db.session.scalar(select(func.count(Person.id))) == 0
    job = db.session.scalar(select(ImportJob))
    assert job.state == "running"
    app.config["IMPORT_STALE_SECONDS"] = 0
    try:
        from registry.imports.jobs import execute_job, shown_state

        assert shown_state(job) == "interrupted"
    finally:
        app.config.pop("IMPORT_STALE_SECONDS")
    from registry.auth.models import User

    report = execute_job(db.session, job.id, db.session.scalar(select(User)))
    assert report.created == 20000
    assert db.session.scalar(select(func.count(Person.id))) == 20000
