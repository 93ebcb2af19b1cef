"""Shared fixtures: one migrated database per test session, emptied after each test.

SQLite (a temporary file) by default; PostgreSQL when REGISTRY_TEST_DATABASE_URL is set.
Reference tables are loaded once and kept; every other table is emptied after each test.
"""

from __future__ import annotations

import contextvars
import os
import re

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from registry import create_app
from registry.extensions import db as _db
from registry.extensions import limiter
from registry.reference.loader import load_reference
from tests import factories

PASSWORD = "correct-horse-battery"


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("REGISTRY_TEST_DATABASE_URL")
    if url:
        _reset_postgres(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'registry-test.db'}"


class IsolatedClient(FlaskClient):
    """Runs each request outside the test's app context, as a real server would: a fresh `g`,
    a fresh database session, the current user loaded anew."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)  # streamed bodies are read inside the request's context
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    os.environ["REGISTRY_INSTANCE_PATH"] = str(instance)
    application = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": False,
            "UPLOAD_PATH": str(instance / "uploads"),
        }
    )
    application.test_client_class = IsolatedClient
    with application.app_context():
        upgrade(directory=application.extensions["migrate"].directory)
        load_reference(_db.session)
        _db.session.commit()
        yield application


def _data_tables():
    return [t for t in reversed(_db.metadata.sorted_tables) if not t.info.get("reference")]


@pytest.fixture()
def db(app):
    """The database session; everything but reference data is deleted after the test."""
    limiter.reset()
    yield _db
    _db.session.rollback()
    _db.session.remove()
    with _db.engine.begin() as connection:
        for table in _data_tables():
            connection.execute(table.delete())


@pytest.fixture()
def client(app, db):
    return app.test_client()


@pytest.fixture()
def login_as(client, db):
    """login_as(role, scope=..., person=...) creates a user of that role and logs the client in."""

    def login(role: str, **kwargs):
        user = factories.make_user(db.session, role, password=PASSWORD, **kwargs)
        db.session.commit()
        response = client.post("/login", data={"username": user.username, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return login


def csrf_token(client, path: str) -> str:
    """The CSRF token of the form at `path` (for tests that run with CSRF on)."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token on " + path
    return match.group(1)
