"""The workbook module: text is never evaluated and never gets a visible apostrophe."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from registry.core.workbook import (
    Col,
    Sheet,
    csv_chunks,
    defuse_csv,
    sheet_name,
    vn_number,
    vn_percent,
    write_workbook,
)

DANGEROUS = [
    "=1+1",
    "+SUM(A1)",
    "-2+3",
    "@cmd",
    "\t=1",
    "\r=1",
    "＝1+1",
    "＋A1",
    "－1+1",
    "＠x",
    "﹦1",
    "\u22121+1",
]
HARMLESS = ["Nguyễn Thị Đào", "0912 345 678", "-5", "+84", "12,5", "a=b", " =1", ""]


@pytest.mark.parametrize("value", DANGEROUS)
def test_csv_prefixes_what_a_spreadsheet_would_evaluate(value):
    assert defuse_csv(value) == "'" + value


@pytest.mark.parametrize("value", HARMLESS)
def test_csv_leaves_plain_text_and_numbers_alone(value):
    assert defuse_csv(value) == value


def test_csv_stream_has_bom_and_defused_cells():
    data = b"".join(csv_chunks(["Họ và tên", "Ghi chú"], [["Đào", "＝1+1"], ["Hoa", "-5"]]))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["Họ và tên", "Ghi chú"], ["Đào", "'＝1+1"], ["Hoa", "-5"]]


def test_xlsx_writes_text_as_text_without_apostrophe(tmp_path):
    # (openpyxl reads a carriage return back as _x000D_, so that one is left to the CSV test)
    rows = [[value, 3] for value in DANGEROUS + HARMLESS[:3] if "\r" not in value]
    path = write_workbook(
        [
            Sheet(
                "Chỉ tiêu: lĩnh vực/địa bàn",
                [Col("Giá trị"), Col("Số người", "int", group="Tổng", total=True)],
                rows,
                titles=["Tiêu đề"],
                totals_label="Tổng cộng",
            )
        ],
        str(tmp_path / "a.xlsx"),
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Chỉ tiêu  lĩnh vực địa bàn"]
    sheet = book.active
    cells = [row[0] for row in sheet.iter_rows(min_row=5, max_row=4 + len(rows))]
    assert [c.value for c in cells] == [r[0] for r in rows]
    assert all(c.data_type == "s" for c in cells)  # strings, never formulas
    assert not any(str(c.value).startswith("'") for c in cells)
    last = list(sheet.iter_rows(values_only=True))[-1]
    assert last == ("Tổng cộng", 3 * len(rows))
    assert sheet.freeze_panes == "B5"


def test_sheet_names_and_vietnamese_numbers():
    taken: set[str] = set()
    assert sheet_name("Biểu 01", taken) == "Biểu 01"
    assert sheet_name("Biểu 01", taken) == "Biểu 01 (2)"
    assert len(sheet_name("x" * 40)) == 31
    assert vn_number(1263) == "1.263" and vn_number(3.25, 1) == "3,2"
    assert vn_percent(3.4) == "3,4%" and vn_number(1234567) == "1.234.567"
