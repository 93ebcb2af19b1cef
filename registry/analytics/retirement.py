"""Statutory retirement dates from the editable schedule (Labour Code 2019, Nghị định 135/2020).

From 2021 the age rises from 60 years 3 months (men) and 55 years 4 months (women) by 3 and 4
months a year until 62 (men, 2028) and 60 (women, 2035). A person retires in the first year whose
age in the schedule they reach within that year."""

from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.analytics.models import RetirementAge

FIRST_YEAR = 2021
BEFORE = {"male": 60 * 12, "female": 55 * 12}


def default_schedule() -> list[dict]:
    rows = []
    for sex, start, step, final in (
        ("male", 60 * 12 + 3, 3, 62 * 12),
        ("female", 55 * 12 + 4, 4, 60 * 12),
    ):
        year, months = FIRST_YEAR, start
        while True:
            rows.append({"sex": sex, "year": year, "age_months": min(months, final)})
            if months >= final:
                break
            year, months = year + 1, months + step
    return rows


def load_schedule(session: Session) -> dict[str, list[tuple[int, int]]]:
    schedule: dict[str, list[tuple[int, int]]] = {"male": [], "female": []}
    for row in session.scalars(select(RetirementAge).order_by(RetirementAge.year)):
        schedule[row.sex].append((row.year, row.age_months))
    return schedule


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def retirement_date(schedule: dict[str, list[tuple[int, int]]], sex: str, birth: date) -> date:
    """The day a person reaches statutory retirement age."""
    rows = schedule.get(sex) or []
    if not rows:
        return _add_months(birth, BEFORE[sex])
    first_year = rows[0][0]
    before = _add_months(birth, BEFORE[sex])
    if before.year < first_year:
        return before
    for year, months in rows:
        reached = _add_months(birth, months)
        if reached.year <= year:
            return reached
    return _add_months(birth, rows[-1][1])


def working_until_cutoff(schedule: dict, sex: str, year: int) -> date:
    """The latest birth date of people of `sex` who retire on or before 31 December `year`.

    Retirement dates grow with birth dates, so one cutoff per sex turns the projection into an
    index-friendly birth-date comparison."""
    low, high = date(1900, 1, 1), date(year, 12, 31)
    end = date(year, 12, 31)
    while (high - low).days > 1:
        middle = date.fromordinal((low.toordinal() + high.toordinal()) // 2)
        if retirement_date(schedule, sex, middle) <= end:
            low = middle
        else:
            high = middle
    return low
