"""Reference lookups for one import, loaded once into dicts (no query per row)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.imports.values import AliasTable, fold
from registry.people.areas import area_codes
from registry.people.models import Organization
from registry.reference import models as m
from registry.reference.loader import read_rows
from registry.reference.models import (
    Commune,
    CommuneConversion,
    EthnicGroup,
    LegacyCommune,
    LegacyDistrict,
    Major,
)

_COMMUNE_TYPES = ("thi tran", "phuong", "xa", "dac khu", "tt", "p", "x")
_DISTRICT_TYPES = ("thanh pho", "thi xa", "huyen", "quan", "tp", "tx", "h", "q")


def strip_type(folded: str, types=_COMMUNE_TYPES) -> str:
    for prefix in types:
        if folded.startswith(prefix + " "):
            return folded[len(prefix) + 1 :]
    return folded


def ethnic_key(text: str) -> str:
    return fold(text).replace(" ", "")


@dataclass
class Lookups:
    aliases: dict[str, AliasTable]
    ethnic: dict[str, str]
    ethnic_names: dict[str, str]
    communes: dict[str, list[str]]  # folded name -> new codes
    commune_names: dict[str, str]
    commune_province: dict[str, str]
    legacy: dict[str, list[tuple[str, str]]]  # folded name -> [(old code, district code)]
    legacy_names: dict[str, str]
    districts: dict[str, list[str]]  # folded name -> legacy district codes
    conversion: dict[str, list[str]]  # old code -> new codes
    majors: dict[str, str]  # folded name -> 7-digit code
    organizations: dict[str, int]
    province_hint: str | None = None
    scope_new: set[str] | None = None
    scope_legacy: set[str] = field(default_factory=set)
    scope_orgs: set[int] | None = None
    # Codes of each reference list, for the profile services' checks without a query per row.
    codes: dict = field(default_factory=dict)
    # The session's identity map holds objects weakly: keeping the majors here lets the
    # qualification service name a major from memory.
    keep: list = field(default_factory=list)


def _alias_tables() -> dict[str, AliasTable]:
    pairs = defaultdict(list)
    for row in read_rows("import_value_alias.csv"):
        pairs[row["kind"]].append((row["alias"], row["code"]))
    return {kind: AliasTable(items) for kind, items in pairs.items()}


def _scope(session: Session, lookups: Lookups, actor) -> None:
    role = getattr(actor, "role", "admin")
    if role == "admin" or actor is None:
        return
    if actor.scope_org_id:
        from registry.auth.scope import organization_subtree

        lookups.scope_orgs = set(organization_subtree(session, actor.scope_org_id))
        lookups.scope_new = set()
        return
    code = actor.scope_area_code or ""
    new, legacy = area_codes(session, code) if code else ([], [])
    lookups.scope_new, lookups.scope_legacy = set(new), set(legacy)
    provinces = {lookups.commune_province.get(c) for c in new} - {None}
    if len(provinces) == 1:
        lookups.province_hint = provinces.pop()


def load_lookups(session: Session, actor=None) -> Lookups:
    communes, legacy, districts, conversion = (
        defaultdict(list),
        defaultdict(list),
        defaultdict(list),
        defaultdict(list),
    )
    commune_names, commune_province, legacy_names = {}, {}, {}
    for code, name, province in session.execute(
        select(Commune.code, Commune.name, Commune.province_code)
    ):
        communes[strip_type(fold(name))].append(code)
        commune_names[code], commune_province[code] = name, province
    for code, name, district in session.execute(
        select(LegacyCommune.code, LegacyCommune.name, LegacyCommune.district_code)
    ):
        legacy[strip_type(fold(name))].append((code, district))
        legacy_names[code] = name
    for code, name in session.execute(select(LegacyDistrict.code, LegacyDistrict.name)):
        districts[strip_type(fold(name), _DISTRICT_TYPES)].append(code)
    for old, new in session.execute(select(CommuneConversion.old_code, CommuneConversion.new_code)):
        conversion[old].append(new)
    ethnic_names = dict(session.execute(select(EthnicGroup.code, EthnicGroup.name_vi)).all())
    ethnic = {ethnic_key(name): code for code, name in ethnic_names.items()}
    ethnic.update({row["alias"]: row["code"] for row in read_rows("ethnic_alias.csv")})
    lookups = Lookups(
        aliases=_alias_tables(),
        ethnic=ethnic,
        ethnic_names=ethnic_names,
        communes=dict(communes),
        commune_names=commune_names,
        commune_province=commune_province,
        legacy=dict(legacy),
        legacy_names=legacy_names,
        districts=dict(districts),
        conversion=dict(conversion),
        majors={
            fold(name): code for code, name in session.execute(select(Major.code, Major.name_vi))
        },
        organizations={
            fold(name): org_id
            for org_id, name in session.execute(select(Organization.id, Organization.name))
        },
    )
    _scope(session, lookups, actor)
    for model in (
        m.EthnicGroup,
        m.QualificationLevel,
        m.AcademicTitle,
        m.PoliticalTheoryLevel,
        m.StateManagementLevel,
        m.ItSkillLevel,
        m.FieldOfStudy,
    ):
        lookups.codes[model] = set(session.scalars(select(model.code)))
    lookups.codes[m.Commune] = set(commune_names)
    lookups.codes[m.LegacyCommune] = set(legacy_names)
    lookups.codes[Organization] = set(lookups.organizations.values())
    lookups.keep.extend(session.scalars(select(m.Major)))
    return lookups
