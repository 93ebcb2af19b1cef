"""The search behind the picker script: names matching what a person types, accents optional."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask_login import login_required

from registry.pickers.sources import SOURCES

bp = Blueprint("pickers", __name__)


@bp.route("/pickers/<source>")
@login_required
def search(source: str):
    if source not in SOURCES:
        abort(404)
    query = (request.args.get("q") or "")[:100]
    found = SOURCES[source].search(query)
    return jsonify([{"label": entry.label} for entry in found])


def init_app(app) -> None:
    app.extensions["pickers"] = SOURCES
    app.register_blueprint(bp)
