#!/usr/bin/env python
"""Benchmark of the spreadsheet import (issue 9): 100,000 untidy rows into SQLite and PostgreSQL.

  .venv/bin/python scripts/bench_import.py [--rows 100000] [--pg postgresql+psycopg://...]

Generates an office-style XLSX with every kind of mess (title block, two-row merged header with
the birth date under "Nam"/"Nữ", column numbers, TCVN3 and VNI cells by font, decomposed Unicode,
ALL CAPS, double spaces, unaccented rows, dates as dates/serials/text/years, IDs as numbers,
phones in every spelling, everyday level names, old communes, duplicates, invalid rows, totals,
signature block), then for each database, each step in a child process (so its peak memory is
its own): the floor (calamine read + executemany of the rows on the bare driver), the preview,
and the commit (--skip-invalid). Prints one line per step and a Markdown table.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "registry" / "reference" / "data"
FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Hà Đoàn Trương Lương".split()
MIDDLE = "Văn Thị Hữu Đức Minh Ngọc Thanh Quang Xuân Thu Hồng Kim Đình Công Thế Bảo Gia Anh Phương Hoài".split()
GIVEN = "An Bình Cường Dũng Đào Giang Hà Hải Hạnh Hiếu Hoa Hùng Hương Khánh Lan Linh Long Mai Minh Nam Nga Ngân Nhung Oanh Phong Phúc Quân Quỳnh Sơn Tâm Thảo Thắng Thủy Trang Trung Tú Tuấn Uyên Vân Việt Vinh Xuân Yến Lâm Loan Lộc Mỹ Nhàn Quyên Sang Tín Toàn Trí Tường Vũ Hậu Hiền".split()
LEVELS = [
    "ĐH",
    "Đại học",
    "Cử nhân",
    "Kỹ sư Nông nghiệp",
    "Bác sĩ",
    "ThS",
    "Thạc sỹ",
    "TS",
    "CĐ",
    "TC",
    "Dai hoc",
]
ETHNIC = ["Kinh"] * 12 + [
    "Vân Kiều",
    "Ta Oi",
    "Pa Kô",
    "tày",
    "Thai",
    "HMông",
    "Bru-Vân Kiều",
    "Muong",
]
THEORY = ["", "", "SC", "TC", "Cao cấp", "Trung cấp"]
MANAGEMENT = ["", "", "CV", "CVC", "Chuyên viên"]
LANGUAGE = ["", "B1 Tiếng Anh", "B Anh văn", "Bậc 4", "A2", "Tiếng Pháp B"]
IT = ["", "Cơ bản", "Nâng cao", "B", "A"]
MAJORS = ["Nông học", "Kinh tế", "Sư phạm", "Y đa khoa", "Công nghệ thông tin", "Luật", "Kế toán"]
UNITS = [
    "UBND xã Vĩnh Linh",
    "Trường THCS Vĩnh Long",
    "Trạm Y tế xã Vĩnh Hoàng",
    "UBND xã Cửa Tùng",
]


def _table(name: str, key: str, value: str) -> dict[str, str]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return {row[value]: row[key] for row in csv.DictReader(handle)}


def _legacy_writers():
    tcvn = {u: chr(int(b, 16)) for u, b in _table("legacy_tcvn3.csv", "byte", "unicode").items()}
    vni = _table("legacy_vni.csv", "vni", "unicode")
    to_tcvn = lambda text: "".join(tcvn.get(c, c) for c in unicodedata.normalize("NFC", text))  # noqa: E731
    to_vni = lambda text: "".join(vni.get(c, c) for c in unicodedata.normalize("NFC", text))  # noqa: E731
    return to_tcvn, to_vni


def _communes() -> list[str]:
    with (DATA / "admin_ward_legacy.csv").open(encoding="utf-8") as handle:
        old = [r["name"] for r in csv.DictReader(handle) if r["district_code"] == "464"]
    return [f"{n}, huyện Vĩnh Linh" for n in old] + ["xã Vĩnh Linh", "Vinh Son, huyen Vinh Linh"]


def _person(rng: random.Random, i: int, communes) -> dict:
    sex = rng.choice(("male", "female"))
    middle = "Thị" if sex == "female" and rng.random() < 0.6 else rng.choice(MIDDLE)
    name = f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)} {rng.choice(GIVEN)}"
    birth = date(1960, 1, 1) + timedelta(days=rng.randrange(40 * 365))
    digit = (0 if birth.year < 2000 else 2) + (sex == "female")
    nid = f"045{digit}{birth.year % 100:02d}{i:06d}" if rng.random() < 0.7 else None
    return {"name": name, "sex": sex, "birth": birth, "nid": nid, "commune": rng.choice(communes)}


def _birth_cell(rng, birth: date):
    kind = rng.randrange(5)
    if kind == 0:
        return birth, "date"
    if kind == 1:
        return (birth - date(1899, 12, 30)).days, "serial"
    if kind == 2:
        return birth.strftime("%d/%m/%Y"), None
    if kind == 3:
        return f"{birth.day}/{birth.month}/{birth.year % 100:02d}", None
    return f"{birth.day}-{birth.month}-{birth.year}", None


def generate(path: Path, rows: int, seed: int = 9) -> None:
    import xlsxwriter
    from unidecode import unidecode

    rng = random.Random(seed)
    to_tcvn, to_vni = _legacy_writers()
    communes = _communes()
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("DS tri thuc")
    fmt = {
        "date": book.add_format({"num_format": "dd/mm/yyyy"}),
        "serial": None,
        "tcvn": book.add_format({"font_name": ".VnTime"}),
        "vni": book.add_format({"font_name": "VNI-Times"}),
        "bold": book.add_format({"bold": True, "border": 1}),
    }
    sheet.write(0, 0, "UBND HUYỆN VĨNH LINH")
    sheet.write(0, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    sheet.write(2, 2, "DANH SÁCH ĐỘI NGŨ TRÍ THỨC")
    sheet.write(3, 2, "Tính đến ngày 31/12/2025")
    top = [
        "STT",
        "Họ và tên",
        "Ngày, tháng, năm sinh",
        "",
        "Dân tộc",
        "Số CCCD/CMND",
        "Trình độ",
        "",
        "",
        "",
        "Chuyên ngành",
        "Đơn vị công tác",
        "Chức vụ",
        "Nơi ở hiện nay",
        "Điện thoại",
    ]
    sub = [
        "",
        "",
        "Nam",
        "Nữ",
        "",
        "",
        "Chuyên môn",
        "LLCT",
        "Ngoại ngữ",
        "Tin học",
        "",
        "",
        "",
        "",
        "",
    ]
    # constant_memory writes row by row: each row complete before the next
    for row, cells in ((5, top), (6, sub), (7, [f"({c + 1})" for c in range(len(top))])):
        for col, value in enumerate(cells):
            sheet.write(row, col, value, fmt["bold"] if row < 7 else None)
    r, previous = 8, None
    for i in range(rows):
        p = previous if previous and rng.random() < 0.01 else _person(rng, i, communes)
        previous = p
        mess = rng.random()
        name = p["name"] if rng.random() > 0.01 else ""  # 1 % without a name: invalid
        name_fmt = None
        if mess < 0.05:
            name, name_fmt = to_tcvn(name), fmt["tcvn"]
        elif mess < 0.10:
            name, name_fmt = to_vni(name), fmt["vni"]
        elif mess < 0.15:
            name = unicodedata.normalize("NFD", name)
        elif mess < 0.25:
            name = name.upper().replace(" ", "  ", 1)
        plain = 0.25 <= mess < 0.35  # typed without accents, as old systems export
        text = (lambda s: unidecode(s)) if plain else (lambda s: s)  # noqa: E731
        birth, kind = _birth_cell(rng, p["birth"])
        values = [
            i + 1,
            name,
            None,
            None,
            text(rng.choice(ETHNIC)),
            int(p["nid"]) if p["nid"] and rng.random() < 0.5 else p["nid"],
            text(rng.choice(LEVELS)),
            rng.choice(THEORY),
            text(rng.choice(LANGUAGE)),
            text(rng.choice(IT)),
            text(rng.choice(MAJORS)),
            rng.choice(UNITS),
            rng.choice(["", "Chuyên viên", "Giáo viên", "Bác sĩ"]),
            text(p["commune"]),
            rng.choice(["0905 123 456", "84 935 111 222", 935111222, "0233.3862.111", ""]),
        ]
        values[2 if p["sex"] == "male" else 3] = birth
        for col, value in enumerate(values):
            if value in (None, ""):
                continue
            if col == 1:
                sheet.write_string(r, col, value, name_fmt)
            elif col in (2, 3) and kind == "date":
                sheet.write_datetime(r, col, value, fmt["date"])
            else:
                sheet.write(r, col, value)
        r += 1
    sheet.write(r, 0, f"Tổng cộng: {rows} người")
    sheet.write(r + 2, 1, "Người lập biểu")
    sheet.write(r + 2, 10, "CHỦ TỊCH")
    sheet.write(r + 3, 1, "Trần Văn Bình")
    book.close()


# -- steps, each run in a child process ------------------------------------------------------------
def _app(url: str):
    os.environ["REGISTRY_DATABASE_URL"] = url
    from registry import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SEARCH_PRELOAD": False})


def step_setup(url: str) -> dict:
    from flask_migrate import upgrade

    from registry.extensions import db
    from registry.reference.loader import load_reference

    app = _app(url)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        load_reference(db.session)
        from registry.auth.services import create_user

        create_user(db.session, username="bench.admin", password="bench-password-123", role="admin")
        db.session.commit()
    return {}


def step_floor(url: str, file: str) -> dict:
    """calamine read + executemany of (name, sex, birth) rows on the bare driver: the floor."""
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    sheet = CalamineWorkbook.from_path(file).get_sheet_by_index(0)
    rows = [
        (str(r[1]), "male", str(r[2] or r[3]), i)
        for i, r in enumerate(sheet.iter_rows())
        if isinstance(r[0], float | int) and r[1]
    ]
    if url.startswith("sqlite"):
        import sqlite3

        connection = sqlite3.connect(url.split("///", 1)[1])
        connection.execute("CREATE TEMP TABLE floor (name TEXT, sex TEXT, birth TEXT, n INT)")
        connection.executemany("INSERT INTO floor VALUES (?, ?, ?, ?)", rows)
    else:
        import psycopg

        connection = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
        connection.execute("CREATE TEMP TABLE floor (name TEXT, sex TEXT, birth TEXT, n INT)")
        connection.cursor().executemany("INSERT INTO floor VALUES (%s, %s, %s, %s)", rows)
    connection.commit()
    connection.close()
    return {"rows": len(rows), "seconds": time.perf_counter() - started}


def step_import(url: str, file: str, commit: bool) -> dict:
    from sqlalchemy import func, select

    from registry.auth.models import User
    from registry.extensions import db
    from registry.imports.engine import Options, run_import
    from registry.imports.reading import open_book
    from registry.people.models import Person

    app = _app(url)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "bench.admin"))
        content = Path(file).read_bytes()
        started, cpu = time.perf_counter(), time.process_time()
        report = run_import(
            db.session,
            open_book(content, Path(file).name),
            Options(skip_invalid=True),
            user,
            commit=commit,
        )
        if commit:
            db.session.commit()
        elapsed = time.perf_counter() - started
        people = db.session.scalar(select(func.count(Person.id)))
    return {
        "seconds": elapsed,
        "cpu": time.process_time() - cpu,
        "counts": report.counts(),
        "people": people,
    }


def _child(*args: str) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run(
        [sys.executable, __file__, "_step", *args], capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_mb"] = max(peak, before) / 1024  # ru_maxrss is in KiB on Linux
    return result


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def bench(url: str, file: str, label: str) -> list[tuple]:
    _child("setup", url)
    floor = _child("floor", url, file)
    print(f"{label} floor: {json.dumps(floor)}", flush=True)
    preview = _child("preview", url, file)
    print(f"{label} preview: {json.dumps(preview)}", flush=True)
    commit = _child("commit", url, file)
    print(f"{label} commit: {json.dumps(commit)}", flush=True)
    again = _child("commit", url, file)
    rate = lambda r: commit["counts"]["total"] / r["seconds"]  # noqa: E731
    lines = [
        (
            label,
            "floor: calamine + executemany",
            floor["rows"],
            floor["seconds"],
            rate(floor),
            floor["peak_mb"],
            "",
        ),
        (
            label,
            "preview",
            preview["counts"]["total"],
            preview["seconds"],
            rate(preview),
            preview["peak_mb"],
            f"cpu {preview['cpu']:.1f} s",
        ),
        (
            label,
            "import (commit, skip invalid)",
            commit["counts"]["total"],
            commit["seconds"],
            rate(commit),
            commit["peak_mb"],
            f"cpu {commit['cpu']:.1f} s; {commit['counts']}",
        ),
        (
            label,
            "same file again",
            again["counts"]["total"],
            again["seconds"],
            rate(again),
            again["peak_mb"],
            f"people {again['people']}; {again['counts']}",
        ),
    ]
    for line in lines:
        print(
            f"{line[0]:10} {line[1]:32} {line[2]:>7} rows {line[3]:7.1f} s {line[4]:8.0f} rows/s peak {line[5]:5.0f} MB  {line[6]}",
            flush=True,
        )
    return lines


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_step":
        kind, url, *rest = sys.argv[2:]
        result = {
            "setup": lambda: step_setup(url),
            "floor": lambda: step_floor(url, rest[0]),
            "preview": lambda: step_import(url, rest[0], False),
            "commit": lambda: step_import(url, rest[0], True),
        }[kind]()
        print(json.dumps(result, default=str))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--pg",
        default=os.environ.get(
            "BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_import"
        ),
    )
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    file = folder / "danh-sach.xlsx"
    started = time.perf_counter()
    generate(file, args.rows)
    print(
        f"generated {args.rows} rows, {file.stat().st_size / 2**20:.1f} MB in {time.perf_counter() - started:.1f} s"
    )
    lines = [] if args.no_sqlite else bench(f"sqlite:///{folder / 'bench.db'}", str(file), "SQLite")
    if not args.no_pg:
        _reset_postgres(args.pg)
        lines += bench(args.pg, str(file), "PostgreSQL")
    print(
        "\n| database | step | rows | seconds | rows/s | peak RSS MB | notes |\n|---|---|---:|---:|---:|---:|---|"
    )
    for line in lines:
        print(
            f"| {line[0]} | {line[1]} | {line[2]:,} | {line[3]:.1f} | {line[4]:,.0f} | {line[5]:.0f} | {line[6]} |".replace(
                ",", "."
            )
        )


if __name__ == "__main__":
    main()
