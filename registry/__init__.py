"""The intellectual workforce registry: application factory (wiring only)."""

from __future__ import annotations

import importlib

from flask import Flask, request, session
from sqlalchemy import event
from sqlalchemy.engine import Engine

from registry.config import PROJECT_ROOT, Config
from registry.extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate

FEATURE_MODELS = (
    "registry.reference.models",
    "registry.people.models",
    "registry.people.national_id",
    "registry.auth.models",
    "registry.api.models",
    "registry.audit.models",
    "registry.review.models",
    "registry.search.models",
    "registry.analytics.models",
    "registry.imports.models",
    "registry.reports.models",
    "registry.standards.models",
    "registry.contributions.models",
    "registry.contributions.council_models",
)


# Modules that add their routes to the API blueprint (registry/api) when imported.
API_MODULES = (
    "registry.analytics.api",
    "registry.imports.api",
    "registry.reports.api",
    "registry.search.api",
    "registry.standards.api",
    "registry.contributions.api",
)


def _load_models() -> None:
    for module in FEATURE_MODELS:
        importlib.import_module(module)


SQLITE_SYNCHRONOUS = {"value": "FULL"}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """Foreign keys on and WAL for every SQLite connection; synchronous=FULL by default, so an
    acknowledged write survives a power loss (REGISTRY_SQLITE_SYNCHRONOUS)."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={SQLITE_SYNCHRONOUS['value']}")
        cursor.close()


def select_locale() -> str:
    from flask import current_app

    chosen = session.get("lang") if request else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _register_blueprints(app: Flask) -> None:
    from registry.admin.group_views import bp as commune_groups_bp
    from registry.admin.views import bp as admin_bp
    from registry.analytics.admin_views import bp as plans_bp
    from registry.analytics.views import bp as gaps_bp
    from registry.api import bp as api_bp
    from registry.auth.views import bp as auth_bp
    from registry.contributions.views import bp as contributions_bp
    from registry.core.views import HOME_COUNTS
    from registry.core.views import bp as core_bp
    from registry.imports.views import alias_bp as imports_alias_bp
    from registry.imports.views import bp as imports_bp
    from registry.people.queries import home_counts
    from registry.people.views import bp as people_bp
    from registry.reports.cv_views import bp as cv_bp
    from registry.reports.views import bp as reports_bp
    from registry.review.duplicate_views import bp as duplicates_bp
    from registry.review.me_views import bp as me_bp
    from registry.review.views import bp as review_bp
    from registry.search.views import bp as search_bp
    from registry.standards import admin_views as _standards_admin  # noqa: F401
    from registry.standards.training_views import bp as training_bp
    from registry.standards.views import bp as positions_bp

    app.extensions[HOME_COUNTS] = home_counts
    app.register_blueprint(core_bp)
    app.register_blueprint(auth_bp)
    for blueprint in (
        search_bp,
        people_bp,
        me_bp,
        review_bp,
        duplicates_bp,
        admin_bp,
        commune_groups_bp,
        gaps_bp,
        plans_bp,
        positions_bp,
        imports_bp,
        imports_alias_bp,
        reports_bp,
        cv_bp,
        training_bp,
        contributions_bp,
    ):
        app.register_blueprint(blueprint)
    for module in API_MODULES:
        importlib.import_module(module)
    from registry.pickers.views import init_app as init_pickers

    init_pickers(app)
    csrf.exempt(api_bp)  # the API authenticates with bearer tokens, not cookies + forms
    app.register_blueprint(api_bp)


def _init_login(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from registry.auth.login import load_user

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "strong"

    login_manager.user_loader(load_user)


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_object(Config())
    app.config.update(overrides or {})
    app.instance_path = app.config["INSTANCE_PATH"]
    SQLITE_SYNCHRONOUS["value"] = app.config["SQLITE_SYNCHRONOUS"]
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    _load_models()
    db.init_app(app)
    from registry.search.models import include_object

    migrate.init_app(
        app, db, directory=str(PROJECT_ROOT / "migrations"), include_object=include_object
    )
    import registry.search.index  # noqa: F401  (keeps derived search data current on commit)

    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    bootstrap.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    _init_login(app)
    from registry.core import params

    params.install(app)  # before the blueprints: every `<int:...>` uses the bounded converter
    _register_blueprints(app)

    from registry.core import template_helpers
    from registry.core.errors import register_error_handlers

    register_error_handlers(app)
    from registry.core import security

    security.register(app)
    template_helpers.register(app)

    from registry.cli import register_commands

    register_commands(app)
    if app.config["SEARCH_PRELOAD"]:
        from registry.search.columns import preload

        preload(app)
    return app
