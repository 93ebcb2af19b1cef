"""/reports, the CLI and the API: files open and add up, bad input gets a message, never a 500."""

from __future__ import annotations

import io
import json
from datetime import date

import openpyxl
from docx import Document
from sqlalchemy import select

from registry.api.services import issue_token
from registry.audit.models import AuditEntry
from registry.reports.models import Snapshot
from registry.reports.services import SYSTEM, take_snapshot
from tests.reports.test_report import population


def _snapshots(db):
    early = take_snapshot(
        db.session, name="Tổng kết năm 2025", as_of=date(2025, 12, 31), actor=SYSTEM
    )
    late = take_snapshot(db.session, name="Sơ kết 6 tháng đầu năm 2026", as_of=date(2026, 6, 30),
                         actor=SYSTEM)  # fmt: skip
    db.session.commit()
    return early, late


def test_officer_downloads_workbook_that_adds_up(client, db, login_as):
    population(db)
    early, late = _snapshots(db)
    login_as("officer", scope="44")
    response = client.get(f"/reports?area=464&snapshot={late.id}&compare={early.id}&format=xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[:3] == ["Biểu 01", "Biểu 02", "Biểu 03"] and len(book.sheetnames) == 14
    sheet = book["Biểu 01"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("Biểu 01.") and rows[1][0] == "Đơn vị: Huyện Vĩnh Linh"
    assert "30/06/2026" in rows[2][0] and "Tổng kết năm 2025" in rows[3][0]
    header = rows.index(next(r for r in rows if r[0] == "Trình độ chuyên môn cao nhất"))
    assert rows[header][2] == "Giới tính" and rows[header + 1][2] == "Nam"
    assert rows[header + 2][:3] == ("(1)", "(2)", "(3)")
    assert any(str(rng).startswith("C") for rng in sheet.merged_cells.ranges)
    body = [r for r in rows[header + 3 :] if r[0] and r[1] is not None and r[0] != "Tổng cộng"]
    total = next(r for r in rows if r[0] == "Tổng cộng")
    assert total[1] == sum(r[1] for r in body) == 5
    change = rows[header].index("Tăng/giảm so với kỳ trước")
    assert total[change] == 0
    assert sheet.freeze_panes and sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9 and sheet.print_area
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.target_type == "report"))
    assert entry.details["format"] == "xlsx"


def test_document_reads_back_with_tables_and_sentences(client, db, login_as):
    population(db)
    early, late = _snapshots(db)
    login_as("officer", scope="44")
    response = client.get(f"/reports?area=464&snapshot={late.id}&compare={early.id}&format=docx")
    document = Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO SỐ LIỆU ĐỘI NGŨ TRÍ THỨC" in text
    assert (
        "Toàn huyện Vĩnh Linh có 5 người" in text and "không đổi so với Tổng kết năm 2025" in text
    )
    assert len(document.tables) == 14
    first = document.tables[0]
    assert first.cell(0, 2).text == "Giới tính" and first.cell(1, 2).text == "Nam"
    assert first.rows[-1].cells[0].text == "Tổng cộng" and first.rows[-1].cells[1].text == "5"


def test_page_shows_tables_and_clear_messages(client, db, login_as):
    population(db)
    early, late = _snapshots(db)
    login_as("officer", scope="44")
    page = client.get("/reports?area=464")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-testid="table-14"' in html and "Tổng cộng" in html
    for query, message in (
        ("area=99999", "Địa bàn không có trong danh mục"),
        ("area=48", "nằm ngoài phạm vi"),
        (f"area=464&snapshot={early.id}&compare={late.id}", "Kỳ so sánh phải"),
        ("area=464&snapshot=99999999999999999999", "Không tìm thấy kỳ chốt số liệu"),
        ("area=464&snapshot=²", "Không tìm thấy kỳ chốt số liệu"),
        ("area=org:²", "Không có cơ quan, đơn vị này"),
        ("area=٤٤", "Địa bàn không có trong danh mục"),
        ("area=" + "4" * 10000, "Địa bàn không có trong danh mục"),
    ):
        response = client.get(f"/reports?{query}")
        assert response.status_code == 422 and message in response.get_data(as_text=True), query
    empty = client.get("/reports?area=19414").get_data(as_text=True)
    assert 'data-testid="empty-report"' in empty


def test_snapshots_taken_and_deleted_by_the_right_roles(client, db, login_as):
    population(db)
    login_as("officer", scope="19363")
    client.post("/reports/snapshots", data={"name": "Sơ kết quý I", "as_of": "2026-03-31"})
    snapshot = db.session.scalar(select(Snapshot))
    # The officer's own commune, every status (the retired one too; reports count the active).
    assert (
        snapshot.name == "Sơ kết quý I" and snapshot.area_code == "19363" and snapshot.people == 5
    )
    assert client.get("/reports?area=464").status_code == 422  # the district is outside the scope
    client.post("/reports/snapshots", data={"name": "", "as_of": "2026-03-31"})
    client.post("/reports/snapshots", data={"name": "Sai ngày", "as_of": "31/03/2026"})
    assert len(db.session.scalars(select(Snapshot)).all()) == 1
    assert client.post(f"/reports/snapshots/{snapshot.id}/delete").status_code == 403
    client.post("/logout")
    login_as("admin")
    client.post(f"/reports/snapshots/{snapshot.id}/delete")
    db.session.expire_all()
    assert db.session.scalar(select(Snapshot)) is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "snapshot.delete"))


def test_individuals_cannot_open_reports(client, db, login_as):
    login_as("individual")
    assert client.get("/reports").status_code == 403


def test_cli_and_api_give_the_same_report(app, client, db, login_as):
    population(db)
    early, late = _snapshots(db)
    officer = login_as("officer", scope="44")
    token = issue_token(db.session, officer.id)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    api = client.get(
        f"/api/v1/reports?area=464&snapshot={late.id}&compare={early.id}", headers=headers
    )
    runner = app.test_cli_runner()
    out = app.instance_path + "/report.json"
    result = runner.invoke(args=["report", "--area", "464", "--as-of", "2026-06-30", "--compare",
                                 "2025-12-31", "--format", "json", "--out", out])  # fmt: skip
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8") as handle:
        assert json.load(handle)["tables"] == api.get_json()["tables"]
    bad = client.get(
        f"/api/v1/reports?area=464&snapshot={early.id}&compare={late.id}", headers=headers
    )
    assert bad.status_code == 400 and "compare" in bad.get_json()["fields"]
    listed = client.get("/api/v1/reports/snapshots", headers=headers).get_json()
    assert [s["name"] for s in listed] == ["Sơ kết 6 tháng đầu năm 2026", "Tổng kết năm 2025"]
    for args in (["--area", "99999"], ["--as-of", "2020-01-01"], ["--as-of", "hôm qua"]):
        failed = runner.invoke(args=["report", *args, "--format", "json", "--out", out])
        assert failed.exit_code == 2 and "Traceback" not in failed.output, args
    snap = runner.invoke(args=["snapshot", "--name", "Chốt tháng 10", "--as-of", "2026-10-31"])
    assert snap.exit_code == 0 and "Chốt tháng 10" in snap.output
    assert runner.invoke(args=["snapshot", "--area", "99999"]).exit_code == 2
