"""Every revision goes down and up again and leaves the schema as it found it; afterwards text
search still finds a person added (on SQLite its triggers keep the FTS5 index in step)."""

from __future__ import annotations

import os

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, insert, inspect, text
from sqlalchemy.engine import make_url

from registry.people.models import Person
from registry.search.models import PersonSearch
from registry.text import fold, name_sort_key


def _config(app, connection):
    config = app.extensions["migrate"].migrate.get_config(app.extensions["migrate"].directory)
    config.attributes["connection"] = connection
    return config


def _schema(connection) -> dict:
    found = inspect(connection)
    schema = {}
    for table in sorted(found.get_table_names()):
        schema[table] = (
            sorted((c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(table)),
            sorted(i["name"] for i in found.get_indexes(table)),
            sorted(str(fk["referred_table"]) for fk in found.get_foreign_keys(table)),
        )
    if connection.dialect.name == "sqlite":
        rows = connection.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        )
    else:
        rows = connection.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND indexname LIKE 'ix_person_search_document%' ORDER BY indexname"
            )
        )
    schema["text index"] = [tuple(row) for row in rows]
    return schema


@pytest.fixture()
def empty_url(tmp_path):
    """A database of its own: a SQLite file, or a PostgreSQL database beside the test one."""
    base = os.environ.get("REGISTRY_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'walk.db'}"
        return
    url = make_url(base)
    name = f"{url.database}_walk"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
    admin.dispose()


def _found_by_text(connection, person_id: int) -> bool:
    if connection.dialect.name == "sqlite":
        sql = "SELECT rowid FROM person_fts WHERE person_fts MATCH '\"dao\"*'"
    else:
        sql = (
            "SELECT person_id FROM person_search WHERE to_tsvector('simple', document) "
            "@@ to_tsquery('simple', 'dao:*')"
        )
    return person_id in {row[0] for row in connection.execute(text(sql))}


def test_every_revision_goes_down_and_up_again(app, empty_url):
    engine = create_engine(empty_url)
    try:
        _walk(app, engine)
    finally:
        engine.dispose()


def _walk(app, engine) -> None:
    script = ScriptDirectory.from_config(_config(app, None))
    revisions = list(script.walk_revisions())  # head first
    with engine.begin() as connection:
        command.upgrade(_config(app, connection), "head")
    for revision in revisions:
        with engine.begin() as connection:
            before = _schema(connection)
            command.downgrade(_config(app, connection), revision.down_revision or "base")
            command.upgrade(_config(app, connection), revision.revision)
            assert _schema(connection) == before, revision.revision
            command.downgrade(_config(app, connection), revision.down_revision or "base")
    with engine.begin() as connection:
        assert inspect(connection).get_table_names() in ([], ["alembic_version"])
        command.upgrade(_config(app, connection), "head")
    with engine.begin() as connection:
        full_name = "Nguyễn Thị Đào"
        person_id = connection.execute(
            insert(Person.__table__)
            .values(
                full_name=full_name,
                name_folded=fold(full_name),
                name_sort_key=name_sort_key(full_name),
                sex="female",
            )
            .returning(Person.__table__.c.id)
        ).scalar()
        connection.execute(
            insert(PersonSearch.__table__).values(person_id=person_id, document=" nguyen thi dao")
        )
        assert _found_by_text(connection, person_id)
