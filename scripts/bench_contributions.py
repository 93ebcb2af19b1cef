"""Benchmark of the contribution reads that sit on hot paths: the search filter's person-id
SELECT, the titles added to search documents, list pages, counts by dimension and the shortlist's
achievement part, for an admin and a province officer.

    .venv/bin/python scripts/bench_contributions.py                      # SQLite 100,000 people
    .venv/bin/python scripts/bench_contributions.py --postgres URL --people 100000

Builds its own database (demo people via `registry demo`, then about one research task per 5
people, one initiative per 10 and one award per 4, by bulk insert). Reports the worst and median
of 5 runs, the first run included (cold caches)."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
USERS = {
    "admin": SimpleNamespace(
        is_authenticated=True, role="admin", person_id=None, scope_org_id=None, scope_area_code=None
    ),
    "officer44": SimpleNamespace(
        is_authenticated=True,
        role="officer",
        person_id=None,
        scope_org_id=None,
        scope_area_code="44",
    ),
}


def build(url: str, people: int, instance: Path) -> None:
    env = {**os.environ, "REGISTRY_DATABASE_URL": url, "REGISTRY_INSTANCE_PATH": str(instance)}
    cli = [sys.executable, "-m", "registry.cli"]
    subprocess.run([*cli, "init"], env=env, check=True, capture_output=True)
    subprocess.run(
        [*cli, "demo", "--people", str(people), "--seed", "45", "--if-empty"],
        env=env,
        check=True,
        capture_output=True,
    )


def add_records(session, seed: int = 7) -> dict:
    from sqlalchemy import func, insert, select

    from registry.contributions import models as m
    from registry.people.models import Person
    from registry.text import fold

    if session.scalar(select(func.count()).select_from(m.ResearchTask)):
        return {}
    rng = random.Random(seed)
    ids = list(session.scalars(select(Person.id)))
    fields = ["y_te", "du_lich", "lam_nghiep", "nong_nghiep_cong_nghe_cao", None]
    words = [
        "giống lúa",
        "du lịch cộng đồng",
        "chuyển đổi số",
        "rừng ngập mặn",
        "y tế cơ sở",
        "cà phê",
        "hồ tiêu",
        "giáo dục",
        "nước sạch",
        "thủy sản",
    ]
    tasks, members, inits, authors, awards = [], [], [], [], []
    for n in range(len(ids) // 5):
        title = f"Nghiên cứu {rng.choice(words)} {n}"
        tasks.append(
            {
                "id": n + 1,
                "title": title,
                "title_folded": fold(title),
                "level": rng.choice(m.TASK_LEVELS),
                "status": rng.choice(m.TASK_STATUSES),
                "year": rng.randint(2010, 2025),
                "field_code": rng.choice(fields),
                "version": 1,
            }
        )
        for k, person in enumerate(rng.sample(ids, rng.randint(1, 4))):
            members.append(
                {"task_id": n + 1, "person_id": person, "role": "lead" if k == 0 else "member"}
            )
    for n in range(len(ids) // 10):
        title = f"Sáng kiến {rng.choice(words)} {n}"
        inits.append(
            {
                "id": n + 1,
                "title": title,
                "title_folded": fold(title),
                "effect_level": rng.choice(m.EFFECT_LEVELS),
                "year": rng.randint(2010, 2025),
                "field_code": rng.choice(fields),
                "version": 1,
            }
        )
        authors.append({"initiative_id": n + 1, "person_id": rng.choice(ids)})
    for n in range(len(ids) // 4):
        awards.append(
            {
                "person_id": rng.choice(ids),
                "kind": "certificate",
                "title": f"Bằng khen {n}",
                "title_folded": f"bang khen {n}",
                "level": rng.choice(m.AWARD_LEVELS),
                "year": rng.randint(2010, 2025),
            }
        )
    for model, rows in (
        (m.ResearchTask, tasks),
        (m.TaskMember, members),
        (m.Initiative, inits),
        (m.InitiativeAuthor, authors),
        (m.Award, awards),
    ):
        for start in range(0, len(rows), 5000):
            session.execute(insert(model), rows[start : start + 5000])
    session.commit()
    return {
        "tasks": len(tasks),
        "members": len(members),
        "initiatives": len(inits),
        "awards": len(awards),
    }


def timed(action, runs: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return max(times), statistics.median(times)


def measure(session) -> list[tuple[str, float, float]]:
    from sqlalchemy import func, select

    from registry.contributions import people_queries, queries
    from registry.contributions.counts import counts_by
    from registry.people.models import Person

    page_ids = list(session.scalars(select(Person.id).limit(50)))
    batch_ids = list(session.scalars(select(Person.id).limit(2000)))
    pool = list(session.scalars(select(Person.id).limit(5000)))
    cases = {
        "search filter: people with a provincial task 2019-2024 (count)": lambda: session.scalar(
            select(func.count(Person.id)).where(
                Person.id.in_(
                    people_queries.person_ids_with_contribution(
                        session, "research_task", level="provincial", year_from=2019, year_to=2024
                    )
                )
            )
        ),
        "search filter: + status accepted, active people in 44": lambda: session.scalar(
            select(func.count(Person.id)).where(
                Person.status == "active",
                Person.id.in_(
                    people_queries.person_ids_with_contribution(
                        session, "research_task", level="provincial", status="accepted"
                    )
                ),
            )
        ),
        "titles for a page of 50 people": lambda: people_queries.contribution_titles_for_people(
            session, page_ids
        ),
        "titles for an index batch of 2,000": lambda: people_queries.contribution_titles_for_people(
            session, batch_ids
        ),
        "shortlist achievement part, 5,000 candidates": lambda: people_queries.achievement_points(
            session, pool
        ),
    }
    results = []
    for name, action in cases.items():
        results.append((name, *timed(action)))
    for label, user in USERS.items():
        for kind in ("research_task", "initiative"):
            filters = queries.ListFilters(level="provincial")

            def page(kind=kind, user=user, filters=filters):
                query = queries.list_records(session, user, kind, filters)
                session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
                session.scalars(query.limit(50)).all()

            results.append(
                (f"{label}: {kind} list page 1 + total (level=provincial)", *timed(page))
            )
            for dimension in ("level", "year", "field", "area"):
                results.append(
                    (
                        f"{label}: {kind} counts by {dimension}",
                        *timed(
                            lambda kind=kind, user=user, d=dimension: counts_by(
                                session, user, kind, d
                            )
                        ),
                    )
                )
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL of your own database (emptied)")
    args = parser.parse_args()
    instance = Path(tempfile.gettempdir()) / "registry-bench-contrib"
    instance.mkdir(exist_ok=True)
    url = args.postgres or f"sqlite:///{instance / f'contrib-{args.people}.db'}"
    os.environ["REGISTRY_DATABASE_URL"] = url
    os.environ["REGISTRY_INSTANCE_PATH"] = str(instance)
    started = time.perf_counter()
    build(url, args.people, instance)
    from registry import create_app
    from registry.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SEARCH_PRELOAD": False})
    with app.app_context():
        added = add_records(db.session)
        if url.startswith("postgresql"):
            from sqlalchemy import text

            db.session.execute(text("ANALYZE"))  # as autovacuum would after a bulk load
            db.session.commit()
        print(
            f"{url.split(':')[0]}, {args.people:,} people, records {added or 'reused'}"
            f" ({time.perf_counter() - started:.0f} s to build)"
        )
        for name, worst, median in measure(db.session):
            print(f"  {name:<62} worst {worst:7.1f} ms  median {median:7.1f} ms")


if __name__ == "__main__":
    main()
