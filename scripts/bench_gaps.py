"""Benchmark of the gap dashboard: all its numbers (targets, supply, gaps, projection, rankings,
trend) for the demo plan, against the same target numbers computed with pandas from a plain CSV
export of people (how a spreadsheet user answers the question today).

    .venv/bin/python scripts/bench_gaps.py                  # SQLite 100,000 and PostgreSQL 1,000,000
    .venv/bin/python scripts/bench_gaps.py --skip-postgres
    .venv/bin/python scripts/bench_gaps.py --standards-only --postgres-url postgresql+psycopg://...

Also measures the position-standards pages (registry/standards): compliance with the full paged
list of who falls short (first and last page) and the training-need summary, for the whole
province and for a former district's officer.

Reuses the databases of scripts/bench_search.py (built there if missing)."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from registry.auth.principal import Principal

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

ADMIN = Principal.system()


def export_people(session, path: str) -> None:
    """The plain export a spreadsheet user would start from: one row per person."""
    import csv

    from sqlalchemy import text

    query = text("""SELECT p.id, p.sex, p.birth_date, p.status, p.commune_code, p.legacy_commune_code,
                           p.highest_level_code,
                           (SELECT group_concat(q.discipline, ';') FROM qualification q WHERE q.person_id = p.id) AS disciplines,
                           (SELECT group_concat(e.field_code, ';') FROM person_expertise e WHERE e.person_id = p.id) AS declared
                    FROM person p""")
    if session.get_bind().dialect.name == "postgresql":
        query = text(
            str(query)
            .replace("group_concat(q.discipline, ';')", "string_agg(q.discipline, ';')")
            .replace("group_concat(e.field_code, ';')", "string_agg(e.field_code, ';')")
        )
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "id",
                "sex",
                "birth_date",
                "status",
                "commune_code",
                "legacy_commune_code",
                "highest_level",
                "disciplines",
                "declared",
            ]
        )
        for row in session.execute(query).yield_per(20000):
            writer.writerow(row)


def pandas_route(
    path: str, targets, prefixes, communes, ranks, cutoffs
) -> dict[int, tuple[int, int]]:
    """Supply and supply at the target year per target, with pandas, as a spreadsheet user would."""
    import pandas as pd

    people = pd.read_csv(path, dtype=str, keep_default_na=False)
    people = people[people["status"] == "active"]
    people["rank"] = people["highest_level"].map(ranks).fillna(0)
    people["birth"] = pd.to_datetime(people["birth_date"], errors="coerce")
    result = {}
    for target in targets:
        codes, legacy = communes[target.id]
        here = people[
            people["commune_code"].isin(codes)
            | ((people["commune_code"] == "") & people["legacy_commune_code"].isin(legacy))
        ]
        here = here[here["rank"] >= ranks[target.min_level_code]]
        pattern = "|".join(f"(?:^|;){p}" for p in prefixes[target.field_code])
        matches = here["disciplines"].str.contains(pattern, regex=True) | here[
            "declared"
        ].str.contains(target.field_code)
        chosen = here[matches]
        male_cut, female_cut = cutoffs[target.target_year]
        leaving = ((chosen["sex"] == "male") & (chosen["birth"] <= male_cut)) | (
            (chosen["sex"] == "female") & (chosen["birth"] <= female_cut)
        )
        result[target.id] = (len(chosen), len(chosen) - int(leaving.sum()))
    return result


def run(url: str, repeat: int) -> None:
    import pandas as pd
    from sqlalchemy import select

    from registry import create_app
    from registry.analytics.dashboard import dashboard
    from registry.analytics.models import Target
    from registry.analytics.retirement import load_schedule, working_until_cutoff
    from registry.demo.plans import add_demo_targets
    from registry.extensions import db
    from registry.people.areas import area_codes
    from registry.reference.models import PriorityFieldPrefix, QualificationLevel

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from sqlalchemy import func

        from registry.people.models import Person

        people = db.session.scalar(select(func.count(Person.id)))
        if add_demo_targets(db.session, people):
            db.session.commit()
        dashboard(db.session, ADMIN, "44")  # warm-up
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            data = dashboard(db.session, ADMIN, "44")
            times.append(time.perf_counter() - started)
        print(
            f"  app dashboard (area 44, {len(data['targets'])} targets, trend, rankings): "
            f"p50 {1000 * statistics.median(times):.0f} ms, best {1000 * min(times):.0f} ms"
        )
        targets = list(db.session.scalars(select(Target)))
        prefixes: dict[str, list[str]] = {}
        for field_code, prefix in db.session.execute(
            select(PriorityFieldPrefix.field_code, PriorityFieldPrefix.prefix)
        ):
            prefixes.setdefault(field_code, []).append(prefix)
        communes = {t.id: area_codes(db.session, t.area_code) for t in targets}
        ranks = dict(
            db.session.execute(select(QualificationLevel.code, QualificationLevel.rank)).all()
        )
        schedule = load_schedule(db.session)
        cutoffs = {
            y: tuple(pd.Timestamp(working_until_cutoff(schedule, s, y)) for s in ("male", "female"))
            for y in {t.target_year for t in targets}
        }
        with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
            started = time.perf_counter()
            export_people(db.session, handle.name)
            exported = time.perf_counter() - started
            pandas_times = []
            for _ in range(max(1, repeat // 2)):
                started = time.perf_counter()
                by_pandas = pandas_route(handle.name, targets, prefixes, communes, ranks, cutoffs)
                pandas_times.append(time.perf_counter() - started)
        print(
            f"  pandas from a CSV export ({exported:.1f} s to export): p50 {1000 * statistics.median(pandas_times):.0f} ms"
        )
        app_numbers = {row["id"]: (row["supply"], row["supply_at_year"]) for row in data["targets"]}
        agree = all(app_numbers[t.id] == by_pandas[t.id] for t in targets)
        for t in targets:
            if app_numbers[t.id] != by_pandas[t.id]:
                print(
                    "   differs:",
                    t.field_code,
                    t.area_code,
                    t.min_level_code,
                    app_numbers[t.id],
                    by_pandas[t.id],
                )
        print(f"  the two routes agree on every target's supply and projection: {agree}")


def timed(action, repeat: int) -> tuple[float, float, float]:
    """(first call, median, worst) in milliseconds."""
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        action()
        times.append(1000 * (time.perf_counter() - started))
    return times[0], statistics.median(times[1:]), max(times)


def run_standards(url: str, repeat: int) -> None:
    """The compliance page (counts, first and last page of the list, milestones) and the
    training-need summary, as the views compute them."""
    from registry import create_app
    from registry.extensions import db
    from registry.standards.compliance import Filters, compliance, shortfall_page
    from registry.standards.milestones import milestone_path
    from registry.standards.needs import training_needs

    district = Principal(role="officer", username="district", scope_area_code="464")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        for label, user, area in (
            ("province, admin", ADMIN, None),
            ("district 464", district, None),
        ):
            state = {}

            def page(user=user, area=area, state=state):
                result = compliance(db.session, user, Filters(area=area))
                first = shortfall_page(db.session, user, result, 1)
                last = shortfall_page(db.session, user, result, first.pages)
                milestone_path(db.session, user, result, area or "44")
                state.update(result=result, first=first, last=last)

            def needs(user=user, area=area):
                training_needs(db.session, user, compliance(db.session, user, Filters(area=area)))

            first, median, worst = timed(page, repeat)
            o = state["result"]["overall"]
            print(
                f"  compliance page ({label}: {o.everyone:,} public staff, {o.holders:,} holders, "
                f"{state['first'].total:,} fall short, {state['first'].pages:,} pages; first and "
                f"last page, milestones): first {first:.0f} ms, p50 {median:.0f} ms, "
                f"worst {worst:.0f} ms"
            )
            first, median, worst = timed(needs, repeat)
            print(
                f"  training-need summary ({label}): first {first:.0f} ms, p50 {median:.0f} ms, "
                f"worst {worst:.0f} ms"
            )
        from registry.analytics.dashboard import dashboard

        first, median, worst = timed(lambda: dashboard(db.session, ADMIN, "44"), repeat)
        print(
            f"  reference, measured at the same time: the gap dashboard p50 {median:.0f} ms "
            "(a machine under other load shows here)"
        )
        db.session.remove()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sqlite-people", type=int, default=100_000)
    parser.add_argument("--postgres-people", type=int, default=1_000_000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--standards-only", action="store_true", help="Only the standards pages.")
    parser.add_argument("--postgres-url", default=None, help="An existing database to use.")
    parser.add_argument("--instance", default="/tmp/registry-bench")
    options = parser.parse_args()
    from bench_search import PG_URL, build, ensure_postgres_database

    instance = Path(options.instance)
    instance.mkdir(exist_ok=True)
    sqlite_url = f"sqlite:///{instance / f'search-{options.sqlite_people}.db'}"
    measures = [run_standards] if options.standards_only else [run, run_standards]
    if not options.skip_sqlite:
        print(f"SQLite, {options.sqlite_people:,} people")
        build(sqlite_url, options.sqlite_people, instance)
        for measure in measures:
            measure(sqlite_url, options.repeat)
    if not options.skip_postgres:
        if not options.postgres_url:
            ensure_postgres_database()
        url = options.postgres_url or PG_URL
        print(f"PostgreSQL, {options.postgres_people:,} people")
        build(url, options.postgres_people, instance)
        for measure in measures:
            measure(url, options.repeat)


if __name__ == "__main__":
    main()
