"""Benchmark of the periodic report: taking a snapshot, and the whole report (all 14 tables, with a
comparison snapshot) for the province and for the former Vĩnh Linh district, at a snapshot and "now"
(a temporary snapshot of the area, rolled back), plus writing the XLSX and DOCX files.

    .venv/bin/python scripts/bench_reports.py --url sqlite:////tmp/rb/bench.db
    .venv/bin/python scripts/bench_reports.py --url postgresql+psycopg://postgres@127.0.0.1:5432/bench_reports

The database must already hold a demo population (`registry demo --people N --seed S`); generate
it once and reuse it. Snapshots made by the benchmark are deleted again at the end."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(label: str, action, repeat: int = 1):
    """Run `action` `repeat` times; print and return the worst time and the last result."""
    worst, cpu, result = 0.0, 0.0, None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = action()
        worst = max(worst, time.perf_counter() - started)
        cpu = max(cpu, time.process_time() - started_cpu)
    # CPU is this process only (on SQLite that includes the database engine; not on PostgreSQL).
    print(f"  {label:58} {worst:7.2f} s wall {cpu:7.2f} s cpu (worst of {repeat})", flush=True)
    return worst, result


def run(url: str, repeat: int) -> None:
    os.environ.setdefault("REGISTRY_INSTANCE_PATH", tempfile.mkdtemp())
    from sqlalchemy import func, select

    from registry import create_app
    from registry.extensions import db
    from registry.people.models import Person
    from registry.reports.models import Snapshot
    from registry.reports.render import report_docx, report_xlsx
    from registry.reports.report import build_report
    from registry.reports.services import SYSTEM, delete_snapshot, take_snapshot

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SEARCH_PRELOAD": False})
    with app.app_context():
        session = db.session
        people = session.scalar(select(func.count(Person.id)))
        print(f"{db.engine.dialect.name}: {people:,} people")

        def snapshot(name, day):
            made = take_snapshot(session, name=name, as_of=day, actor=SYSTEM)
            session.commit()
            return made

        _, early = timed(
            "snapshot of everyone (INSERT ... SELECT)",
            lambda: snapshot("bench 1", date(2025, 12, 31)),
        )
        _, late = timed("second snapshot", lambda: snapshot("bench 2", date.today()))
        for area in ("44", "464"):
            timed(
                f"report at a snapshot with comparison, area {area}",
                lambda a=area: build_report(session, SYSTEM, a, late.id, early.id),
                repeat,
            )
            session.rollback()
        _, report = timed(
            "report now (temporary snapshot) with comparison, area 464",
            lambda: build_report(session, SYSTEM, "464", None, early.id),
            repeat,
        )
        session.rollback()
        timed(
            "report now (temporary snapshot) with comparison, area 44",
            lambda: build_report(session, SYSTEM, "44", None, early.id),
            1,
        )
        session.rollback()
        timed("XLSX of the report (14 sheets)", lambda: os.unlink(report_xlsx(report)), repeat)
        timed("DOCX of the report", lambda: os.unlink(report_docx(report)), repeat)
        for made in (early, late):
            delete_snapshot(session, session.get(Snapshot, made.id), SYSTEM)
        session.commit()
    # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--url", required=True, help="SQLAlchemy URL of a database with demo people"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    run(args.url, args.repeat)


if __name__ == "__main__":
    main()
