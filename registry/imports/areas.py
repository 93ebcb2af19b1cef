"""Resolve the commune a row names, old (before July 2025) or new, to the codes a profile keeps."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from registry.imports.lookups import Lookups, strip_type
from registry.imports.values import fold

_DISTRICT = ("huyen", "quan", "thi xa", "thanh pho", "tp")
_COMMUNE = ("xa", "phuong", "thi tran", "dac khu", "tt")


def _split(text: str) -> tuple[str | None, str | None]:
    """(commune name, former district name), folded and without their type words."""
    parts = [fold(part) for part in re.split(r"[,;]", text) if fold(part)]
    commune = district = None
    for part in parts:
        if district is None and any(part.startswith(t + " ") for t in _DISTRICT):
            district = strip_type(part, _DISTRICT)
        elif commune is None and any(part.startswith(t + " ") for t in _COMMUNE):
            commune = strip_type(part, _COMMUNE)
    if commune is None and len(parts) == 1 and not district:
        commune = strip_type(parts[0], _COMMUNE)
    return commune, district


def _convert(lookups: Lookups, old: str) -> tuple[str | None, str, str]:
    targets = lookups.conversion.get(old, [])
    old_name = lookups.legacy_names.get(old, old)
    if len(targets) == 1:
        note = str(
            _l(
                "%(old)s (trước 7/2025) nay là %(new)s.",
                old=old_name,
                new=lookups.commune_names.get(targets[0], targets[0]),
            )
        )
        return targets[0], old, note
    return None, old, str(_l("%(old)s đã chia cho nhiều xã mới; giữ mã xã cũ.", old=old_name))


def resolve_area(lookups: Lookups, text: str) -> tuple[str | None, str | None, str | None]:
    """(new commune code, old commune code, note for the preview) of an address or commune name."""
    commune, district = _split(text or "")
    if not commune:
        return None, None, None
    olds = lookups.legacy.get(commune, [])
    if district:
        in_district = {code for code, d in olds if d in set(lookups.districts.get(district, []))}
        if len(in_district) == 1:
            return _convert(lookups, in_district.pop())
    news = lookups.communes.get(commune, [])
    if lookups.province_hint:
        news = [c for c in news if lookups.commune_province.get(c) == lookups.province_hint]
    if len(news) == 1:
        return news[0], None, None
    if lookups.scope_legacy:
        olds = [(code, d) for code, d in olds if code in lookups.scope_legacy]
    if len(olds) == 1:
        return _convert(lookups, olds[0][0])
    return None, None, str(_l("Không xác định được xã/phường từ “%(text)s”.", text=text[:80]))
