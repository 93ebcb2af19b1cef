"""The one search builder: criteria in, Select out; facet counts for the same filtered set.

Used by the page, the exports, the API and the CLI, always with the user's scope clause."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    column,
    func,
    insert,
    literal_column,
    select,
    table,
    text,
    true,
    tuple_,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import True_

from registry.auth.scope import organization_subtree, visible_people
from registry.people.areas import person_in_area
from registry.people.fields import field_bits, has_field
from registry.people.models import Person, PersonLanguage, Qualification
from registry.people.policy import GROUPS, age_between, group_clause, load_params
from registry.reference import models as ref
from registry.search.criteria import Criteria
from registry.search.models import PersonSearch
from registry.text import fold

MAX_TOKENS = 8


def text_tokens(q: str) -> list[str]:
    """Folded words of the query; anything that is not a letter or digit is dropped."""
    return fold(q).split()[:MAX_TOKENS]


def text_clause(session: Session, q: str) -> ColumnElement[bool] | None:
    """People whose search document has every query word as a word prefix."""
    tokens = text_tokens(q)
    if not tokens:
        return None if not (q or "").strip() else Person.id.is_(None)
    if session.get_bind().dialect.name == "sqlite":
        match = " ".join(f'"{token}"*' for token in tokens)
        fts = select(text("rowid")).select_from(text("person_fts")).where(
            text("person_fts MATCH :match").bindparams(match=match))
        return Person.id.in_(fts)
    # PostgreSQL: full-text prefix queries over the folded words (GIN index from the migration);
    # tokens are [0-9a-z]+ after folding, so nothing in them can act as a query operator.
    document = func.to_tsvector(literal_column("'simple'::regconfig"), PersonSearch.document)
    query = func.to_tsquery(literal_column("'simple'::regconfig"), " & ".join(f"{t}:*" for t in tokens))
    return Person.id.in_(select(PersonSearch.person_id).where(document.bool_op("@@")(query)))


def _rank_at_least(model, column, code: str):
    minimum = select(model.rank).where(model.code == code).scalar_subquery()
    return column.in_(select(model.code).where(model.rank >= minimum))


def _scope(session: Session, user) -> ColumnElement[bool]:
    """The user's scope clause, dropped when nobody in the registry falls outside it (a provincial
    registry seen by the province's officers): the same people, without a filter to evaluate."""
    clause = visible_people(session, user)
    if getattr(user, "role", None) in ("officer", "recruiter") and getattr(user, "scope_area_code", None) \
            and not getattr(user, "scope_org_id", None):
        everyone = session.scalar(select(func.count()).select_from(Person))
        if session.scalar(select(func.count()).select_from(Person).where(clause)) == everyone:
            return true()
    return clause


def filter_clauses(session: Session, criteria: Criteria, user, today: date | None = None) -> list:
    """WHERE clauses for the criteria, the user's scope first."""
    today = today or date.today()
    clauses = [_scope(session, user)]
    add = clauses.append
    if criteria.q:
        clause = text_clause(session, criteria.q)
        if clause is not None:
            add(clause)
    if criteria.field:
        bit = field_bits(session).get(criteria.field)
        add(has_field(bit) if bit is not None else Person.id.is_(None))
    if criteria.study:
        add(Person.id.in_(select(Qualification.person_id).where(Qualification.discipline.like(criteria.study + "%"))))
    if criteria.level:
        add(Person.highest_level_code == criteria.level)
    if criteria.min_level:
        add(_rank_at_least(ref.QualificationLevel, Person.highest_level_code, criteria.min_level))
    if criteria.title:
        add(Person.academic_title_code.is_not(None) if criteria.title == "any" else
            _rank_at_least(ref.AcademicTitle, Person.academic_title_code, criteria.title))
    if criteria.theory:
        add(_rank_at_least(ref.PoliticalTheoryLevel, Person.political_theory_code, criteria.theory))
    if criteria.management:
        add(_rank_at_least(ref.StateManagementLevel, Person.state_management_code, criteria.management))
    if criteria.language_level:
        add(Person.id.in_(select(PersonLanguage.person_id).where(
            _rank_at_least(ref.LanguageLevel, PersonLanguage.level_code, criteria.language_level))))
    _simple_filters(session, criteria, today, add)
    return clauses


def _simple_filters(session: Session, criteria: Criteria, today: date, add) -> None:
    if criteria.sex:
        add(Person.sex == criteria.sex)
    if criteria.age_min is not None or criteria.age_max is not None:
        add(age_between(criteria.age_min, criteria.age_max, today))
    if criteria.group:
        params = load_params(session)
        for group in criteria.group:
            add(group_clause(session, group, today, params))
    if criteria.ethnicity:
        add(Person.ethnicity_code == criteria.ethnicity)
    if criteria.area:
        add(person_in_area(criteria.area, session))
    if criteria.org:
        add(Person.organization_id.in_(organization_subtree(session, criteria.org)))
    if criteria.sector:
        add(Person.sector == criteria.sector)
    if criteria.status:
        add(Person.status == criteria.status)


def _order(session: Session, criteria: Criteria):
    ranks = dict(session.execute(select(ref.QualificationLevel.code, ref.QualificationLevel.rank)).all())
    level_rank = case(ranks, value=Person.highest_level_code, else_=0)
    if criteria.sort == "name":
        return [Person.name_sort_key, Person.id]
    if criteria.sort == "age":
        return [Person.birth_date.desc(), Person.id]
    if criteria.sort == "-age":
        return [Person.birth_date.asc(), Person.id]
    if criteria.sort == "level":
        return [level_rank.desc(), Person.name_sort_key, Person.id]
    folded = " ".join(text_tokens(criteria.q))
    if not folded:
        return [Person.name_sort_key, Person.id]
    name_rank = case((Person.name_folded == folded, 0),
                     (Person.name_folded.like(folded + "%"), 1),
                     (Person.name_folded.like("% " + folded + "%"), 2), else_=3)
    return [name_rank, Person.name_sort_key, Person.id]


def search(session: Session, criteria: Criteria, user, today: date | None = None, clauses=None) -> Select:
    """People matching the criteria within the user's scope, in the requested order."""
    clauses = clauses if clauses is not None else filter_clauses(session, criteria, user, today)
    return select(Person).where(*clauses).order_by(*_order(session, criteria))


def search_ids(session: Session, criteria: Criteria, user, today: date | None = None, clauses=None) -> Select:
    clauses = clauses if clauses is not None else filter_clauses(session, criteria, user, today)
    return select(Person.id).where(*clauses).order_by(*_order(session, criteria))


def count(session: Session, criteria: Criteria, user, today: date | None = None, clauses=None) -> int:
    clauses = clauses if clauses is not None else filter_clauses(session, criteria, user, today)
    return session.scalar(select(func.count(Person.id)).where(*clauses)) or 0


# Each facet is one GROUP BY over the filtered people (index-only when unfiltered); policy groups
# that follow from another facet's values are added up from it instead of scanning again.
FACET_COLUMNS = {"sex": Person.sex, "sector": Person.sector, "status": Person.status,
                 "level": Person.highest_level_code, "ethnicity": Person.ethnicity_code,
                 "area": Person.commune_code, "overseas": Person.is_overseas}


MATERIALISE_BELOW = 25_000


def _materialised(session: Session, clauses, total: int | None):
    """For a result set of moderate size, evaluate the filters once into a temporary table and let
    every facet read from it; large sets are cheaper to filter again per facet."""
    if total is None or total > MATERIALISE_BELOW:
        return clauses
    session.execute(text("CREATE TEMPORARY TABLE IF NOT EXISTS search_hits (id INTEGER PRIMARY KEY)"))
    session.execute(text("DELETE FROM search_hits"))
    session.execute(insert(table("search_hits", column("id"))).from_select(["id"], select(Person.id).where(*clauses)))
    return [Person.id.in_(select(column("id")).select_from(table("search_hits")))]


def facets(session: Session, criteria: Criteria, user, today: date | None = None,
           include_ethnicity: bool = True, total: int | None = None, clauses=None) -> dict[str, dict]:
    """Counts per value of the main filters, over the current result set (`total` people).

    Unfiltered, each facet is an index-only GROUP BY; filtered, the small facets come from one pass
    of conditional sums and only communes and ethnic groups need a GROUP BY of their own."""
    today = today or date.today()
    clauses = clauses if clauses is not None else filter_clauses(session, criteria, user, today)
    unfiltered = all(isinstance(clause, True_) for clause in clauses)
    if session.get_bind().dialect.name == "postgresql" and not unfiltered:
        result = _grouping_sets(session, clauses, today)
    else:
        clauses = _materialised(session, clauses, total)
        grouped = FACET_COLUMNS if unfiltered else {"ethnicity": Person.ethnicity_code, "area": Person.commune_code}
        result = {}
        for name, facet_column in grouped.items():
            rows = session.execute(select(facet_column, func.count()).where(*clauses).group_by(facet_column)).all()
            result[name] = {value: n for value, n in rows if value is not None}
        if unfiltered:
            result["field"] = _field_facet(session, clauses)
        else:
            result.update(_one_pass(session, clauses))
    result["group"] = _group_facet(session, clauses, result, today)
    del result["overseas"]
    result.pop("ages", None)
    if not include_ethnicity:
        del result["ethnicity"]
    result["area"] = dict(sorted(result["area"].items(), key=lambda item: -item[1])[:30])
    return result


def _grouping_sets(session: Session, clauses, today: date) -> dict[str, dict]:
    """PostgreSQL, filtered results: every facet, the field masks and the two age groups in one scan
    (GROUPING SETS). Unfiltered, separate index-only GROUP BYs are faster."""
    params = load_params(session)
    ages = {g: case((group_clause(session, g, today, params), 1), else_=0) for g in ("youth", "young_intellectual")}
    sets = {**{name: (column,) for name, column in FACET_COLUMNS.items()},
            "field": (Person.fields_by_study, Person.fields_by_declared),
            **{g: (flag,) for g, flag in ages.items()}}
    columns = [c for group in sets.values() for c in group]
    statement = (select(*columns, func.grouping(*columns), func.count()).where(*clauses)
                 .group_by(func.grouping_sets(*[tuple_(*group) for group in sets.values()])))
    # GROUPING() has a bit set for each column not in the row's set: find the set by its pattern.
    patterns, offset, width = {}, 0, len(columns)
    for name, group in sets.items():
        present = sum(1 << (width - 1 - i) for i in range(offset, offset + len(group)))
        patterns[((1 << width) - 1) ^ present] = (name, offset, len(group))
        offset += len(group)
    result: dict[str, dict] = {name: {} for name in sets}
    for row in session.execute(statement):
        name, start, size = patterns[row[-2]]
        key = row[start] if size == 1 else tuple(row[start:start + size])
        if key is not None and key != (None, None):
            result[name][key] = row[-1]
    bits = field_bits(session)
    fields = dict.fromkeys(bits, 0)
    for (study, declared), n in result.pop("field").items():
        for code, bit in bits.items():
            if ((study or 0) | (declared or 0)) & (1 << bit):
                fields[code] += n
    result["field"] = {code: n for code, n in sorted(fields.items(), key=lambda item: -item[1]) if n}
    result["ages"] = {g: result.pop(g).get(1, 0) for g in ages}
    return result


def _one_pass(session: Session, clauses) -> dict[str, dict]:
    """sex, sector, status, level, overseas and priority fields in a single scan of the result set."""
    from registry.people.models import SECTORS, STATUSES

    bits = field_bits(session)
    levels = list(session.scalars(select(ref.QualificationLevel.code).order_by(ref.QualificationLevel.rank.desc())))
    either = Person.fields_by_study.op("|")(Person.fields_by_declared)
    columns = [("sex", v, Person.sex == v) for v in ("female", "male")]
    columns += [("sector", v, Person.sector == v) for v in SECTORS]
    columns += [("status", v, Person.status == v) for v in STATUSES]
    columns += [("level", v, Person.highest_level_code == v) for v in levels]
    columns += [("overseas", True, Person.is_overseas.is_(True))]
    columns += [("field", code, either.op("&")(1 << bit) != 0) for code, bit in sorted(bits.items())]
    row = session.execute(select(*[func.sum(case((clause, 1), else_=0)) for _, _, clause in columns])
                          .where(*clauses)).one()
    result: dict[str, dict] = {"sex": {}, "sector": {}, "status": {}, "level": {}, "overseas": {}, "field": {}}
    for (name, value, _), n in zip(columns, row, strict=True):
        if n:
            result[name][value] = n
    result["field"] = dict(sorted(result["field"].items(), key=lambda item: -item[1]))
    return result


def _field_facet(session: Session, clauses) -> dict[str, int]:
    """People per priority field: group by the two masks (few distinct values), then count bits."""
    bits = field_bits(session)
    counts = dict.fromkeys(bits, 0)
    rows = session.execute(select(Person.fields_by_study.op("|")(Person.fields_by_declared), func.count())
                           .where(*clauses).group_by(Person.fields_by_study, Person.fields_by_declared)).all()
    for mask, n in rows:
        for code, bit in bits.items():
            if mask and mask & (1 << bit):
                counts[code] += n
    return {code: n for code, n in sorted(counts.items(), key=lambda item: -item[1]) if n}


def _group_facet(session: Session, clauses, result: dict, today: date) -> dict[str, int]:
    from registry.people.policy import disadvantaged_communes, minority_codes

    params = load_params(session)
    minorities = set(minority_codes(session))
    disadvantaged = set(disadvantaged_communes(session, today))
    groups = {
        "woman": result["sex"].get("female", 0),
        "ethnic_minority": sum(n for code, n in result["ethnicity"].items() if code in minorities),
        "disadvantaged": sum(n for code, n in result["area"].items() if code in disadvantaged),
        "armed_forces": result["sector"].get("armed_forces", 0),
        "overseas": result["overseas"].get(True, 0),  # 1 and True are the same key
    }
    for group in ("youth", "young_intellectual"):
        if "ages" in result:
            groups[group] = result["ages"][group]
        else:
            groups[group] = session.scalar(select(func.count()).select_from(Person).where(
                *clauses, group_clause(session, group, today, params))) or 0
    return {group: groups[group] for group in GROUPS if groups[group]}
