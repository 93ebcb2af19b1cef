"""Shortlist candidates for a need (field, level, area, count) with an explainable score.

Score parts, each shown on the row: field match (against the wanted major when given, else the
field's prefixes: same major 3, same 4-digit group 2, same 2-digit field 1; declared expertise 1), level (2 for meeting the minimum, +1 per
level above), experience (1 point per 5 years of work, at most 4), distance (same commune 3, same
province 1), achievements (2 per research task led, 1 per other task role, initiative or award at
provincial level or above, at most 4: registry/contributions), and 2 for each policy group the user
ticked that the person belongs to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.auth.scope import visible_people
from registry.people.areas import area_codes, person_in_area
from registry.people.fields import field_bits, has_field
from registry.people.models import Person, PersonExpertise, Qualification, WorkHistory
from registry.people.policy import group_clause, load_params
from registry.reference.models import Commune, PriorityFieldPrefix, QualificationLevel

POOL_LIMIT = 5000


@dataclass
class Candidate:
    person: Person
    score: int = 0
    reasons: list[str] = field(default_factory=list)

    def add(self, points: int, reason) -> None:
        if points:
            self.score += points
            self.reasons.append(f"+{points} {reason}")


def _field_points(
    prefixes: list[str], disciplines: list[str], declared: bool, study: str | None
) -> tuple[int, str]:
    """Against the wanted major (`study`, 6 digits) when given: same major 3, group 2, field 1;
    otherwise against the priority field's prefixes, by how specific the matching prefix is."""
    best = 0
    for discipline in disciplines:
        if study:
            best = max(
                best,
                next(
                    (
                        points
                        for points, size in ((3, 6), (2, 4), (1, 2))
                        if discipline[:size] == study[:size]
                    ),
                    0,
                ),
            )
            continue
        for prefix in prefixes:
            if discipline.startswith(prefix):
                best = max(best, {6: 3, 4: 2}.get(len(prefix), 1))
    if best:
        return best, str(
            {
                3: _l("ngành đúng chuyên môn"),
                2: _l("cùng nhóm ngành"),
                1: _l("cùng lĩnh vực đào tạo"),
            }[best]
        )
    return (1, str(_l("tự khai lĩnh vực chuyên môn"))) if declared else (0, "")


def shortlist(
    session: Session,
    user,
    *,
    field_code: str,
    min_level: str,
    area: str,
    count: int,
    prefer_groups: tuple[str, ...] = (),
    outside_only: bool = False,
    study: str | None = None,
    today: date | None = None,
) -> list[Candidate]:
    today = today or date.today()
    ranks = dict(session.execute(select(QualificationLevel.code, QualificationLevel.rank)).all())
    area_province = area[:2] if len(area) == 2 else None
    communes, _ = area_codes(session, area)
    provinces = set(
        session.scalars(select(Commune.province_code).where(Commune.code.in_(communes)))
    )
    pool_area = person_in_area(area_province, session) if area_province else None
    clauses = [
        Person.status == "active",
        visible_people(session, user),
        has_field(field_bits(session)[field_code]),
        Person.highest_level_code.in_([c for c, r in ranks.items() if r >= ranks[min_level]]),
    ]
    if pool_area is None and provinces:
        from sqlalchemy import or_

        clauses.append(or_(*[person_in_area(p, session) for p in sorted(provinces)]))
    elif pool_area is not None:
        clauses.append(pool_area)
    if outside_only:
        clauses.append(~person_in_area(area, session))
    people = session.scalars(select(Person).where(*clauses).limit(POOL_LIMIT)).all()
    ranked = _rank(
        session,
        people,
        field_code,
        min_level,
        communes,
        provinces,
        prefer_groups,
        ranks,
        today,
        study,
    )
    return ranked[:count]


def _rank(
    session, people, field_code, min_level, communes, provinces, prefer_groups, ranks, today, study
):
    ids = [p.id for p in people]
    prefixes = list(
        session.scalars(
            select(PriorityFieldPrefix.prefix).where(PriorityFieldPrefix.field_code == field_code)
        )
    )
    disciplines: dict[int, list[str]] = {}
    for person_id, discipline in session.execute(
        select(Qualification.person_id, Qualification.discipline).where(
            Qualification.person_id.in_(ids), Qualification.discipline.is_not(None)
        )
    ):
        disciplines.setdefault(person_id, []).append(discipline)
    declared = set(
        session.scalars(
            select(PersonExpertise.person_id).where(
                PersonExpertise.person_id.in_(ids), PersonExpertise.field_code == field_code
            )
        )
    )
    started = dict(
        session.execute(
            select(WorkHistory.person_id, func.min(WorkHistory.start_date))
            .where(WorkHistory.person_id.in_(ids))
            .group_by(WorkHistory.person_id)
        ).all()
    )
    params = load_params(session)
    in_groups = {
        g: set(
            session.scalars(
                select(Person.id).where(Person.id.in_(ids), group_clause(session, g, today, params))
            )
        )
        for g in prefer_groups
    }
    province_of = dict(session.execute(select(Commune.code, Commune.province_code)).all())
    from registry.contributions.people_queries import achievement_points
    from registry.people.profile import GROUP_LABELS

    achievements = achievement_points(session, ids)

    candidates = []
    for person in people:
        candidate = Candidate(person)
        points, reason = _field_points(
            prefixes, disciplines.get(person.id, []), person.id in declared, study
        )
        candidate.add(points, reason)
        above = ranks[person.highest_level_code] - ranks[min_level]
        candidate.add(2 + above, _l("trình độ %(level)s", level=person.highest_level.name_vi))
        years = (today - started[person.id]).days // 365 if person.id in started else 0
        candidate.add(min(years // 5, 4), _l("%(n)d năm công tác", n=years))
        if person.commune_code in communes:
            candidate.add(3, _l("ở ngay địa bàn"))
        elif province_of.get(person.commune_code) in provinces:
            candidate.add(1, _l("cùng tỉnh"))
        candidate.add(*achievements.get(person.id, (0, "")))
        for group in prefer_groups:
            if person.id in in_groups[group]:
                candidate.add(2, GROUP_LABELS[group])
        candidates.append(candidate)
    candidates.sort(key=lambda c: (-c.score, c.person.name_sort_key, c.person.id))
    return candidates
