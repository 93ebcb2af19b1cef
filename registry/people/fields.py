"""Which priority fields a person counts toward, kept as two bit masks on the person.

A person counts toward a field when one of their qualifications' disciplines starts with one of the
field's prefixes (`fields_by_study`) or when they declared the field (`fields_by_declared`). Masks
make field filters, facets and the gap dashboard single-pass aggregates. They are recomputed for the
people a transaction touched (registry/search/index.py) and for everyone when prefixes change.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, Integer, func, literal, select, update
from sqlalchemy.orm import Session

from registry.people.models import Person, PersonExpertise, Qualification
from registry.reference.models import PriorityField, PriorityFieldPrefix

MAX_FIELDS = 62
KEEP = {"updated_at": Person.updated_at}  # derived columns do not count as an edit of the profile


def assign_bits(session: Session) -> dict[str, int]:
    """Give every priority field a bit (the smallest free one); returns code -> bit."""
    fields = session.scalars(select(PriorityField).order_by(PriorityField.code)).all()
    used = {f.bit for f in fields if f.bit is not None}
    free = (n for n in range(MAX_FIELDS) if n not in used)
    for field in fields:
        if field.bit is None:
            field.bit = next(free)
    session.flush()
    return {f.code: f.bit for f in fields}


def field_bits(session: Session) -> dict[str, int]:
    return dict(
        session.execute(
            select(PriorityField.code, PriorityField.bit).where(PriorityField.bit.is_not(None))
        ).all()
    )


def has_field(code_bit: int, rule: str = "any") -> ColumnElement[bool]:
    """People counted toward the field with bit `code_bit` by `rule`: study, declared or any."""
    mask = 1 << code_bit
    columns = {
        "study": Person.fields_by_study,
        "declared": Person.fields_by_declared,
        "any": Person.fields_by_study.op("|")(Person.fields_by_declared),
    }
    return columns[rule].op("&")(mask) != 0


def _chunks(ids: list[int], size: int = 900):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def refresh_field_masks(session: Session, person_ids: Iterable[int] | None = None) -> None:
    """Recompute both masks for these people (everyone when None): two set-based UPDATEs per batch,
    each person's mask the sum of the distinct bits of the fields they match."""
    bit_value = literal(1).op("<<")(PriorityField.bit)
    study = (
        select(func.coalesce(func.sum(bit_value.distinct()), 0))
        .select_from(Qualification)
        .join(PriorityFieldPrefix, Qualification.discipline.like(PriorityFieldPrefix.prefix + "%"))
        .join(PriorityField, PriorityField.code == PriorityFieldPrefix.field_code)
        .where(Qualification.person_id == Person.id, PriorityField.bit.is_not(None))
        .scalar_subquery()
    )
    declared = (
        select(func.coalesce(func.sum(bit_value.distinct()), 0))
        .select_from(PersonExpertise)
        .join(PriorityField, PriorityField.code == PersonExpertise.field_code)
        .where(PersonExpertise.person_id == Person.id, PriorityField.bit.is_not(None))
        .scalar_subquery()
    )
    first_degree = (
        select(func.min(Qualification.year))
        .where(Qualification.person_id == Person.id, Qualification.discipline.is_not(None))
        .scalar_subquery()
    )
    batches = [None] if person_ids is None else list(_chunks(sorted(set(person_ids))))
    for ids in batches:
        statement = update(Person).values(
            fields_by_study=study,
            fields_by_declared=declared,
            first_degree_year=first_degree,
            **KEEP,
        )
        if ids is not None:
            statement = statement.where(Person.id.in_(ids))
        session.execute(statement.execution_options(synchronize_session=False))


def fields_of_mask(bits: dict[str, int], mask: int) -> list[str]:
    return [code for code, bit in bits.items() if mask & (1 << bit)]


def count_by_field(session: Session, where, bits: dict[str, int]) -> dict[str, dict[str, int]]:
    """{field: {"any": n, "study": n, "declared": n}} for the people selected by `where`, one pass."""
    columns = []
    for _code, bit in sorted(bits.items()):
        mask = 1 << bit
        columns += [
            func.sum(
                (Person.fields_by_study.op("|")(Person.fields_by_declared).op("&")(mask) != 0).cast(
                    Integer
                )
            ),
            func.sum((Person.fields_by_study.op("&")(mask) != 0).cast(Integer)),
            func.sum((Person.fields_by_declared.op("&")(mask) != 0).cast(Integer)),
        ]
    row = session.execute(select(*columns).where(where)).one()
    result = {}
    for index, code in enumerate(sorted(bits)):
        any_, study, declared = (row[3 * index + k] or 0 for k in range(3))
        result[code] = {"any": any_, "study": study, "declared": declared}
    return result
