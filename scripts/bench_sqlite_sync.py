"""The cost of SQLite synchronous=FULL (the default) against NORMAL: one profile save committed at a
time through the app's own service, as an officer saving profiles one after another does.

    .venv/bin/python scripts/bench_sqlite_sync.py [--saves 300]

Uses a fresh SQLite file under /tmp; prints median and p95 milliseconds per committed save.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _measure(app, people, saves: int) -> list[float]:
    from registry.extensions import db
    from registry.people.models import Person
    from registry.people.services import person_input, update_person

    timings = []
    for i in range(saves):
        person = db.session.get(Person, people[i % len(people)])
        started = time.perf_counter()
        update_person(
            db.session, person, person_input(person, position=f"Chức vụ {i}"), person.version
        )
        db.session.commit()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="registry-sync-"))
    os.environ["REGISTRY_INSTANCE_PATH"] = str(folder)
    from flask_migrate import upgrade

    import registry
    from registry import create_app
    from registry.extensions import db
    from registry.reference.loader import load_reference
    from tests.factories import make_person

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}"})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        load_reference(db.session)
        people = [make_person(db.session, full_name=f"Người Thử {i}").id for i in range(50)]
        db.session.commit()
        for mode in ("NORMAL", "FULL", "NORMAL", "FULL"):
            registry.SQLITE_SYNCHRONOUS["value"] = mode
            db.session.remove()
            db.engine.dispose()
            timings = sorted(_measure(app, people, args.saves))
            p95 = timings[int(len(timings) * 0.95) - 1]
            print(
                f"synchronous={mode:6} saves={len(timings)} "
                f"median={statistics.median(timings):.2f} ms p95={p95:.2f} ms"
            )


if __name__ == "__main__":
    main()
