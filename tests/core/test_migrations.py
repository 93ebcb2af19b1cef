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
        context = MigrationContext.configure(connection, opts={"compare_type": True})
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
