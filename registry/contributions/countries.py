"""ISO 3166-1 alpha-2 countries with names from Babel's CLDR data (Vietnamese and English)."""

from __future__ import annotations

from functools import cache

from babel import Locale
from flask_babel import lazy_gettext as _l

from registry.errors import ValidationError

# CLDR territory codes that are not countries (unknown region, EU, UN, pseudo-regions).
_NOT_COUNTRIES = {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"}


@cache
def country_names(language: str = "vi") -> dict[str, str]:
    territories = Locale(language).territories
    return {
        code: name
        for code, name in sorted(territories.items(), key=lambda item: item[1])
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


def country_name(code: str | None, language: str = "vi") -> str:
    if not code:
        return ""
    return country_names(language).get(code, code)


def check_country(raw, field: str, required: bool = True) -> str | None:
    """The upper-case code of a known country, or a ValidationError naming `field`."""
    code = str(raw or "").strip().upper()
    if not code:
        if required:
            raise ValidationError({field: str(_l("Hãy chọn quốc gia."))})
        return None
    if code not in country_names("vi"):
        raise ValidationError({field: str(_l("Không có quốc gia mã “%(code)s”.", code=code))})
    return code
