"""Load the reference CSVs shipped in reference/data into the database, idempotently.

Official code lists are upserted (a newer data version updates names); lists an administrator
edits (priority fields, their prefixes, policy parameters) only receive rows that are missing,
so a second `registry init` never undoes an administrator's change.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from registry.reference import models as m
from registry.text import nfc

DATA_DIR = Path(__file__).with_name("data")


def _flag(value: str) -> bool | None:
    return None if value == "" else value == "1"


def _opt(value: str) -> str | None:
    return value or None


@dataclass(frozen=True)
class Source:
    model: type
    filename: str
    convert: Callable[[dict[str, str]], dict]
    editable: bool = False


def _ranked(row: dict[str, str]) -> dict:
    return {
        "code": row["code"],
        "rank": int(row["rank"]),
        "name_vi": row["name_vi"],
        "name_en": row["name_en"],
    }


SOURCES: tuple[Source, ...] = (
    Source(
        m.Province,
        "admin_province_2025.csv",
        lambda r: {
            "code": r["code"],
            "name": r["name"],
            "division_type": r["division_type"],
            "codename": r["codename"],
        },
    ),
    Source(
        m.Commune,
        "admin_ward_2025.csv",
        lambda r: {
            "code": r["code"],
            "name": r["name"],
            "division_type": r["division_type"],
            "province_code": r["province_code"],
        },
    ),
    Source(
        m.LegacyProvince,
        "admin_province_legacy.csv",
        lambda r: {"code": r["code"], "name": r["name"]},
    ),
    Source(
        m.LegacyDistrict,
        "admin_district_legacy.csv",
        lambda r: {"code": r["code"], "name": r["name"], "province_code": r["province_code"]},
    ),
    Source(
        m.LegacyCommune,
        "admin_ward_legacy.csv",
        lambda r: {
            "code": r["code"],
            "name": r["name"],
            "district_code": r["district_code"],
            "province_code": r["province_code"],
        },
    ),
    Source(
        m.CommuneConversion,
        "admin_ward_conversion_2025.csv",
        lambda r: {
            "old_code": r["old_ward_code"],
            "new_code": r["new_ward_code"],
            "is_partly_merged": r["is_partly_merged"] == "1",
        },
    ),
    Source(
        m.EthnicGroup,
        "ethnic_group.csv",
        lambda r: {
            "code": r["code"],
            "name_vi": r["name_vi"],
            "is_minority": _flag(r["is_minority"]),
        },
    ),
    Source(
        m.QualificationLevel,
        "qualification_level.csv",
        lambda r: {
            **_ranked(r),
            "vqf_level": r["vqf_level"],
            "counts_as_intellectual": r["counts_as_intellectual"] == "1",
        },
    ),
    Source(m.AcademicTitle, "academic_title.csv", _ranked),
    Source(m.PoliticalTheoryLevel, "political_theory_level.csv", _ranked),
    Source(m.StateManagementLevel, "state_management_level.csv", _ranked),
    Source(
        m.LanguageLevel,
        "language_level.csv",
        lambda r: {
            "code": r["code"],
            "rank": int(r["rank"]),
            "name_vi": r["name_vi"],
            "cefr": r["cefr"],
            "legacy": _opt(r["legacy"]),
        },
    ),
    Source(
        m.ItSkillLevel, "it_skill_level.csv", lambda r: {**_ranked(r), "legacy": _opt(r["legacy"])}
    ),
    Source(
        m.FieldOfStudy,
        "field_of_study_l2.csv",
        lambda r: {
            "code": r["code"],
            "name_vi": r["name_vi"],
            "name_en": r["name_en"],
            "isced_broad": r["iscedf2013_broad"],
        },
    ),
    Source(m.Major, "major_examples.csv", lambda r: {"code": r["code"], "name_vi": r["name_vi"]}),
    Source(
        m.PriorityField,
        "priority_field.csv",
        lambda r: {"code": r["code"], "name_vi": r["name_vi"], "name_en": r["name_en"]},
        editable=True,
    ),
    Source(
        m.PolicyParam,
        "policy_param.csv",
        lambda r: {"key": r["key"], "value": r["value"], "source": _opt(r["source"])},
        editable=True,
    ),
    Source(
        m.RetirementAge,
        "retirement_age.csv",
        lambda r: {"sex": r["sex"], "year": int(r["year"]), "age_months": int(r["age_months"])},
        editable=True,
    ),
)


def read_rows(filename: str) -> Iterator[dict[str, str]]:
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {key: (nfc(value) or "") for key, value in row.items()}


def _key(model: type, values: dict) -> tuple:
    return tuple(values[column.name] for column in model.__table__.primary_key.columns)


def _load_source(session: Session, source: Source) -> dict[str, int]:
    table = source.model.__table__
    pk_columns = list(table.primary_key.columns)
    existing = {tuple(row): None for row in session.execute(select(*pk_columns))}
    if not source.editable and existing:
        existing = {
            _key(source.model, row._mapping): dict(row._mapping)
            for row in session.execute(select(table))
        }
    new_rows, changed = [], 0
    for raw in read_rows(source.filename):
        values = source.convert(raw)
        key = _key(source.model, values)
        if key not in existing:
            new_rows.append(values)
        elif not source.editable and existing[key] != values:
            criteria = [column == value for column, value in zip(pk_columns, key, strict=True)]
            session.execute(update(table).where(*criteria).values(**values))
            changed += 1
    if new_rows:
        session.execute(insert(table), new_rows)
    return {"inserted": len(new_rows), "updated": changed}


def _load_priority_prefixes(session: Session, new_fields: set[str]) -> int:
    rows = [
        {"field_code": raw["code"], "prefix": prefix.strip()}
        for raw in read_rows("priority_field.csv")
        if raw["code"] in new_fields
        for prefix in raw["discipline_prefixes"].split(";")
        if prefix.strip()
    ]
    if rows:
        session.execute(insert(m.PriorityFieldPrefix.__table__), rows)
    return len(rows)


def load_reference(session: Session) -> dict[str, dict[str, int]]:
    """Insert or refresh every reference list; flush, never commit. Returns counts per table."""
    known_fields = set(session.scalars(select(m.PriorityField.code)))
    report = {}
    for source in SOURCES:
        report[source.model.__tablename__] = _load_source(session, source)
    session.flush()
    new_fields = set(session.scalars(select(m.PriorityField.code))) - known_fields
    report["priority_field_prefix"] = {
        "inserted": _load_priority_prefixes(session, new_fields),
        "updated": 0,
    }
    from registry.people.fields import assign_bits

    assign_bits(session)
    session.flush()
    return report
