"""Load test: officers, recruiters and individuals working at once against gunicorn (4 workers).

    .venv/bin/python scripts/load.py --database sqlite            # SQLite under /tmp
    .venv/bin/python scripts/load.py --database postgresql://...  # a PostgreSQL database (wiped)
    .venv/bin/python scripts/load.py --users 50 --minutes 2 --people 20000

The driver builds a demo population (`registry init`, `registry demo`), adds load-test logins,
starts gunicorn with 4 workers (limits in Redis when it answers on 127.0.0.1:6379), runs locust
headless, and prints per-action counts, failures, median and p95 in milliseconds. The same file
is the locustfile (the user classes below).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from locust import HttpUser, between, task

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-password"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
PROFILE = re.compile(r'href="/people/(\d+)"')
REQUEST = re.compile(r'href="/review/(\d+)"')
SURNAMES = ("nguyen", "tran", "le", "pham", "hoang", "vo", "dang", "bui", "do", "ho")
FIELDS = (
    "y_te",
    "giao_duc_dao_tao",
    "nong_nghiep_cong_nghe_cao",
    "du_lich",
    "cong_nghe_thong_tin",
    "lam_nghiep",
)
CHECKBOXES = ("party_member", "is_overseas", "is_foreign_national")


def form_fields(html: str) -> dict:
    """The values a browser would send back from the first form of a page."""
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"', body) or re.search(
            r'<option[^>]*value="([^"]*)"[^>]*selected', body
        )
        fields[name] = chosen.group(1) if chosen else ""
    return {k: v for k, v in fields.items() if k not in CHECKBOXES}


class Signed(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    prefix = ""
    count = 1

    def on_start(self):
        number = random.randint(1, self.count)
        self.username = f"{self.prefix}{number}"
        html = self.client.get("/login", name="login page").text
        self.client.post(
            "/login",
            data={"username": self.username, "password": PASSWORD, "csrf_token": _token(html)},
            name="login",
        )
        self.seen: list[int] = []

    def search(self):
        params = {"q": random.choice(SURNAMES)}
        if random.random() < 0.5:
            params["field"] = random.choice(FIELDS)
        html = self.client.get("/people", params=params, name="search").text
        self.seen = [int(i) for i in PROFILE.findall(html)][:20] or self.seen

    def profile(self):
        if self.seen:
            self.client.get(f"/people/{random.choice(self.seen)}", name="profile")

    def gaps(self):
        self.client.get("/gaps", name="gaps")


def _token(html: str) -> str:
    match = TOKEN.search(html)
    return match.group(1) if match else ""


class Officer(Signed):
    weight = 3
    prefix, count = "load.officer", 10

    @task(4)
    def search_people(self):
        self.search()

    @task(3)
    def view_profile(self):
        self.profile()

    @task(1)
    def edit_profile(self):
        if not self.seen:
            return
        person = random.choice(self.seen)
        html = self.client.get(f"/people/{person}/edit", name="edit form").text
        data = {**form_fields(html), "position": f"Chuyên viên {random.randint(1, 999)}"}
        with self.client.post(
            f"/people/{person}/edit",
            data=data,
            name="edit save",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code in (302, 409):  # saved, or someone saved first
                response.success()

    @task(2)
    def review(self):
        html = self.client.get("/review", name="review queue").text
        pending = REQUEST.findall(html)
        if not pending:
            return
        request_id = random.choice(pending[:5])
        page = self.client.get(f"/review/{request_id}", name="review request").text
        self.client.post(
            f"/review/{request_id}",
            data={"decision": "approve", "csrf_token": _token(page)},
            name="approve",
            allow_redirects=False,
        )

    @task(1)
    def open_gaps(self):
        self.gaps()


class Recruiter(Signed):
    weight = 2
    prefix, count = "load.recruiter", 10

    @task(4)
    def search_people(self):
        self.search()

    @task(2)
    def view_profile(self):
        self.profile()

    @task(2)
    def open_gaps(self):
        self.gaps()

    @task(1)
    def shortlist(self):
        self.client.get(
            "/gaps/shortlist",
            params={"field": random.choice(FIELDS), "min_level": "dai_hoc", "area": "44"},
            name="shortlist",
        )


class Individual(Signed):
    weight = 5
    prefix, count = "load.individual", 40

    @task(4)
    def own_profile(self):
        self.client.get("/me", name="me")

    @task(1)
    def propose_change(self):
        html = self.client.get("/me", name="me").text
        start = html.find('method="post"')
        data = {**form_fields(html[start:]), "position": f"Giáo viên {random.randint(1, 999)}"}
        with self.client.post(
            "/me", data=data, name="me submit", catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code == 302:
                response.success()
            elif response.status_code == 422 and "đang chờ duyệt" in response.text:
                response.success()  # the pending-request limit, a correct answer


# ---------------------------------------------------------------- driver


def _env(database_url: str, instance: Path) -> dict:
    env = {
        **os.environ,
        "REGISTRY_DATABASE_URL": database_url,
        "REGISTRY_INSTANCE_PATH": str(instance),
        "REGISTRY_SECRET_KEY": "load-test-secret",
        "REGISTRY_SEARCH_PRELOAD": "1",
    }
    try:
        import redis

        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=1).ping()
        env["REGISTRY_RATELIMIT_STORAGE_URL"] = "redis://127.0.0.1:6379/5"
    except Exception:  # no Redis: each worker keeps its own counters
        pass
    return env


def _prepare(env: dict, people: int) -> None:
    registry = [str(ROOT / ".venv/bin/registry")]
    subprocess.run([*registry, "init"], env=env, check=True, capture_output=True)
    subprocess.run(
        [*registry, "demo", "--people", str(people), "--seed", "45", "--if-empty"],
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run([sys.executable, __file__, "--make-users"], env=env, check=True, cwd=ROOT)


def _make_users() -> None:
    """Ten officers and ten recruiters (scope 44) and forty individuals with known passwords."""
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import select

    from registry import create_app
    from registry.auth.models import User
    from registry.auth.services import create_user
    from registry.extensions import db
    from registry.people.models import Person

    app = create_app()
    with app.app_context():
        people = db.session.scalars(
            select(Person.id).where(Person.commune_code.is_not(None)).order_by(Person.id).limit(40)
        ).all()
        wanted = [(f"load.officer{i}", "officer", "44", None) for i in range(1, 11)]
        wanted += [(f"load.recruiter{i}", "recruiter", "44", None) for i in range(1, 11)]
        wanted += [(f"load.individual{i + 1}", "individual", None, p) for i, p in enumerate(people)]
        for name, role, scope, person in wanted:
            if db.session.scalar(select(User.id).where(User.username == name)) is None:
                create_user(
                    db.session,
                    username=name,
                    password=PASSWORD,
                    role=role,
                    scope=scope,
                    person_id=person,
                )
        db.session.commit()


def _serve(env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "4",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "registry:create_app()",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import requests

    for _ in range(600):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).ok:
                time.sleep(5)  # let every worker preload its search columns
                return process
        except requests.RequestException:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


def _report(prefix: Path) -> int:
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
    print(f"{'action':18} {'requests':>9} {'failures':>9} {'median':>8} {'p95':>8} {'max':>8}")
    failures = 0
    for row in rows:
        print(
            f"{row['Name']:18} {row['Request Count']:>9} {row['Failure Count']:>9} "
            f"{float(row['Median Response Time']):>8.0f} {float(row['95%']):>8.0f} "
            f"{float(row['Max Response Time']):>8.0f}"
        )
        if row["Name"] != "Aggregated":
            failures += int(row["Failure Count"])
    failed = Path(f"{prefix}_failures.csv")
    if failed.exists():
        print(failed.read_text()[:2000])
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="'sqlite' or a PostgreSQL URL")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=2)
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--port", type=int, default=5091)
    parser.add_argument("--make-users", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_users:
        _make_users()
        return
    work = Path(tempfile.mkdtemp(prefix="registry-load-"))
    url = args.database
    if url == "sqlite":
        url = f"sqlite:///{work / 'load.db'}"
    env = _env(url, work)
    _prepare(env, args.people)
    server = _serve(env, args.port)
    prefix = work / "locust"
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                __file__,
                "--headless",
                "-u",
                str(args.users),
                "-r",
                "10",
                "-t",
                f"{int(args.minutes * 60)}s",
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--csv",
                str(prefix),
                "--only-summary",
            ],
            cwd=ROOT,
            check=False,
            stdout=subprocess.DEVNULL,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    failures = _report(prefix)
    print(f"database: {url.split('@')[-1]}; users: {args.users}; minutes: {args.minutes}")
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
