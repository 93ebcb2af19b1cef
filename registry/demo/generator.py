"""A realistic, deterministic demo population for Quảng Trị province, Vĩnh Linh communes first."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from registry.demo import names as n
from registry.people.models import Organization, Person, PersonLanguage, Qualification, WorkHistory
from registry.reference.models import Commune, CommuneConversion, Major
from registry.text import fold, name_sort_key

PROVINCE = "44"
VINH_LINH = ("19363", "19366", "19372", "19405", "19414")
REFERENCE_DAY = date(
    2026, 1, 1
)  # ages are drawn relative to this day, so a seed always gives the same people
BATCH = 5000

# (kind, name pattern, sector, positions, major code prefixes)
UNIT_TEMPLATES = (
    (
        "peoples_committee",
        "Ủy ban nhân dân {commune}",
        "state_agency",
        (
            "Chuyên viên",
            "Công chức Văn phòng - Thống kê",
            "Công chức Địa chính",
            "Phó Chủ tịch UBND",
        ),
        ("731", "734", "738", "762", "758", "785"),
    ),
    (
        "party",
        "Đảng ủy {commune}",
        "state_agency",
        ("Chuyên viên", "Phó Bí thư"),
        ("731", "722", "734"),
    ),
    (
        "school",
        "Trường Trung học cơ sở {short}",
        "public_service",
        ("Giáo viên", "Hiệu phó", "Hiệu trưởng"),
        ("714", "722", "748"),
    ),
    ("school", "Trường Tiểu học {short}", "public_service", ("Giáo viên", "Hiệu trưởng"), ("714",)),
    ("school", "Trường Mầm non {short}", "public_service", ("Giáo viên",), ("7140201",)),
    (
        "health",
        "Trạm Y tế {commune}",
        "public_service",
        ("Bác sĩ", "Y sĩ", "Điều dưỡng", "Dược sĩ"),
        ("772",),
    ),
    (
        "enterprise",
        "Hợp tác xã Nông nghiệp {short}",
        "enterprise",
        ("Cán bộ kỹ thuật", "Giám đốc"),
        ("762", "764", "734"),
    ),
)
PROVINCIAL_UNITS = (
    (
        "health",
        "Trung tâm Y tế khu vực Vĩnh Linh",
        "public_service",
        ("Bác sĩ", "Điều dưỡng", "Dược sĩ"),
        ("772",),
    ),
    (
        "health",
        "Bệnh viện Đa khoa tỉnh Quảng Trị",
        "public_service",
        ("Bác sĩ", "Điều dưỡng"),
        ("772",),
    ),
    (
        "state_agency",
        "Sở Nông nghiệp và Môi trường tỉnh Quảng Trị",
        "state_agency",
        ("Chuyên viên",),
        ("762", "785", "742"),
    ),
    (
        "state_agency",
        "Sở Giáo dục và Đào tạo tỉnh Quảng Trị",
        "state_agency",
        ("Chuyên viên",),
        ("714",),
    ),
    (
        "research",
        "Trung tâm Khuyến nông tỉnh Quảng Trị",
        "public_service",
        ("Kỹ sư",),
        ("762", "742"),
    ),
    (
        "enterprise",
        "Công ty Cổ phần Du lịch Cửa Tùng",
        "enterprise",
        ("Nhân viên", "Quản lý"),
        ("781", "734"),
    ),
    (
        "enterprise",
        "Công ty TNHH Công nghệ số Quảng Trị",
        "enterprise",
        ("Kỹ sư phần mềm",),
        ("748",),
    ),
    (
        "enterprise",
        "Công ty Cổ phần Cao su Vĩnh Linh",
        "enterprise",
        ("Kỹ sư", "Kế toán"),
        ("762", "734"),
    ),
    (
        "armed_forces",
        "Bộ Chỉ huy Quân sự tỉnh Quảng Trị",
        "armed_forces",
        ("Sĩ quan",),
        ("786", "734", "748"),
    ),
)
LEVEL_MIX = (("cao_dang", 10), ("trung_cap", 4), ("dai_hoc", 62), ("thac_si", 20), ("tien_si", 4))


@dataclass
class Unit:
    id: int
    commune_code: str
    sector: str
    positions: tuple[str, ...]
    majors: list[tuple[str, str]] = field(default_factory=list)


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _create_units(
    session: Session, majors: list[tuple[str, str]], communes: list[str]
) -> list[Unit]:
    commune_names = dict(
        session.execute(select(Commune.code, Commune.name).where(Commune.code.in_(communes))).all()
    )
    rows, meta = [], []
    for code in communes:
        name = commune_names[code]
        short = name.split(" ", 1)[1] if " " in name else name
        name = name[:1].lower() + name[1:]  # "Ủy ban nhân dân xã Bến Quan"
        for kind, pattern, sector, positions, prefixes in UNIT_TEMPLATES:
            rows.append(
                {
                    "name": pattern.format(commune=name, short=short),
                    "kind": kind,
                    "commune_code": code,
                }
            )
            meta.append((code, sector, positions, prefixes))
    for kind, name, sector, positions, prefixes in PROVINCIAL_UNITS:
        rows.append({"name": name, "kind": kind, "commune_code": VINH_LINH[0]})
        meta.append((VINH_LINH[0], sector, positions, prefixes))
    ids = session.scalars(
        insert(Organization).returning(Organization.id, sort_by_parameter_order=True), rows
    ).all()
    units = []
    for unit_id, (code, sector, positions, prefixes) in zip(ids, meta, strict=True):
        chosen = [m for m in majors if m[0].startswith(prefixes)] or majors
        units.append(Unit(unit_id, code, sector, positions, chosen))
    return units


def _person_name(rng: random.Random, sex: str, ethnicity: str) -> str:
    female = sex == "female"
    if ethnicity == "01":
        family = _weighted(rng, n.KINH_FAMILY)
        middle = rng.choice(n.KINH_MIDDLE_FEMALE if female else n.KINH_MIDDLE_MALE)
        given = rng.choice(n.KINH_GIVEN_FEMALE if female else n.KINH_GIVEN_MALE)
    else:
        family = rng.choice(n.MINORITY_FAMILY)
        middle = rng.choice(n.MINORITY_MIDDLE_FEMALE if female else n.MINORITY_MIDDLE_MALE)
        given = rng.choice(n.MINORITY_GIVEN_FEMALE if female else n.MINORITY_GIVEN_MALE)
    return " ".join(part for part in (family, middle, given) if part)


def _qualifications(rng: random.Random, level: str, birth: date, unit: Unit) -> list[dict]:
    major_code, major_name = rng.choice(unit.majors)
    start = birth.year + rng.randint(22, 24)
    institution = rng.choice(n.UNIVERSITIES_VN)
    if level in ("trung_cap", "cao_dang"):
        return [
            {
                "level_code": level,
                "field_code": None,
                "discipline": None,
                "major_name": major_name,
                "institution": n.COLLEGES_VN[1 if major_code.startswith("772") else 0],
                "country": "VN",
                "year": min(start - 2, REFERENCE_DAY.year),
            }
        ]
    chain = [("dai_hoc", "7", start)]
    if level in ("thac_si", "tien_si"):
        chain.append(("thac_si", "8", start + rng.randint(2, 8)))
    if level == "tien_si":
        chain.append(("tien_si", "9", chain[-1][2] + rng.randint(3, 6)))
    rows = []
    for step, digit, year in chain:
        abroad = step != "dai_hoc" and rng.random() < 0.15
        school, country = rng.choice(n.INSTITUTIONS_ABROAD) if abroad else (institution, "VN")
        rows.append(
            {
                "level_code": step,
                "field_code": digit + major_code[1:],
                "discipline": major_code[1:],
                "major_name": major_name,
                "institution": school,
                "country": country,
                "year": min(year, REFERENCE_DAY.year),
            }
        )
    return rows


class _Identity:
    """Unique CCCD numbers that agree with sex and birth year; Quảng Trị birth registration (045)."""

    def __init__(self, start: int):
        self.serial = start

    def national_id(self, sex: str, birth: date) -> str:
        self.serial += 1
        century = (birth.year // 100 - 19) * 2 + (1 if sex == "female" else 0)
        return f"045{century}{birth.year % 100:02d}{self.serial % 1_000_000:06d}"


def _person_row(
    rng: random.Random, unit: Unit, identity: _Identity, legacy_of: dict[str, list[str]]
):
    sex = "female" if rng.random() < 0.53 else "male"
    ethnicity = _weighted(rng, (("01", 88), ("23", 8), ("31", 3), ("26", 1)))
    age = min(int(rng.triangular(23, 64, 34)), 64)
    birth = REFERENCE_DAY - timedelta(days=age * 365 + rng.randint(0, 364))
    full_name = _person_name(rng, sex, ethnicity)
    retired_age = 60 if sex == "female" else 61
    status = (
        "retired"
        if age >= retired_age + 1
        else _weighted(rng, (("active", 96), ("moved", 3), ("deceased", 1)))
    )
    phone = (
        f"+849{rng.choice('0134678')}{rng.randint(0, 9_999_999):07d}"
        if rng.random() < 0.8
        else None
    )
    legacy = rng.choice(legacy_of[unit.commune_code]) if rng.random() < 0.2 else None
    return {
        "full_name": full_name,
        "name_folded": fold(full_name),
        "name_sort_key": name_sort_key(full_name),
        "sex": sex,
        "birth_date": birth,
        "ethnicity_code": ethnicity,
        "national_id": identity.national_id(sex, birth) if rng.random() < 0.85 else None,
        "phone": phone,
        "email": None,
        "commune_code": unit.commune_code,
        "legacy_commune_code": legacy,
        "hometown": None,
        "organization_id": unit.id,
        "position": rng.choice(unit.positions),
        "sector": unit.sector,
        "is_overseas": rng.random() < 0.01,
        "status": status,
        "highest_level_code": _weighted(rng, LEVEL_MIX),
        "version": 1,
        **_civil_service_levels(rng, unit.sector),
    }


def _civil_service_levels(rng: random.Random, sector: str) -> dict:
    """Political theory, state management, IT and party membership, likelier in the state sector."""
    state = sector in ("state_agency", "armed_forces")
    public = state or sector == "public_service"
    return {
        "political_theory_code": _weighted(
            rng,
            (
                ("so_cap", 30),
                ("trung_cap", 45 if state else 10),
                ("cao_cap", 12 if state else 1),
                (None, 13 if state else 60),
            ),
        ),
        "state_management_code": _weighted(
            rng,
            (
                ("chuyen_vien", 50 if state else 10),
                ("chuyen_vien_chinh", 15 if state else 2),
                (None, 35 if state else 88),
            ),
        ),
        "it_skill_code": _weighted(rng, (("co_ban", 60), ("nang_cao", 20), (None, 20))),
        "party_member": rng.random() < (0.7 if state else 0.35 if public else 0.08),
    }


def _profile_parts(
    rng: random.Random, person_id: int, row: dict, unit: Unit, year: int
) -> tuple[list, list]:
    """A language certificate for most, and the current job since a plausible start date."""
    languages = []
    if rng.random() < 0.7:
        languages.append(
            {
                "person_id": person_id,
                "language": _weighted(
                    rng, (("en", 85), ("fr", 5), ("ru", 4), ("lo", 3), ("zh", 3))
                ),
                "level_code": _weighted(
                    rng, (("bac_2", 35), ("bac_3", 45), ("bac_4", 15), ("bac_5", 5))
                ),
            }
        )
    start_year = min(year + rng.randint(0, 2), REFERENCE_DAY.year)
    work = [
        {
            "person_id": person_id,
            "organization_id": unit.id,
            "organization_name": None,
            "position": row["position"],
            "start_date": date(start_year, rng.randint(1, 12), 1),
            "end_date": None,
        }
    ]
    return languages, work


def _legacy_communes(session: Session, communes: list[str]) -> dict[str, list[str]]:
    """Old communes that map wholly into each new commune (so their records roll up unambiguously)."""
    pairs = session.execute(
        select(CommuneConversion.new_code, CommuneConversion.old_code).where(
            CommuneConversion.new_code.in_(communes), CommuneConversion.is_partly_merged.is_(False)
        )
    ).all()
    result: dict[str, list[str]] = {code: [] for code in communes}
    for new, old in pairs:
        result[new].append(old)
    return result


def _advance_sequence(session: Session) -> None:
    """Ids were assigned here for speed; move PostgreSQL's sequence past them."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('person', 'id'), (SELECT max(id) FROM person))"
            )
        )


def generate(session: Session, people: int, seed: int) -> dict[str, int]:
    """Insert `people` demo people with organisations and qualifications; flush, never commit."""
    rng = random.Random(seed)
    majors = [
        tuple(row)
        for row in session.execute(select(Major.code, Major.name_vi).order_by(Major.code))
    ]
    others = session.scalars(
        select(Commune.code)
        .where(Commune.province_code == PROVINCE, Commune.code.notin_(VINH_LINH))
        .order_by(Commune.code)
    ).all()
    communes = [*VINH_LINH, *rng.sample(others, min(10, len(others)))]
    units = _create_units(session, majors, communes)
    local = [u for u in units if u.commune_code in VINH_LINH]
    legacy_of = {code: old or [None] for code, old in _legacy_communes(session, communes).items()}
    identity = _Identity(
        rng.randint(0, 500_000) + (session.scalar(select(func.count(Person.id))) or 0)
    )
    created = qualifications = 0
    next_id = (session.scalar(select(func.max(Person.id))) or 0) + 1
    while created < people:
        size = min(BATCH, people - created)
        units_for_batch = [
            rng.choice(local) if rng.random() < 0.7 else rng.choice(units) for _ in range(size)
        ]
        rows = [_person_row(rng, unit, identity, legacy_of) for unit in units_for_batch]
        ids = range(next_id, next_id + size)
        next_id += size
        session.execute(
            insert(Person.__table__), [{**row, "id": i} for i, row in zip(ids, rows, strict=True)]
        )
        degree_rows, language_rows, work_rows = [], [], []
        for person_id, row, unit in zip(ids, rows, units_for_batch, strict=True):
            degrees = _qualifications(rng, row["highest_level_code"], row["birth_date"], unit)
            degree_rows.extend({**degree, "person_id": person_id} for degree in degrees)
            languages, work = _profile_parts(rng, person_id, row, unit, degrees[0]["year"])
            language_rows.extend(languages)
            work_rows.extend(work)
        session.execute(insert(Qualification.__table__), degree_rows)
        session.execute(insert(PersonLanguage.__table__), language_rows)
        session.execute(insert(WorkHistory.__table__), work_rows)
        created += size
        qualifications += len(degree_rows)
    _advance_sequence(session)
    from registry.search.index import rebuild_all

    rebuild_all(session)
    session.flush()
    return {"people": created, "organizations": len(units), "qualifications": qualifications}
