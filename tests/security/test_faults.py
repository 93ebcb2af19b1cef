"""Faults: the app killed with SIGKILL in the middle of profile saves and approvals keeps every
acknowledged write and nothing half-written; an unreachable database gives a 503 page.

The server is a real subprocess (gunicorn, 2 workers) on the test database, with CSRF on.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from registry import create_app
from registry.audit.models import AuditEntry
from registry.people.models import Person
from registry.review.models import ChangeRequest
from registry.review.services import submit_change_request
from tests.conftest import PASSWORD
from tests.factories import make_person, make_user

ROOT = Path(__file__).resolve().parents[2]
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def server(app, tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "REGISTRY_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REGISTRY_SECRET_KEY": "fault-test",
        "REGISTRY_INSTANCE_PATH": str(tmp_path),
        "REGISTRY_UPLOAD_PATH": app.config["UPLOAD_PATH"],
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "registry:create_app()",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base)
        yield base, process
    finally:  # never leave a server behind, whatever failed
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


def _wait_until_up(base: str) -> None:
    for _ in range(300):
        try:
            if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    pytest.fail("server did not start")


def _browser(base: str, username: str) -> requests.Session:
    browser = requests.Session()
    token = TOKEN.search(browser.get(f"{base}/login").text).group(1)
    response = browser.post(
        f"{base}/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
    )
    assert response.status_code == 302
    return browser


def _form_fields(html: str) -> dict:
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"', body) or re.search(
            r'<option[^>]*value="([^"]*)"[^>]*selected', body
        )
        fields[name] = chosen.group(1) if chosen else ""
    return {
        k: v
        for k, v in fields.items()
        if k not in ("party_member", "is_overseas", "is_foreign_national")
    }


def _warm_up(base: str, username: str, path: str) -> None:
    """Both workers answer a page once (templates compiled) before the clock starts."""
    for _ in range(4):
        assert _browser(base, username).get(f"{base}{path}", timeout=60).status_code == 200


def _kill_when(process, done, enough: int = 5) -> None:
    """SIGKILL the server (master and workers) once `enough` writes were acknowledged, with
    more in flight; at most a minute."""
    deadline = time.monotonic() + 60
    while done() < enough and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    os.killpg(process.pid, signal.SIGKILL)


def test_profile_saves_survive_sigkill(app, db, server):
    base, process = server
    make_user(db.session, "officer", password=PASSWORD, username="fault.officer", scope="44")
    people = [make_person(db.session, full_name=f"Người Lưu {i}").id for i in range(4)]
    db.session.commit()
    initial = {pid: db.session.get(Person, pid).version for pid in people}
    acknowledged: dict[int, list[str]] = {pid: [] for pid in people}

    def writer(person_id: int) -> None:
        browser = _browser(base, "fault.officer")
        for n in range(1000):
            try:
                html = browser.get(f"{base}/people/{person_id}/edit", timeout=30).text
                data = {**_form_fields(html), "position": f"Lần lưu {n}"}
                response = browser.post(
                    f"{base}/people/{person_id}/edit", data=data, allow_redirects=False, timeout=30
                )
            except requests.RequestException:
                return
            if response.status_code == 302:
                acknowledged[person_id].append(f"Lần lưu {n}")

    _warm_up(base, "fault.officer", f"/people/{people[0]}/edit")
    threads = [threading.Thread(target=writer, args=(pid,)) for pid in people]
    for thread in threads:
        thread.start()
    _kill_when(process, lambda: sum(len(v) for v in acknowledged.values()))
    for thread in threads:
        thread.join(timeout=30)
    db.session.remove()
    assert sum(len(v) for v in acknowledged.values()) > 0, "no write was acknowledged"
    for pid, values in acknowledged.items():
        person = db.session.get(Person, pid)
        updates = db.session.scalar(
            select(func.count(AuditEntry.id)).where(
                AuditEntry.action == "person.update", AuditEntry.target_id == pid
            )
        )
        # every committed save bumped the version and wrote its audit entry, together
        assert person.version == initial[pid] + updates
        if values:
            saved = int(person.position.rsplit(" ", 1)[1])
            assert saved >= int(values[-1].rsplit(" ", 1)[1])  # the last acknowledged, or later
            assert updates >= len(values)


def test_approvals_survive_sigkill(app, db, server):
    base, process = server
    make_user(db.session, "officer", password=PASSWORD, username="fault.reviewer", scope="44")
    requests_ = []
    for i in range(40):
        person = make_person(db.session, full_name=f"Người Duyệt {i}", position="Cũ")
        user = make_user(db.session, "individual", password=PASSWORD, person=person)
        requests_.append(
            submit_change_request(db.session, person, user, {"position": f"Mới {i}"}).id
        )
    db.session.commit()
    approved: list[int] = []

    def reviewer(ids) -> None:
        browser = _browser(base, "fault.reviewer")
        for request_id in ids:
            try:
                html = browser.get(f"{base}/review/{request_id}", timeout=30).text
                token = TOKEN.search(html).group(1)
                response = browser.post(
                    f"{base}/review/{request_id}",
                    data={"decision": "approve", "csrf_token": token},
                    allow_redirects=False,
                    timeout=30,
                )
            except (requests.RequestException, AttributeError):
                return
            if response.status_code == 302 and "/review/" not in response.headers["Location"]:
                approved.append(request_id)

    _warm_up(base, "fault.reviewer", "/review")
    threads = [threading.Thread(target=reviewer, args=(requests_[k::2],)) for k in range(2)]
    for thread in threads:
        thread.start()
    _kill_when(process, lambda: len(approved))
    for thread in threads:
        thread.join(timeout=30)
    db.session.remove()
    assert approved, "no approval was acknowledged"
    for change in db.session.scalars(select(ChangeRequest).where(ChangeRequest.id.in_(requests_))):
        applied = change.person.position != "Cũ"
        # an approval and the change it applies are one transaction: both or neither
        assert (change.state == "approved") == applied, change.id
        if change.id in approved:
            assert change.state == "approved"


def test_unreachable_database_gives_503(tmp_path):
    broken = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:9/none",
            "INSTANCE_PATH": str(tmp_path),
            "UPLOAD_PATH": str(tmp_path / "uploads"),
            "SECRET_KEY": "x",
            "WTF_CSRF_ENABLED": False,
        }
    )
    client = broken.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["database"] == "unreachable"
    page = client.post("/login", data={"username": "someone", "password": "whatever-pass"})
    assert page.status_code == 503
    assert "Cơ sở dữ liệu tạm thời không truy cập được" in page.get_data(as_text=True)
