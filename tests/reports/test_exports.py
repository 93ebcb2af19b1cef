"""Files people receive from the gap, shortlist, search and position pages: labels, not codes."""

from __future__ import annotations

import csv
import io

import openpyxl

from tests.analytics.test_targets_and_pages import _planner_population
from tests.search.test_pages_and_exports import ARGS, _population


def test_shortlist_workbook_reads_as_words_without_apostrophes(client, db, login_as):
    _planner_population(db)
    login_as("recruiter", scope="44")
    response = client.get(
        "/gaps/shortlist?field=y_te&min_level=dai_hoc&area=19363&count=5&group=woman&format=xlsx"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.data))["Danh sách ngắn"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r[0] == "Số hồ sơ"))
    body = rows[header + 1 :]
    assert body and all(not str(r[3]).startswith("'") and r[3].startswith("+") for r in body)
    assert {r[4] for r in body} <= {"Đại học", "Thạc sĩ", "Tiến sĩ"}
    assert rows[header][-2:] == ("Mã trình độ", "Mã xã, phường")


def test_search_csv_gives_phones_in_national_form(client, db, login_as):
    _population(db)
    login_as("officer", scope="44")
    data = client.get(f"/people/export.csv?{ARGS}&col=full_name&col=phone").get_data()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    phones = [r[1] for r in rows[1:] if r[1]]
    assert phones and all(p.startswith("0") and " " in p for p in phones), phones


def test_position_compliance_workbook(client, db, login_as):
    login_as("officer", scope="44")
    response = client.get("/gaps/positions/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Chưa đạt chuẩn"]
    header = [cell.value for cell in book.active[1]]
    assert header[:5] == ["Họ và tên", "Cơ quan, đơn vị", "Xã, phường", "Vị trí việc làm",
                          "Yêu cầu còn thiếu"]  # fmt: skip
