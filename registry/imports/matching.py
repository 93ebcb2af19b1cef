"""Match imported rows to existing people (national ID, else name + birth date [+ commune]),
decide create / update / unchanged / skip, and write through the profile services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from registry.errors import ValidationError
from registry.imports.columns import BY_KEY
from registry.imports.lookups import Lookups
from registry.imports.normalise import ImportRow
from registry.imports.values import fold
from registry.people.models import Organization, Person
from registry.people.parts import add_part
from registry.people.services import (
    NewProfile,
    PersonInput,
    QualificationInput,
    bulk_create_people,
    diff,
    person_input,
    snapshot,
    update_person,
    validate_person,
    validate_qualification,
)

# Profile field -> the import column it comes from (to point a service message at a column).
FIELD_COLUMN = {
    "full_name": "full_name",
    "sex": "sex",
    "birth_date": "birth_date",
    "ethnicity_code": "ethnicity",
    "national_id": "national_id",
    "phone": "phone",
    "email": "email",
    "commune_code": "commune",
    "legacy_commune_code": "commune",
    "position": "position",
    "political_theory_code": "political_theory",
    "state_management_code": "state_management",
    "it_skill_code": "it_skill",
    "address": "address",
    "hometown": "hometown",
    "level_code": "level",
    "field_code": "field_code",
    "year": "graduation_year",
}
CHANGE_LIMIT = 5000
PROBLEM_LIMIT = 20000


def _label(name: str) -> str:
    column = BY_KEY.get(FIELD_COLUMN.get(name, ""))
    return str(column.label) if column else name


def _identity_keys(row: ImportRow) -> list[tuple]:
    """Every way this row names a person: its national ID, and its name with birth date."""
    person, keys = row.person, []
    if person.get("national_id"):
        keys.append(("id", person["national_id"]))
    if person.get("full_name") and person.get("birth_date"):
        keys.append(("name", fold(person["full_name"]), person["birth_date"]))
    return keys


class Matcher:
    def __init__(self, session: Session, lookups: Lookups, actor, report, *, commit, audit):
        self.session, self.lookups, self.actor, self.report = session, lookups, actor, report
        self.commit, self.audit = commit, audit
        self.seen: dict[tuple, tuple[int, dict]] = {}
        self.pending_orgs: dict[str, int | None] = {}

    # -- per batch ------------------------------------------------------------------------------
    def process(self, rows: list[ImportRow]) -> list[ImportRow]:
        from registry.imports.engine import existing_people

        candidates = [r for r in rows if not r.errors]
        people = existing_people(self.session, candidates)
        by_id = {p.national_id: p for p in people if p.national_id}
        by_name: dict[tuple, list[Person]] = {}
        for p in people:
            by_name.setdefault((p.name_folded, p.birth_date), []).append(p)
        holders = {nid: p.id for nid, p in by_id.items()}
        creates = []
        for row in rows:
            if not row.errors:
                self._row(row, by_id, by_name, holders, creates)
            for note in row.notes:
                self.report.notes.append((row.number, note))
            if row.errors:
                self.report.invalid += 1
                if len(self.report.problems) < PROBLEM_LIMIT:
                    self.report.problems.extend((row.number, c, m) for c, m in row.errors)
        if self.commit and creates:
            self.report.created_ids += bulk_create_people(self.session, creates, self.actor)
        return [row for row in rows if row.errors]

    def _row(self, row, by_id, by_name, holders, creates) -> None:
        # A person listed twice (lists merged from two units), once by ID and once without it,
        # must not update themselves back and forth: the first row wins, the others are checked.
        keys = _identity_keys(row)
        earlier = next((self.seen[key] for key in keys if key in self.seen), None)
        if earlier is not None:
            first, values = earlier
            if all(values.get(k) == v for k, v in row.person.items()):
                row.notes.append(str(_l("Trùng với dòng %(n)d; bỏ qua.", n=first)))
                self.report.skipped += 1
            else:
                row.error(
                    "full_name", _l("Cùng người với dòng %(n)d nhưng thông tin khác.", n=first)
                )
            return
        for key in keys:
            self.seen[key] = (row.number, dict(row.person))
        organization_id = self._organization(row)
        if row.errors:
            return
        if organization_id:
            row.person["organization_id"] = organization_id
        existing = self._match(row, by_id, by_name)
        if row.errors:
            return
        if existing is None:
            self._create(row, holders, creates)
        else:
            self._update(row, existing, holders)

    def _organization(self, row: ImportRow) -> int | None:
        name = row.organization_name
        if not name:
            return None
        folded = fold(name)
        org_id = self.lookups.organizations.get(folded)
        if org_id is None and folded not in self.pending_orgs:
            self.report.new_organizations.append(name)
            self.pending_orgs[folded] = self._create_org(name, row) if self.commit else None
        org_id = org_id or self.pending_orgs.get(folded)
        scope = self.lookups.scope_orgs
        if scope is not None and org_id not in scope:
            row.error("organization", _l("Đơn vị này ngoài phạm vi quản lý của bạn."))
        return org_id

    def _create_org(self, name: str, row: ImportRow) -> int:
        from registry.audit.services import record

        org = Organization(name=name, kind="other", commune_code=row.person.get("commune_code"))
        self.session.add(org)
        self.session.flush()
        record(
            self.session,
            actor=self.actor,
            action="organization.create",
            target_type="organization",
            target_id=org.id,
            details={"name": name, **self.audit},
        )
        self.lookups.organizations[fold(name)] = org.id
        self.lookups.codes[Organization].add(org.id)
        return org.id

    def _in_scope(self, person: dict) -> bool:
        lookups = self.lookups
        if lookups.scope_orgs is not None:
            return person.get("organization_id") in lookups.scope_orgs
        if lookups.scope_new is None:
            return True
        commune = person.get("commune_code")
        if commune:
            return commune in lookups.scope_new
        return person.get("legacy_commune_code") in lookups.scope_legacy

    def _match(self, row: ImportRow, by_id, by_name) -> Person | None:
        person = row.person
        found = by_id.get(person.get("national_id")) if person.get("national_id") else None
        if found is None and person.get("birth_date"):
            same = by_name.get((fold(person["full_name"]), person["birth_date"]), [])
            if len(same) > 1 and person.get("commune_code"):
                same = [p for p in same if p.commune_code == person["commune_code"]]
            if len(same) > 1:
                row.error(
                    "full_name",
                    _l("Nhiều hồ sơ cùng họ tên và ngày sinh; cần số CCCD để phân biệt."),
                )
                return None
            found = same[0] if same else None
        if not self._in_scope({**(snapshot(found) if found else {}), **person}) or (
            found is not None and not self._in_scope(snapshot(found))
        ):
            row.error("commune", _l("Người này ngoài phạm vi quản lý của bạn."))
            return None
        return found

    def _validated(self, row: ImportRow, data: PersonInput, holders, person_id=None):
        try:
            codes = self.lookups.codes
            validate_person(self.session, data, person_id, holders=holders, codes=codes)
            qualification = None
            if row.qualification:
                qualification = validate_qualification(
                    self.session, QualificationInput(**row.qualification), codes=codes
                )
        except ValidationError as error:
            for name, message in error.errors.items():
                row.error(FIELD_COLUMN.get(name, name), message)
            return None, None
        return data, qualification

    def _create(self, row: ImportRow, holders, creates) -> None:
        values = {"sex": "", **row.person}
        data, qualification = self._validated(row, PersonInput(**values), holders)
        if data is None:
            return
        self.report.created += 1
        if self.commit:
            audit = {**self.audit, "row": row.number}
            creates.append(NewProfile(data, qualification, row.language, audit))

    def _new_parts(self, row: ImportRow, person: Person) -> list[tuple[str, dict]]:
        parts = []
        q = row.qualification
        if q and not any(
            x.level_code == q["level_code"]
            and (not q["field_code"] or x.field_code == q["field_code"])
            for x in person.qualifications
        ):
            parts.append(("qualification", q))
        lang = row.language
        if lang and not any(x.language == lang["language"] for x in person.languages):
            parts.append(("language", lang))
        return parts

    def _update(self, row: ImportRow, person: Person, holders) -> None:
        before = snapshot(person)
        data, _q = self._validated(row, person_input(person, **row.person), holders, person.id)
        if data is None:
            return
        after = {name: getattr(data, name) for name in before}
        changes = diff(before, after)
        parts = self._new_parts(row, person)
        if not changes and not parts:
            self.report.unchanged += 1
            return
        self.report.updated += 1
        for name, (old, new) in changes.items():
            if len(self.report.changes) < CHANGE_LIMIT:
                self.report.changes.append(
                    (row.number, person.full_name, _label(name), str(old or ""), str(new or ""))
                )
        for kind, _values in parts:
            if len(self.report.changes) < CHANGE_LIMIT:
                self.report.changes.append(
                    (
                        row.number,
                        person.full_name,
                        _label("level_code")
                        if kind == "qualification"
                        else str(BY_KEY["language"].label),
                        "",
                        str(_values.get("level_code")),
                    )
                )
        if self.commit:
            if changes:
                update_person(
                    self.session, person, data, person.version, actor=self.actor, source="import"
                )
            for kind, values in parts:
                add_part(self.session, person, kind, dict(values), actor=self.actor)

    def finish(self) -> None:
        if not (self.commit and self.report.created_ids):
            return
        from registry.search.index import people_written

        # Core inserts bypass the ORM hook: the new people are indexed, and every worker's
        # search columns learn of them, when this transaction commits.
        people_written(self.session, self.report.created_ids)
