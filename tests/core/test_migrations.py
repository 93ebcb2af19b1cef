from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect

from registry.extensions import db as _db


def _script(app):
    config = app.extensions["migrate"].migrate.get_config(app.extensions["migrate"].directory)
    return ScriptDirectory.from_config(config)


def test_there_is_one_head(app):
    assert len(_script(app).get_heads()) == 1


def test_models_and_migrations_agree(app, db):
    """The test database was upgraded from empty by the migrations; the models must match it."""
    with _db.engine.connect() as connection:
        from registry.search.models import include_object

        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        assert compare_metadata(context, _db.metadata) == []


def test_upgrade_of_an_empty_sqlite_database(app, tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    original = app.config["SQLALCHEMY_DATABASE_URI"]
    engine = create_engine(url)
    with engine.begin() as connection:
        config = app.extensions["migrate"].migrate.get_config(app.extensions["migrate"].directory)
        config.attributes["connection"] = connection
        from alembic import command

        command.upgrade(config, "head")
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"person", "qualification", "organization", "app_user", "commune"} <= tables
    assert app.config["SQLALCHEMY_DATABASE_URI"] == original
    assert upgrade  # the same Flask-Migrate upgrade the CLI uses ran for the session database


def test_upgrades_keep_child_rows_on_sqlite(app, tmp_path):
    """Batch migrations recreate SQLite tables; child rows (cascade FKs) must survive them."""
    import os
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'upgrade.db'}"
    env = {**os.environ, "REGISTRY_DATABASE_URL": url, "REGISTRY_INSTANCE_PATH": str(tmp_path)}
    cli = [sys.executable, "-m", "registry.cli"]
    subprocess.run(
        [*cli, "db", "upgrade", "a235f0f4a860"], env=env, check=True, capture_output=True
    )
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO priority_field (code, name_vi, name_en) VALUES ('y_te', 'Y tế', 'Health')"
        )
        connection.exec_driver_sql(
            "INSERT INTO priority_field_prefix (field_code, prefix) VALUES ('y_te', '72')"
        )
    subprocess.run([*cli, "db", "upgrade"], env=env, check=True, capture_output=True)
    with engine.connect() as connection:
        assert (
            connection.exec_driver_sql("SELECT count(*) FROM priority_field_prefix").scalar() == 1
        )
    engine.dispose()
