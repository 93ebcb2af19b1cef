"""`registry standards compliance|needs|import-positions`: the compliance numbers, the training
needs and the position import, through the same queries and services as the pages."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import with_appcontext

from registry.auth.principal import command_user
from registry.errors import ValidationError
from registry.extensions import db
from registry.people.area_choices import check_area
from registry.standards.compliance import Filters, compliance
from registry.standards.needs import training_needs


def _filters(area: str | None) -> Filters:
    code, notice = check_area(db.session, area)
    if notice:
        click.echo(notice, err=True)
        sys.exit(2)
    return Filters(area=code)


@click.group("standards")
def standards_group():
    """Position standards: compliance, training needs, position import."""


@standards_group.command("compliance")
@click.option("--area", default=None, help="Province, former district or commune code.")
@click.option("--as-user", "as_user", default=None)
@with_appcontext
def compliance_command(area, as_user):
    """Holders, people without a position, compliant, and the rate both ways (JSON)."""
    result = compliance(db.session, command_user(db.session, as_user), _filters(area))
    click.echo(json.dumps(result["overall"].plain(), ensure_ascii=False, indent=1))


@standards_group.command("needs")
@click.option("--area", default=None)
@click.option("--as-user", "as_user", default=None)
@with_appcontext
def needs_command(area, as_user):
    """The trainings needed to close every missing requirement, with counts."""
    user = command_user(db.session, as_user)
    for row in training_needs(db.session, user, compliance(db.session, user, _filters(area))):
        click.echo(f"{row['people']:>8}  {row['kind_label']}: {row['label']}")


@standards_group.command("import-positions")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--as-user", "as_user", required=True)
@with_appcontext
def import_command(path, as_user):
    """Create or update positions from a CSV/XLSX file (all rows or none)."""
    from registry.standards.importer import import_positions

    with open(path, "rb") as handle:
        content = handle.read()
    try:
        saved = import_positions(db.session, content, path, command_user(db.session, as_user))
    except ValidationError as error:
        db.session.rollback()
        for message in error.errors.values():
            click.echo(message, err=True)
        sys.exit(2)
    db.session.commit()
    click.echo(f"Imported {len(saved)} positions.")
