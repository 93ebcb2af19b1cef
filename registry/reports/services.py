"""Taking and deleting snapshots. Plain functions; they flush, the caller commits once.

A snapshot is written with set-based statements (INSERT ... SELECT over the people), so a million
people take one pass; position compliance and gaps come from their own features' functions."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Integer, bindparam, case, delete, func, insert, literal, select, update
from sqlalchemy.orm import Session, aliased

from registry.audit.services import record
from registry.auth.principal import Principal
from registry.contributions.people_queries import contribution_rows
from registry.errors import ValidationError
from registry.people.areas import area_name, person_in_area
from registry.people.models import Person, PersonLanguage, Qualification
from registry.people.policy import GROUPS, group_clause, load_params
from registry.reference.models import CommuneConversion, LanguageLevel
from registry.reports.models import Snapshot, SnapshotAchievement, SnapshotPerson
from registry.standards.compliance import holder_compliance
from registry.text import nfc

# Snapshots see every person; reports then restrict to an area inside the reader's scope.
SYSTEM = Principal.system()
BATCH = 5000


def person_rows(session: Session, as_of: date, where=None):
    """The SELECT of SnapshotPerson's columns over the live people (`snapshot_id` excluded)."""
    params = load_params(session)
    groups = sum(
        case((group_clause(session, g, as_of, params), 1 << i), else_=0)
        for i, g in enumerate(GROUPS)
    )
    language = (
        select(PersonLanguage.person_id, func.max(LanguageLevel.rank).label("rank"))
        .join(LanguageLevel, LanguageLevel.code == PersonLanguage.level_code)
        .group_by(PersonLanguage.person_id)
        .subquery()
    )
    language_level = aliased(LanguageLevel)
    study = (
        select(
            Qualification.person_id,
            func.min(func.substr(Qualification.field_code, 2, 2)).label("field"),
        )
        .join(Person, Person.id == Qualification.person_id)
        .where(Qualification.level_code == Person.highest_level_code)
        .group_by(Qualification.person_id)
        .subquery()
    )
    rolled = (
        select(CommuneConversion.old_code, func.min(CommuneConversion.new_code).label("new"))
        .group_by(CommuneConversion.old_code)
        .subquery()
    )
    records = contribution_rows()
    achievements = (
        select(records.c.person_id, func.count().label("n"))
        .group_by(records.c.person_id)
        .subquery()
    )
    query = (
        select(
            Person.id,
            Person.status,
            Person.highest_level_code,
            study.c.field,
            Person.fields_by_study,
            Person.fields_by_declared,
            Person.sex,
            Person.birth_date,
            Person.ethnicity_code,
            func.coalesce(Person.commune_code, rolled.c.new),
            case((Person.commune_code.is_(None), Person.legacy_commune_code)),
            Person.organization_id,
            Person.sector,
            Person.academic_title_code,
            Person.political_theory_code,
            Person.state_management_code,
            language_level.code,
            Person.it_skill_code,
            groups,
            func.coalesce(achievements.c.n, 0),
        )
        .outerjoin(language, language.c.person_id == Person.id)
        .outerjoin(language_level, language_level.rank == language.c.rank)
        .outerjoin(study, study.c.person_id == Person.id)
        .outerjoin(rolled, rolled.c.old_code == Person.legacy_commune_code)
        .outerjoin(achievements, achievements.c.person_id == Person.id)
    )
    return query if where is None else query.where(where)


ROW_COLUMNS = (
    "person_id", "status", "level", "study_field", "fields_by_study", "fields_by_declared",
    "sex", "birth_date", "ethnicity_code", "commune_code", "legacy_commune_code",
    "organization_id", "sector", "title", "theory", "management", "language", "it",
    "groups", "achievements",
)  # fmt: skip


def _check(session: Session, name: str, as_of, area: str | None) -> tuple[str, date]:
    errors = {}
    name = nfc(name or "").strip()
    if not name:
        errors["name"] = _("Hãy đặt tên cho kỳ chốt số liệu.")
    elif len(name) > 200:
        errors["name"] = _("Tên kỳ chốt số liệu dài quá 200 ký tự.")
    if not isinstance(as_of, date):
        errors["as_of"] = _("Ngày chốt số liệu không hợp lệ.")
    elif as_of > date.today():
        errors["as_of"] = _("Không thể chốt số liệu cho một ngày trong tương lai.")
    if area and area_name(session, area) is None:
        errors["area"] = _("Địa bàn không có trong danh mục: %(code)s", code=area)
    if errors:
        raise ValidationError(errors)
    return name, as_of


def take_snapshot(
    session: Session,
    *,
    name: str,
    as_of: date,
    actor,
    area: str | None = None,
    where=None,
    audit: bool = True,
) -> Snapshot:
    """Close the figures at `as_of` for the whole registry (or one area, or the people of a
    `where` clause for a temporary snapshot); flushes."""
    name, as_of = _check(session, name, as_of, area)
    if area:
        where = person_in_area(area, session)
    snapshot = Snapshot(
        name=name,
        as_of=as_of,
        area_code=area or None,
        created_by_id=getattr(actor, "id", None),
        created_by_name=getattr(actor, "username", None),
    )
    session.add(snapshot)
    session.flush()
    rows = person_rows(session, as_of, where).add_columns(literal(snapshot.id, Integer))
    table = SnapshotPerson.__table__
    session.execute(
        insert(table).from_select([table.c[c] for c in (*ROW_COLUMNS, "snapshot_id")], rows)
    )
    _copy_achievements(session, snapshot, where)
    _mark_positions(session, snapshot, area)
    snapshot.gaps = _gap_rows(session, as_of, area)
    snapshot.people = session.scalar(
        select(func.count()).where(SnapshotPerson.snapshot_id == snapshot.id)
    )
    session.flush()
    if audit:
        record(
            session,
            actor=actor,
            action="snapshot.create",
            target_type="snapshot",
            target_id=snapshot.id,
            details={"name": name, "as_of": as_of, "area": area, "people": snapshot.people},
        )
    return snapshot


def _copy_achievements(session: Session, snapshot: Snapshot, where) -> None:
    records = contribution_rows()
    rows = select(*records.c, literal(snapshot.id, Integer)).join(
        Person, Person.id == records.c.person_id
    )
    if where is not None:
        rows = rows.where(where)
    table = SnapshotAchievement.__table__
    columns = ("achievement_id", "person_id", "kind", "level", "year", "snapshot_id")
    session.execute(insert(table).from_select([table.c[c] for c in columns], rows))


def _mark_positions(session: Session, snapshot: Snapshot, area: str | None) -> None:
    """Position and compliance per holder, from the position-standards feature's own check."""
    holders = holder_compliance(session, SYSTEM, area)
    items = [
        {"sid": snapshot.id, "pid": pid, "pos": pos, "ok": ok} for pid, (pos, ok) in holders.items()
    ]
    table = SnapshotPerson.__table__
    statement = (
        update(table)
        .where(table.c.snapshot_id == bindparam("sid"), table.c.person_id == bindparam("pid"))
        .values(position_id=bindparam("pos"), compliant=bindparam("ok"))
    )
    connection = session.connection()
    for start in range(0, len(items), BATCH):
        connection.execute(statement, items[start : start + BATCH])


def _gap_rows(session: Session, as_of: date, area: str | None) -> list[dict]:
    """The gap dashboard's target rows at the snapshot date (its own functions, no copy)."""
    from registry.analytics.dashboard import status_row, targets_in
    from registry.analytics.queries import target_statuses

    targets = targets_in(session, area, None)
    keep = ("id", "field", "area", "area_name", "min_level", "year", "required", "supply", "gap",
            "supply_at_year", "gap_at_year", "coverage")  # fmt: skip
    return [
        {key: row[key] for key in keep}
        for row in (
            status_row(session, s) for s in target_statuses(session, SYSTEM, targets, as_of)
        )
    ]


def delete_snapshot(session: Session, snapshot: Snapshot, actor) -> None:
    """Delete a snapshot and its rows (administrators only; the caller checks the role)."""
    details = {"name": snapshot.name, "as_of": snapshot.as_of, "people": snapshot.people}
    snapshot_id = snapshot.id
    session.execute(
        delete(SnapshotAchievement).where(SnapshotAchievement.snapshot_id == snapshot.id)
    )
    session.execute(delete(SnapshotPerson).where(SnapshotPerson.snapshot_id == snapshot.id))
    session.delete(snapshot)
    session.flush()
    record(
        session,
        actor=actor,
        action="snapshot.delete",
        target_type="snapshot",
        target_id=snapshot_id,
        details=details,
    )
