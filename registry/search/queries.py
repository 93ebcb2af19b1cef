"""The one search builder: criteria in, Select out; facet counts for the same filtered set.

Used by the page, the exports, the API and the CLI, always with the user's scope clause."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, select, text, true
from sqlalchemy.orm import Session

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
    condition = and_(*[PersonSearch.document.like(f"% {token}%") for token in tokens])
    return Person.id.in_(select(PersonSearch.person_id).where(condition))


def _rank_at_least(model, column, code: str):
    minimum = select(model.rank).where(model.code == code).scalar_subquery()
    return column.in_(select(model.code).where(model.rank >= minimum))


def filter_clauses(session: Session, criteria: Criteria, user, today: date | None = None) -> list:
    """WHERE clauses for the criteria, the user's scope first."""
    today = today or date.today()
    clauses = [visible_people(session, user)]
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
        add(person_in_area(criteria.area))
    if criteria.org:
        add(Person.organization_id.in_(organization_subtree(session, criteria.org)))
    if criteria.sector:
        add(Person.sector == criteria.sector)
    if criteria.status:
        add(Person.status == criteria.status)


def _order(criteria: Criteria):
    level_rank = select(ref.QualificationLevel.rank).where(
        ref.QualificationLevel.code == Person.highest_level_code).scalar_subquery()
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


def search(session: Session, criteria: Criteria, user, today: date | None = None) -> Select:
    """People matching the criteria within the user's scope, in the requested order."""
    return select(Person).where(*filter_clauses(session, criteria, user, today)).order_by(*_order(criteria))


def search_ids(session: Session, criteria: Criteria, user, today: date | None = None) -> Select:
    return select(Person.id).where(*filter_clauses(session, criteria, user, today)).order_by(*_order(criteria))


def count(session: Session, criteria: Criteria, user, today: date | None = None) -> int:
    return session.scalar(select(func.count(Person.id)).where(*filter_clauses(session, criteria, user, today))) or 0


FACET_COLUMNS = {"level": Person.highest_level_code, "sex": Person.sex, "sector": Person.sector,
                 "status": Person.status, "ethnicity": Person.ethnicity_code, "area": Person.commune_code}


def facets(session: Session, criteria: Criteria, user, today: date | None = None,
           include_ethnicity: bool = True) -> dict[str, dict]:
    """Counts per value of the main filters, over the current result set."""
    today = today or date.today()
    where = and_(true(), *filter_clauses(session, criteria, user, today))
    result: dict[str, dict] = {}
    for name, column in FACET_COLUMNS.items():
        if name == "ethnicity" and not include_ethnicity:
            continue
        rows = session.execute(select(column, func.count()).where(where).group_by(column)
                               .order_by(func.count().desc()).limit(40)).all()
        result[name] = {value: n for value, n in rows if value is not None}
    params = load_params(session)
    flags = [func.sum(case((group_clause(session, g, today, params), 1), else_=0)) for g in GROUPS]
    bits = field_bits(session)
    fields_ = sorted(bits)
    flags += [func.sum(case((has_field(bits[f]), 1), else_=0)) for f in fields_]
    row = session.execute(select(literal(0), *flags).where(where)).one()[1:]
    result["group"] = {g: n or 0 for g, n in zip(GROUPS, row[:len(GROUPS)], strict=True) if n}
    result["field"] = {f: n or 0 for f, n in zip(fields_, row[len(GROUPS):], strict=True) if n}
    return result
