"""Keep derived data current: search documents, priority-field masks, the search columns' stamps.

Writes through the ORM session need nothing: a hook collects the people a transaction touched and
refreshes their derived rows just before it commits. Writers that bypass the ORM (Core INSERT,
UPDATE or DELETE: the spreadsheet importer, bulk loaders, data fixes) call `people_written` once
after their write and before the commit; that is the one public refresh for bulk writes.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, event, func, insert, inspect, select, update
from sqlalchemy.orm import Session

from registry.contributions.people_queries import contribution_titles_for_people, touched_people
from registry.people.fields import refresh_field_masks
from registry.people.models import (
    Organization,
    Person,
    PersonExpertise,
    PersonLanguage,
    Qualification,
    WorkHistory,
)
from registry.reference.models import PriorityField, PriorityFieldPrefix
from registry.search import state
from registry.search.models import PersonSearch
from registry.text import fold

PENDING = "registry_search_pending"
MASKS = "registry_masks_stale"
NAMES = "registry_names_changed"
RELOAD = "registry_people_removed"
BATCH = 2000


def _documents(session: Session, ids: list[int]) -> dict[int, list[str]]:
    parts: dict[int, list[str]] = {i: [] for i in ids}
    rows = session.execute(
        select(Person.id, Person.full_name, Person.position, Organization.name)
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .where(Person.id.in_(ids))
    )
    for person_id, name, position, org in rows:
        parts[person_id] += [name, position or "", org or ""]
    for person_id, major, institution in session.execute(
        select(Qualification.person_id, Qualification.major_name, Qualification.institution).where(
            Qualification.person_id.in_(ids)
        )
    ):
        parts[person_id] += [major or "", institution or ""]
    for person_id, field in session.execute(
        select(PersonExpertise.person_id, PriorityField.name_vi)
        .join(PriorityField, PriorityField.code == PersonExpertise.field_code)
        .where(PersonExpertise.person_id.in_(ids))
    ):
        parts[person_id].append(field)
    for person_id, titles in contribution_titles_for_people(session, ids).items():
        parts[person_id].append(titles)  # research tasks, initiatives, awards, publications
    return parts


def people_written(session: Session, person_ids: Iterable[int] | None = None) -> None:
    """Tell the registry that these people (or their qualifications, languages, expertise, work
    history) were written with SQL that bypassed the ORM. Their search documents, field masks and
    the in-memory search columns of every worker are brought up to date when the session commits,
    in the same transaction (ids of people that no longer exist make the columns reload). With
    no ids, everyone is rebuilt now (after loads too large to list)."""
    if person_ids is None:
        rebuild_all(session)
        return
    session.info.setdefault(PENDING, set()).update(i for i in person_ids if i is not None)
    session.info[NAMES] = True  # added or renamed people move in the name order


def _rebuild(session: Session, ids: list[int]) -> None:
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        docs = _documents(session, chunk)
        session.execute(delete(PersonSearch).where(PersonSearch.person_id.in_(chunk)))
        rows = [
            {"person_id": i, "document": _unique_words(parts)} for i, parts in docs.items() if parts
        ]
        if rows:
            session.execute(insert(PersonSearch), rows)
        refresh_field_masks(session, chunk)


def _stamp(session: Session, ids: list[int], version: int) -> None:
    for start in range(0, len(ids), BATCH):
        session.execute(
            update(PersonSearch)
            .where(PersonSearch.person_id.in_(ids[start : start + BATCH]))
            .values(rev=version)
        )


def _unique_words(parts: list[str]) -> str:
    """The folded words of a document, each once, name first (so name matches rank well)."""
    seen, words = set(), []
    for part in parts:
        for word in fold(part).split():
            if word not in seen:
                seen.add(word)
                words.append(word)
    return " " + " ".join(words)  # leading space: "% word%" matches word starts on PostgreSQL


def rebuild_all(session: Session) -> None:
    state.bump(session, names=True, epoch=True)
    ids = list(session.scalars(select(Person.id).order_by(Person.id)))
    session.execute(delete(PersonSearch))
    refresh_field_masks(session)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = [
            {"person_id": i, "document": _unique_words(parts)}
            for i, parts in _documents(session, chunk).items()
        ]
        session.execute(insert(PersonSearch), rows)


def rebuild_if_stale(session: Session) -> bool:
    """Rebuild when some people have no search document (data from before the search index)."""
    people = session.scalar(select(func.count(Person.id))) or 0
    documents = session.scalar(select(func.count()).select_from(PersonSearch)) or 0
    if people == documents:
        return False
    rebuild_all(session)
    return True


def _touched(obj) -> Iterable[int]:
    if isinstance(obj, Person):
        return [obj.id]
    if isinstance(obj, Qualification | PersonExpertise | WorkHistory | PersonLanguage):
        return [obj.person_id or (obj.person.id if getattr(obj, "person", None) else None)]
    return touched_people(obj)


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context) -> None:
    pending = session.info.setdefault(PENDING, set())
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, Organization) and obj in session.dirty:
            pending.update(
                session.scalars(select(Person.id).where(Person.organization_id == obj.id))
            )
        elif isinstance(obj, PriorityField | PriorityFieldPrefix):
            # New prefixes change everyone's masks; a renamed field changes the documents of those
            # who declared it (their document carries the field's name).
            session.info[MASKS] = True
            code = obj.code if isinstance(obj, PriorityField) else obj.field_code
            pending.update(
                session.scalars(
                    select(PersonExpertise.person_id).where(PersonExpertise.field_code == code)
                )
            )
        else:
            pending.update(i for i in _touched(obj) if i is not None)
        if isinstance(obj, Person) and obj in session.deleted:
            session.info[RELOAD] = True  # rows that are gone cannot be followed by their stamp
        elif isinstance(obj, Person) and (
            obj in session.new or inspect(obj).attrs.name_sort_key.history.has_changes()
        ):
            session.info[NAMES] = True  # a person added or renamed: the name order moves


@event.listens_for(Session, "before_commit")
def _refresh(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()
    pending = session.info.pop(PENDING, set())
    names = session.info.pop(NAMES, False)
    everyone = session.info.pop(MASKS, False)
    removed = session.info.pop(RELOAD, False)
    if not (pending or names or everyone or removed):
        return
    ids = sorted(pending)
    if ids:
        _rebuild(session, ids)
        # people deleted with SQL cannot be followed by their stamp: the columns reload
        removed = removed or _missing(session, ids)
    if everyone:
        refresh_field_masks(session)
    # The state row is locked last, just before the commit, so writers never wait on each other
    # while holding it, and versions follow the order of commits.
    version = state.bump(session, names=names, epoch=everyone or removed)
    if ids:
        _stamp(session, ids, version)


def _missing(session: Session, ids: list[int]) -> bool:
    found = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        found += session.scalar(select(func.count(Person.id)).where(Person.id.in_(chunk))) or 0
    return found < len(ids)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    for key in (PENDING, MASKS, NAMES, RELOAD):
        session.info.pop(key, None)
