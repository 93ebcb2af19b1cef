"""Benchmark of people search: the app's search (count, one page of people, all facet counts) against
the same search as plain SQL (the builder's count, page and one GROUP BY per facet) run through the
bare database driver, on SQLite (100,000 people) and PostgreSQL (1,000,000).

    .venv/bin/python scripts/bench_search.py                  # both databases, build if missing
    .venv/bin/python scripts/bench_search.py --skip-postgres  # SQLite only
    .venv/bin/python scripts/bench_search.py --sqlite-people 20000 --postgres-people 100000

Databases are built once with `registry demo` (seed 45) and reused: SQLite in
/tmp/registry-bench/, PostgreSQL in the database `registry_bench` on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from registry.auth.principal import Principal

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_DB = "registry_bench"
QUERIES = [
    # text only
    {"q": "nguyen thi dao"},
    {"q": "dao"},
    {"q": "y khoa"},
    {"q": "trung hoc co so"},
    {"q": "ho van"},
    # facets only (filters, no text)
    {},
    {"field": "y_te"},
    {"min_level": "thac_si"},
    {"group": "young_intellectual"},
    {"area": "19363"},
    # text + 3 filters
    {"q": "nguyen", "sex": "female", "area": "19363", "group": "young_intellectual"},
    {"q": "giao vien", "min_level": "dai_hoc", "area": "19366", "ethnicity": "23"},
    {"q": "bac si", "field": "y_te", "sex": "female", "age_max": "35"},
    {
        "q": "ky su",
        "field": "nong_nghiep_cong_nghe_cao",
        "min_level": "thac_si",
        "sector": "public_service",
    },
    {"q": "le", "theory": "trung_cap", "management": "chuyen_vien", "status": "active"},
    # deep pages
    {"page": "200"},
    {"page": "1000", "sort": "name"},
    {"q": "nguyen", "page": "100"},
    {"field": "giao_duc_dao_tao", "page": "50", "sort": "age"},
    {"area": "44", "page": "400", "sort": "level"},
]
ADMIN = Principal.system()


def build(url: str, people: int, instance: Path) -> None:
    env = {**os.environ, "REGISTRY_DATABASE_URL": url, "REGISTRY_INSTANCE_PATH": str(instance)}
    cli = [sys.executable, "-m", "registry.cli"]
    subprocess.run([*cli, "init"], env=env, check=True, capture_output=True)
    started = time.perf_counter()
    done = subprocess.run(
        [*cli, "demo", "--people", str(people), "--seed", "45", "--if-empty"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    print(f"  {done.stdout.splitlines()[0]} ({time.perf_counter() - started:.0f} s)")


def ensure_postgres_database(name: str) -> None:
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).scalar():
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def bare_statements(session, args, user) -> list[str]:
    """The same search as plain SQL from the builder: count, the page of people, and one GROUP BY
    per facet (priority-field masks, the two age groups and disadvantaged communes counted apart),
    compiled to literal SQL for the bare driver cursor."""
    from sqlalchemy import func, select
    from werkzeug.datastructures import MultiDict

    from registry.people.models import Person
    from registry.people.policy import group_clause
    from registry.search import queries
    from registry.search.criteria import parse

    criteria, _ = parse(session, MultiDict(args))
    clauses = queries.filter_clauses(session, criteria, user)
    statements = [
        select(func.count(Person.id)).where(*clauses),
        queries.search(session, criteria, user, clauses=clauses)
        .limit(50)
        .offset((criteria.page - 1) * 50),
    ]
    for column in (
        Person.sex,
        Person.sector,
        Person.status,
        Person.highest_level_code,
        Person.ethnicity_code,
        Person.commune_code,
        Person.is_overseas,
    ):
        statements.append(select(column, func.count()).where(*clauses).group_by(column))
    statements.append(
        select(Person.fields_by_study, Person.fields_by_declared, func.count())
        .where(*clauses)
        .group_by(Person.fields_by_study, Person.fields_by_declared)
    )
    for group in ("youth", "young_intellectual", "disadvantaged"):
        statements.append(select(func.count()).where(*clauses, group_clause(session, group)))
    dialect = session.get_bind().dialect
    return [
        str(s.compile(dialect=dialect, compile_kwargs={"literal_binds": True})) for s in statements
    ]


def measure(url: str, repeat: int, writes_only: bool = False) -> list[dict]:
    os.environ["REGISTRY_DATABASE_URL"] = url
    from registry import create_app
    from registry.extensions import db
    from registry.search import columns
    from registry.search.service import run_search

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    results = []
    with app.app_context():
        engine = db.engine
        started = time.perf_counter()
        run_search(db.session, {}, ADMIN)  # the first search loads the in-memory columns
        loaded = columns.snapshot(db.session)
        print(
            f"  first search, loading the columns: {time.perf_counter() - started:.1f} s; "
            f"columns hold {loaded.nbytes / 2**20:.0f} MiB for {loaded.size:,} people"
        )
        print(f"  memory: {loaded.nbytes / loaded.size:.0f} bytes a person")
        db.session.rollback()
        after_writes(db)
        if writes_only:
            return []
        for args in QUERIES:
            statements = bare_statements(db.session, args, ADMIN)
            run_search(db.session, args, ADMIN)  # warm-up
            replay(engine, statements)
            db.session.rollback()
            app_times, sql_times = [], []
            for _ in range(repeat):
                started = time.perf_counter()
                result = run_search(db.session, args, ADMIN)
                app_times.append(time.perf_counter() - started)
                db.session.rollback()
                sql_times.append(replay(engine, statements))
            results.append(
                {"args": args, "total": result.page.total, "app": app_times, "sql": sql_times}
            )
        db.session.remove()
    return results


class Timed(float):
    """Wall-clock seconds, with the CPU seconds of this process beside them (on a machine shared
    with other work the wall clock also counts the time spent waiting for a core)."""

    cpu: float = 0.0

    def __format__(self, spec: str) -> str:
        return f"{self * 1000:.0f} ms (CPU {self.cpu * 1000:.0f} ms)"


def _timed_search(db) -> Timed:
    from registry.search.service import run_search

    started, cpu = time.perf_counter(), time.process_time()
    run_search(db.session, {}, ADMIN)
    elapsed = Timed(time.perf_counter() - started)
    elapsed.cpu = time.process_time() - cpu
    db.session.rollback()
    return elapsed


def after_writes(db) -> None:
    """The first search after each kind of write (each one committed, as another worker would),
    and, while one thread reloads everything after an epoch change, another thread's search."""
    import threading

    from sqlalchemy import func, select, update

    from registry.people.models import Organization, Person
    from registry.people.services import PersonInput, create_person, update_person
    from registry.reference.models import PriorityFieldPrefix
    from registry.search.index import people_written

    session = db.session
    last = session.scalar(select(func.max(Person.id)))
    person = session.get(Person, last)

    def rename():
        update_person(
            session,
            person,
            PersonInput(
                full_name=person.full_name + " An",
                sex=person.sex,
                birth_date=person.birth_date,
                ethnicity_code=person.ethnicity_code,
                commune_code=person.commune_code,
            ),
            person.version,
        )

    def bulk():
        ids = list(session.scalars(select(Person.id).order_by(Person.id).limit(1000)))
        session.execute(update(Person).where(Person.id.in_(ids)).values(position="Chuyên viên"))
        people_written(session, ids)

    writes = [
        ("edit of one field", lambda: setattr(person, "position", "Kỹ sư")),
        ("rename", rename),
        (
            "new person",
            lambda: create_person(
                session, PersonInput(full_name="Đỗ Văn Mới", sex="male", commune_code="19363")
            ),
        ),
        ("organisation renamed", lambda: setattr(session.get(Organization, 1), "name", "Sở Y tế.")),
        ("bulk write of 1,000 people (people_written)", bulk),
        ("delete of a person (new epoch)", lambda: session.delete(session.get(Person, last))),
    ]
    for label, write in writes:
        write()
        session.commit()
        print(f"  first search after {label}: {_timed_search(db)}")
    session.add(PriorityFieldPrefix(field_code="giao_duc_dao_tao", prefix="6299"))
    session.commit()
    waits: list[Timed] = []
    from flask import current_app

    app = current_app._get_current_object()

    def other_thread():
        with app.app_context():
            time.sleep(0.05)  # while the first thread is reloading
            waits.append(_timed_search(db))
            db.session.remove()

    thread = threading.Thread(target=other_thread)
    thread.start()
    reload = _timed_search(db)
    thread.join()
    print(
        f"  first search after a new field prefix (new epoch, full reload): {reload};"
        f" another thread's search meanwhile: {waits[0]}"
    )
    for row in session.scalars(
        select(PriorityFieldPrefix).where(PriorityFieldPrefix.prefix == "6299")
    ):
        session.delete(row)
    session.commit()
    _timed_search(db)


def replay(engine, statements) -> float:
    """The statements through the bare DBAPI cursor; returns the elapsed seconds."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        started = time.perf_counter()
        for statement in statements:
            cursor.execute(statement)
            if cursor.description:
                cursor.fetchall()
        elapsed = time.perf_counter() - started
        raw.rollback()
        return elapsed
    finally:
        raw.close()


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(title: str, results: list[dict]) -> None:
    if not results:
        return
    print(f"\n{title}")
    print(f"{'query':62} {'matches':>8} {'app p50':>8} {'sql p50':>8} {'ratio':>6}")
    app_all, sql_all = [], []
    for row in results:
        label = " ".join(f"{k}={v}" for k, v in row["args"].items()) or "(everyone)"
        app50, sql50 = statistics.median(row["app"]) * 1000, statistics.median(row["sql"]) * 1000
        app_all.append(app50)
        sql_all.append(sql50)
        print(f"{label:62} {row['total']:>8} {app50:8.1f} {sql50:8.1f} {app50 / sql50:6.2f}")
    print(
        f"{'over the 20 queries (ms)':62} {'':>8} p50 app {statistics.median(app_all):.1f}, p95 app "
        f"{percentile(app_all, 0.95):.1f}; p50 SQL {statistics.median(sql_all):.1f}, p95 SQL {percentile(sql_all, 0.95):.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sqlite-people", type=int, default=100_000)
    parser.add_argument("--postgres-people", type=int, default=1_000_000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres-db", default=PG_DB, help="database name on 127.0.0.1")
    parser.add_argument(
        "--writes-only", action="store_true", help="only the first searches after each write"
    )
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    instance = Path(os.environ.get("BENCH_DIR", "/tmp/registry-bench"))
    instance.mkdir(exist_ok=True)
    sqlite_url = f"sqlite:///{instance / f'search-{options.sqlite_people}.db'}"
    if not options.skip_sqlite:
        print(f"SQLite, {options.sqlite_people} people")
        build(sqlite_url, options.sqlite_people, instance)
        report(
            f"SQLite {options.sqlite_people:,} people",
            measure(sqlite_url, options.repeat, options.writes_only),
        )
    if not options.skip_postgres:
        ensure_postgres_database(options.postgres_db)
        pg_url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{options.postgres_db}"
        print(f"\nPostgreSQL, {options.postgres_people} people")
        build(pg_url, options.postgres_people, instance)
        # A bulk load leaves the visibility map unset: VACUUM lets PostgreSQL use index-only scans.
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                options.postgres_db,
                "-qc",
                "VACUUM ANALYZE",
            ],
            check=True,
        )
        report(
            f"PostgreSQL {options.postgres_people:,} people",
            measure(pg_url, options.repeat, options.writes_only),
        )


if __name__ == "__main__":
    main()
