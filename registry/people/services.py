"""Writes to people and qualifications. Functions flush, never commit: the caller commits once."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from registry.audit.services import mark_fields, record
from registry.errors import StaleRecordError, ValidationError
from registry.people import rules
from registry.people.models import SECTORS, SEXES, STATUSES, Organization, Person, Qualification
from registry.people.national_id import check_national_id_holder, report_duplicate
from registry.reference.models import (
    AcademicTitle,
    Commune,
    CommuneConversion,
    EthnicGroup,
    FieldOfStudy,
    ItSkillLevel,
    LegacyCommune,
    Major,
    PoliticalTheoryLevel,
    QualificationLevel,
    StateManagementLevel,
)
from registry.text import fold, name_sort_key, nfc, title_case_name


@dataclass
class PersonInput:
    full_name: str
    sex: str
    birth_date: date | None = None
    ethnicity_code: str | None = None
    national_id: str | None = None
    phone: str | None = None
    email: str | None = None
    commune_code: str | None = None
    legacy_commune_code: str | None = None
    hometown: str | None = None
    organization_id: int | None = None
    position: str | None = None
    sector: str = "other"
    is_overseas: bool = False
    status: str = "active"
    academic_title_code: str | None = None
    academic_title_year: int | None = None
    political_theory_code: str | None = None
    state_management_code: str | None = None
    it_skill_code: str | None = None
    party_member: bool = False
    party_joined_on: date | None = None
    is_foreign_national: bool = False
    address: str | None = None


@dataclass
class QualificationInput:
    level_code: str
    field_code: str | None = None
    major_name: str | None = None
    institution: str | None = None
    country: str | None = None
    year: int | None = None


def _clean_text(value):
    if isinstance(value, str):
        return nfc(value) or None
    return value


def _check_choice(errors, name, value, allowed):
    if value not in allowed:
        errors[name] = str(_l("Giá trị không hợp lệ: %(value)s", value=value))


def _check_code(session, errors, name, model, code, codes=None):
    if code is None:
        return
    known = (code in codes[model]) if codes and model in codes else session.get(model, code)
    if not known:
        errors[name] = str(_l("Mã không có trong danh mục: %(code)s", code=code))


def _validate_identity(
    session: Session,
    data: PersonInput,
    person_id: int | None,
    errors: dict,
    holders=None,
    actor=None,
):
    stored = session.get(Person, person_id).national_id if person_id else None
    if data.national_id and data.national_id != stored:
        message = rules.check_national_id(data.national_id, data.sex, data.birth_date)
        if not message and holders is not None:  # a bulk load holds every ID in memory
            holder = holders.get(data.national_id)
            if holder is not None and holder != person_id:
                message = str(_l("Số CCCD này đã có trong hồ sơ khác."))
        elif not message:
            message, holder = check_national_id_holder(session, data.national_id, person_id, actor)
            if holder is not None:  # not confirmed to the user: saved without it, queued
                data.withheld_national_id = (data.national_id, holder)
                data.national_id = stored
        if message:
            errors["national_id"] = message
    if data.phone:
        data.phone, message = rules.normalise_phone(data.phone)
        if message:
            errors["phone"] = message
    if data.email:
        data.email, message = rules.normalise_email(data.email)
        if message:
            errors["email"] = message


def _resolve_commune(session: Session, data: PersonInput) -> None:
    """A legacy commune that maps to exactly one new commune fills in the new code."""
    if data.commune_code or not data.legacy_commune_code:
        return
    targets = session.scalars(
        select(CommuneConversion.new_code).where(
            CommuneConversion.old_code == data.legacy_commune_code
        )
    ).all()
    if len(targets) == 1:
        data.commune_code = targets[0]


def _check_dates(data: PersonInput, errors: dict) -> None:
    this_year = date.today().year
    if data.academic_title_year is not None and not 1950 <= data.academic_title_year <= this_year:
        errors["academic_title_year"] = str(_l("Năm phong học hàm không hợp lệ."))
    if data.academic_title_year and not data.academic_title_code:
        errors["academic_title_year"] = str(_l("Chọn học hàm trước khi nhập năm phong."))
    if data.party_joined_on:
        if data.party_joined_on > date.today():
            errors["party_joined_on"] = str(_l("Ngày vào Đảng không thể ở tương lai."))
        elif data.birth_date and data.party_joined_on < data.birth_date:
            errors["party_joined_on"] = str(_l("Ngày vào Đảng phải sau ngày sinh."))
        elif not data.party_member:
            errors["party_joined_on"] = str(_l("Chỉ nhập ngày vào Đảng cho đảng viên."))


def validate_person(
    session: Session,
    data: PersonInput,
    person_id: int | None = None,
    holders=None,
    codes=None,
    actor=None,
) -> PersonInput:
    """Normalise and check a person's fields; raise ValidationError with a message per field.

    Bulk loads may pass what they hold in memory instead of a query per row: `holders` (national
    ID -> person id) and `codes` ({reference model: set of its codes})."""
    for item in fields(data):
        setattr(data, item.name, _clean_text(getattr(data, item.name)))
    errors: dict[str, str] = {}
    if not data.full_name:
        errors["full_name"] = str(_l("Họ và tên là bắt buộc."))
    elif len(data.full_name) > 120:
        errors["full_name"] = str(_l("Họ và tên quá dài."))
    elif data.full_name.isupper():
        data.full_name = title_case_name(data.full_name)
    _check_choice(errors, "sex", data.sex, SEXES)
    _check_choice(errors, "sector", data.sector, SECTORS)
    _check_choice(errors, "status", data.status, STATUSES)
    if data.birth_date and data.birth_date > date.today():
        errors["birth_date"] = str(_l("Ngày sinh không thể ở tương lai."))
    elif data.birth_date and data.birth_date.year < 1900:
        errors["birth_date"] = str(_l("Ngày sinh không hợp lệ."))
    _check_code(session, errors, "ethnicity_code", EthnicGroup, data.ethnicity_code, codes)
    _check_code(session, errors, "commune_code", Commune, data.commune_code, codes)
    _check_code(
        session, errors, "legacy_commune_code", LegacyCommune, data.legacy_commune_code, codes
    )
    _check_code(session, errors, "organization_id", Organization, data.organization_id, codes)
    _check_code(
        session, errors, "academic_title_code", AcademicTitle, data.academic_title_code, codes
    )
    _check_code(
        session,
        errors,
        "political_theory_code",
        PoliticalTheoryLevel,
        data.political_theory_code,
        codes,
    )
    _check_code(
        session,
        errors,
        "state_management_code",
        StateManagementLevel,
        data.state_management_code,
        codes,
    )
    _check_code(session, errors, "it_skill_code", ItSkillLevel, data.it_skill_code, codes)
    _check_dates(data, errors)
    _validate_identity(session, data, person_id, errors, holders, actor)
    if errors:
        raise ValidationError(errors)
    _resolve_commune(session, data)
    return data


PERSON_FIELDS = tuple(item.name for item in fields(PersonInput))


def snapshot(person: Person) -> dict:
    """The editable fields of a person, as a PersonInput would carry them."""
    return {name: getattr(person, name) for name in PERSON_FIELDS}


def person_input(person: Person, **changes) -> PersonInput:
    """A PersonInput holding the person's current values, with `changes` applied."""
    return PersonInput(**{**snapshot(person), **changes})


def diff(before: dict, after: dict) -> dict[str, list]:
    return {
        name: [before[name], after[name]] for name in PERSON_FIELDS if before[name] != after[name]
    }


def _apply(person: Person, data: PersonInput) -> None:
    for item in fields(data):
        setattr(person, item.name, getattr(data, item.name))
    person.name_folded = fold(data.full_name)
    person.name_sort_key = name_sort_key(data.full_name)


def _report_withheld(session: Session, person: Person, data: PersonInput, actor) -> None:
    withheld = getattr(data, "withheld_national_id", None)
    if withheld:
        report_duplicate(session, person, withheld[0], withheld[1], actor)


def create_person(
    session: Session, data: PersonInput, actor=None, source: str = "officer"
) -> Person:
    validate_person(session, data, actor=actor)
    person = Person()
    _apply(person, data)
    session.add(person)
    session.flush()
    _report_withheld(session, person, data, actor)
    changed = {
        name: [None, value]
        for name, value in snapshot(person).items()
        if value not in (None, False, "")
    }
    if actor is not None:
        record(
            session,
            actor=actor,
            action="person.create",
            target_type="person",
            target_id=person.id,
            details={"after": {k: v[1] for k, v in changed.items()}},
        )
        mark_fields(session, person.id, changed, source, actor)
    return person


def update_person(
    session: Session,
    person: Person,
    data: PersonInput,
    expected_version: int,
    actor=None,
    source: str = "officer",
) -> dict[str, list]:
    """Apply an edit made on `expected_version`; refuse it if the record moved on since.

    Returns the changed fields {name: [before, after]} (also written to the audit log)."""
    if person.version != expected_version:
        raise StaleRecordError(person.version)
    validate_person(session, data, person_id=person.id, actor=actor)
    before = snapshot(person)
    _apply(person, data)
    changes = diff(before, snapshot(person))
    session.flush()
    _report_withheld(session, person, data, actor)
    if changes and actor is not None:
        record(
            session,
            actor=actor,
            action="person.update",
            target_type="person",
            target_id=person.id,
            details={"changes": changes, "version": person.version},
        )
        mark_fields(session, person.id, changes, source, actor)
    return changes


def validate_qualification(
    session: Session, data: QualificationInput, codes=None
) -> QualificationInput:
    for item in fields(data):
        setattr(data, item.name, _clean_text(getattr(data, item.name)))
    errors: dict[str, str] = {}
    if not data.level_code:
        errors["level_code"] = str(_l("Trình độ là bắt buộc."))
    _check_code(session, errors, "level_code", QualificationLevel, data.level_code, codes)
    if data.field_code:
        if len(data.field_code) != 7 or not data.field_code.isdigit():
            errors["field_code"] = str(_l("Mã ngành phải gồm 7 chữ số."))
        elif not (
            data.field_code[1:3] in codes[FieldOfStudy]
            if codes and FieldOfStudy in codes
            else session.get(FieldOfStudy, data.field_code[1:3])
        ):
            errors["field_code"] = str(
                _l("Lĩnh vực đào tạo không có trong danh mục: %(code)s", code=data.field_code[1:3])
            )
    if data.year is not None and not (1900 <= data.year <= date.today().year):
        errors["year"] = str(_l("Năm tốt nghiệp không hợp lệ."))
    if data.country and (len(data.country) != 2 or not data.country.isalpha()):
        errors["country"] = str(_l("Mã quốc gia phải gồm 2 chữ cái (ISO 3166)."))
    if errors:
        raise ValidationError(errors)
    if data.country:
        data.country = data.country.upper()
    if data.field_code and not data.major_name:
        # The national list names a discipline the same at every level (7xxxxxx, 8xxxxxx, 9xxxxxx).
        known = session.get(Major, "7" + data.field_code[1:])
        data.major_name = known.name_vi if known else None
    return data


def refresh_highest_level(session: Session, person: Person) -> None:
    """Derive the person's highest qualification level from their qualifications."""
    ranks = dict(session.execute(select(QualificationLevel.code, QualificationLevel.rank)).all())
    codes = [q.level_code for q in person.qualifications]
    person.highest_level_code = max(codes, key=lambda code: ranks[code]) if codes else None


def add_qualification(session: Session, person: Person, data: QualificationInput) -> Qualification:
    validate_qualification(session, data)
    qualification = Qualification(
        level_code=data.level_code,
        field_code=data.field_code,
        discipline=data.field_code[1:] if data.field_code else None,
        major_name=data.major_name,
        institution=data.institution,
        country=data.country,
        year=data.year,
    )
    person.qualifications.append(qualification)
    refresh_highest_level(session, person)
    session.flush()
    return qualification


def remove_qualification(session: Session, person: Person, qualification: Qualification) -> None:
    person.qualifications.remove(qualification)
    refresh_highest_level(session, person)
    session.flush()


@dataclass
class NewProfile:
    """A validated person with the parts a bulk load brings (see `bulk_create_people`)."""

    person: PersonInput
    qualification: QualificationInput | None = None
    language: dict | None = None  # {"language": "en", "level_code": "bac_3"}
    audit: dict | None = None  # extra audit details, e.g. {"file": ..., "row": ...}


def _json_ready(values: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def _person_row(data: PersonInput, now, highest: str | None) -> dict:
    row = {item.name: getattr(data, item.name) for item in fields(data)}
    row.update(
        name_folded=fold(data.full_name),
        name_sort_key=name_sort_key(data.full_name),
        highest_level_code=highest,
        created_at=now,
        updated_at=now,
        version=1,
    )
    return row


def bulk_create_people(
    session: Session, profiles: list[NewProfile], actor=None, source: str = "import"
) -> list[int]:
    """Insert people already checked by `validate_person` / `validate_qualification`, with their
    audit entries and field provenance, in a few statements (flushes, never commits).

    The ORM hook that refreshes search documents does not see Core inserts: the caller calls
    registry.search.index.people_written for the returned ids before committing."""
    from registry.audit.models import AuditEntry, FieldVerification, utcnow
    from registry.people.models import PersonLanguage

    if not profiles:
        return []
    now = utcnow()
    rows = [
        _person_row(p.person, now, p.qualification.level_code if p.qualification else None)
        for p in profiles
    ]
    ids = list(
        session.scalars(
            insert(Person.__table__).returning(Person.id, sort_by_parameter_order=True), rows
        )
    )
    degrees, languages, audits, provenance = [], [], [], []
    for person_id, profile, row in zip(ids, profiles, rows, strict=True):
        if profile.qualification:
            q = profile.qualification
            degrees.append(
                {
                    "person_id": person_id,
                    "level_code": q.level_code,
                    "field_code": q.field_code,
                    "discipline": q.field_code[1:] if q.field_code else None,
                    "major_name": q.major_name,
                    "institution": q.institution,
                    "country": q.country,
                    "year": q.year,
                }
            )
        if profile.language:
            languages.append({"person_id": person_id, **profile.language})
        after = {n: row[n] for n in PERSON_FIELDS if row[n] not in (None, False, "")}
        audits.append(
            {
                "at": now,
                "actor_id": getattr(actor, "id", None),
                "actor_name": getattr(actor, "username", None),
                "action": "person.create",
                "target_type": "person",
                "target_id": person_id,
                "details": {"after": _json_ready(after), **(profile.audit or {})},
            }
        )
        provenance.extend(
            {
                "person_id": person_id,
                "field": name,
                "source": source,
                "verified_by_id": getattr(actor, "id", None),
                "verified_at": now,
            }
            for name in after
        )
    for table, values in (
        (Qualification.__table__, degrees),
        (PersonLanguage.__table__, languages),
        (AuditEntry.__table__, audits if actor is not None else []),
        (FieldVerification.__table__, provenance if actor is not None else []),
    ):
        if values:
            session.execute(insert(table), values)
    return ids
