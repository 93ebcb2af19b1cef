"""The JSON API under /api/v1: bearer tokens or the browser session, the same scopes as the pages.

Features add their endpoints in their own `api.py` modules with `@bp.route(...)` and
`@api_access(...)`, and describe them with `document(path, method, spec)` for the OpenAPI file.
"""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, g, jsonify, request
from flask_login import current_user

bp = Blueprint("api", __name__, url_prefix="/api/v1")
OPENAPI_PATHS: dict[str, dict] = {}


def document(path: str, method: str, spec: dict) -> None:
    OPENAPI_PATHS.setdefault(path, {})[method.lower()] = spec


def api_user():
    """The caller: a bearer token's user, else the signed-in browser user, else None."""
    if "api_user" in g:
        return g.api_user
    from registry.api.services import user_for_token
    from registry.extensions import db

    user = None
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        user = user_for_token(db.session, header[7:].strip())
        db.session.commit()
    elif current_user.is_authenticated and request.method in ("GET", "HEAD"):
        # The browser session is accepted for reads only: writes need a token (no CSRF risk).
        user = current_user._get_current_object()
    g.api_user = user
    return user


def api_access(*roles: str):
    """401 without credentials, 403 for a role not in `roles`."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = api_user()
            if user is None:
                return jsonify(
                    error="unauthorized", message="Bearer token or session required"
                ), 401
            if roles and user.role not in roles:
                return jsonify(error="forbidden", message="Role not allowed"), 403
            return view(*args, **kwargs)

        return wrapped

    return decorator


@bp.route("/openapi.json")
def openapi():
    return jsonify(
        {
            "openapi": "3.1.0",
            "info": {"title": "Intellectual workforce registry API", "version": "1"},
            "servers": [{"url": "/api/v1"}],
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
            "security": [{"bearer": []}],
            "paths": dict(sorted(OPENAPI_PATHS.items())),
        }
    )


@bp.route("/me")
@api_access()
def me():
    user = api_user()
    return jsonify(username=user.username, role=user.role, scope=user.scope_label)


document(
    "/me",
    "get",
    {
        "summary": "The calling user, role and scope",
        "responses": {"200": {"description": "the user"}, "401": {"description": "no credentials"}},
    },
)


# Feature endpoints register themselves on `bp` when imported.
from registry.analytics import api as _gaps_api  # noqa: E402, F401
from registry.contributions import api as _contributions_api  # noqa: E402, F401
from registry.search import api as _search_api  # noqa: E402, F401
