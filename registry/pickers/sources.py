"""Named lists people pick from instead of typing codes: areas (provinces, former districts,
communes new and old), majors, organisations. Declared once here; forms (PickerField), the JSON
search behind the picker script and the plain <datalist> fallback all read these declarations."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, g
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from registry.extensions import db
from registry.people.models import Organization
from registry.reference import models as ref
from registry.text import fold

_DIVISION = re.compile(
    r"^(tinh|thanh pho|huyen|quan|thi xa|thi tran|xa|phuong|dac khu)\s+", re.IGNORECASE
)


@dataclass(frozen=True)
class Entry:
    code: str
    label: str
    rank: int  # lower first: the home province and today's units before older ones
    folded: str
    bare: str  # folded name without its division word ("xa vinh linh" -> "vinh linh")
    name: str  # folded name ("xa vinh linh")


def _entry(code: str, label: str, name: str, rank: int, context: str = "") -> Entry:
    """`context`: the rest of the label already folded (district, province), folded once."""
    folded_name = fold(name)
    folded = f"{folded_name} {context}".strip()
    return Entry(code, label, rank, folded, _DIVISION.sub("", folded_name), folded_name)


def _names(model) -> tuple[dict[str, str], dict[str, str]]:
    names = dict(db.session.execute(select(model.code, model.name)).all())
    return names, {code: fold(name) for code, name in names.items()}


def _areas(kinds: tuple[str, ...]) -> list[Entry]:
    session, home = db.session, current_app.config["HOME_PROVINCE"]
    old = _("trước 7/2025")
    marker = fold(old)
    provinces, f_provinces = _names(ref.Province)
    old_provinces, f_old = _names(ref.LegacyProvince)
    districts, f_districts = _names(ref.LegacyDistrict)
    entries: list[Entry] = []
    if "province" in kinds:
        entries += [_entry(c, n, n, 0 if c == home else 3) for c, n in provinces.items()]
    if "commune" in kinds:
        rows = session.execute(
            select(ref.Commune.code, ref.Commune.name, ref.Commune.province_code)
        )
        entries += [
            _entry(c, f"{n}, {provinces[p]}", n, 1 if p == home else 4, f_provinces[p])
            for c, n, p in rows
        ]
    if "district" in kinds:
        district = ref.LegacyDistrict
        rows = session.execute(select(district.code, district.name, district.province_code))
        entries += [
            _entry(
                c,
                f"{n} ({old}), {old_provinces[p]}",
                n,
                2 if p == home else 5,
                f"{marker} {f_old[p]}",
            )
            for c, n, p in rows
        ]
    if "old_commune" in kinds:
        # An old code reused by a new commune names the same area (people/areas.py): the old name
        # stays searchable, the code shows the new name.
        commune = ref.LegacyCommune
        rows = session.execute(
            select(commune.code, commune.name, commune.district_code, commune.province_code)
        )
        entries += [
            _entry(
                c,
                f"{n} ({old}), {districts[d]}, {old_provinces[p]}",
                n,
                2 if p == home else 6,
                f"{marker} {f_districts[d]} {f_old[p]}",
            )
            for c, n, d, p in rows
        ]
    return entries


def _organizations() -> list[Entry]:
    rows = db.session.execute(select(Organization.id, Organization.name)).all()
    counts: dict[str, int] = {}
    for _id, name in rows:
        counts[name] = counts.get(name, 0) + 1
    return [_entry(str(i), n if counts[n] == 1 else f"{n} (#{i})", n, 1) for i, n in rows]


def _majors() -> list[Entry]:
    rows = db.session.execute(select(ref.Major.code, ref.Major.name_vi)).all()
    return [_entry(c, n, n, 1) for c, n in rows]


@dataclass(frozen=True)
class Source:
    """A list to pick from. `build` makes its entries; cached ones are reference data."""

    name: str
    build: Callable[[], list[Entry]]
    cached: bool = True
    accepts: Callable[[str], bool] | None = None  # raw codes accepted as typed (digits)
    alias: Callable[[str], str] | None = None  # where to look up a code the list lacks

    def _built(self) -> tuple[list[Entry], dict[str, Entry], list[Entry]]:
        # Reference lists are kept per process; lists of organisations once per request.
        store = current_app.extensions.setdefault("picker_cache", {}) if self.cached else g
        if not self.cached and not hasattr(g, "picker_cache"):
            g.picker_cache = {}
        cache = store if self.cached else g.picker_cache
        key = (self.name, str(get_locale()))
        if key not in cache:
            entries = self.build()
            by_code: dict[str, Entry] = {}
            for entry in entries:
                by_code.setdefault(entry.code, entry)  # today's name first
            ranked = sorted(entries, key=lambda e: (e.rank, e.folded))
            cache[key] = (entries, by_code, ranked)
        return cache[key]

    def entries(self) -> list[Entry]:
        return self._built()[0]

    def by_code(self) -> dict[str, Entry]:
        return self._built()[1]

    def label(self, code) -> str:
        if code in (None, ""):
            return ""
        codes = self.by_code()
        entry = codes.get(str(code)) or (codes.get(self.alias(str(code))) if self.alias else None)
        return entry.label if entry else str(code)

    def resolve(self, text: str) -> tuple[str | None, str | None]:
        """(code, None) for a label, a name or a code; (None, message) when none or several fit."""
        text = (text or "").strip()
        codes = self.by_code()
        if text in codes or (self.accepts and self.accepts(text)):
            return text, None
        folded = fold(text)
        for test in (
            lambda e: e.folded == folded,
            lambda e: e.name == folded,
            lambda e: e.bare == _DIVISION.sub("", folded),
        ):
            found = sorted((e for e in self.entries() if test(e)), key=lambda e: e.rank)
            if len(found) == 1 or (found and found[0].rank < found[1].rank):
                return found[0].code, None
            if found:
                examples = "; ".join(e.label for e in found[:4])
                return None, _(
                    "Có nhiều mục tên “%(text)s”: hãy chọn một trong danh sách (%(examples)s).",
                    text=text,
                    examples=examples,
                )
        return None, _("Không tìm thấy “%(text)s” trong danh mục.", text=text)

    def search(self, query: str, limit: int = 20) -> list[Entry]:
        """Entries whose folded label contains every folded word of the query, best first."""
        words = fold(query).split()
        if not words:
            return self._built()[2][:limit]
        found = [e for e in self.entries() if all(w in e.folded for w in words)]
        phrase = " ".join(words)
        found.sort(
            key=lambda e: (
                not e.bare.startswith(phrase),
                phrase not in e.bare,
                e.rank,
                len(e.label),
                e.folded,
            )
        )
        return found[:limit]

    def suggestions(self, limit: int = 400) -> list[str]:
        """Labels for the plain <datalist> used when scripts do not run: the likeliest first."""
        return [e.label for e in self._built()[2][:limit]]


def _digits(*lengths: int) -> Callable[[str], bool]:
    return lambda text: text.isdigit() and len(text) in lengths


def _org_scopes() -> list[Entry]:
    return [Entry("org:" + e.code, e.label, 2, e.folded, e.bare, e.name) for e in _organizations()]


def _scopes() -> list[Entry]:
    return SOURCES["communes_and_provinces"].entries() + _org_scopes()


def _target_areas() -> list[Entry]:
    return SOURCES["areas"].entries() + _org_scopes()


SOURCES = {
    source.name: source
    for source in (
        Source("areas", lambda: _areas(("province", "commune", "district", "old_commune"))),
        Source("communes", lambda: _areas(("commune",))),
        Source("communes_and_provinces", lambda: _areas(("province", "commune"))),
        Source("any_communes", lambda: _areas(("commune", "old_commune"))),
        # A discipline is named alike at every level: 8620109 and 9620109 are 7620109's major.
        Source("majors", _majors, accepts=_digits(7), alias=lambda code: "7" + code[1:]),
        Source("organizations", _organizations, cached=False),
        Source("scopes", _scopes, cached=False),
        Source("target_areas", _target_areas, cached=False),
    )
}
