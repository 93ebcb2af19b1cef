"""The printable CV ("In sơ yếu lý lịch") and its DOCX, masked as the profile is."""

from __future__ import annotations

import io
from datetime import date

from docx import Document

from registry.contributions.services import save_initiative
from tests import factories


def _person(db):
    person = factories.make_person(db.session, national_id="045190000123", phone="0912345678",
                                   birth_date=date(1990, 5, 17))  # fmt: skip
    save_initiative(db.session, {"title": "Sáng kiến số hóa hồ sơ", "effect_level": "provincial",
                                 "year": 2024, "authors": [person.id]}, actor=None)  # fmt: skip
    db.session.commit()
    return person


def test_officer_prints_and_downloads_the_cv(client, db, login_as):
    person = _person(db)
    login_as("officer", scope="44")
    html = client.get(f"/people/{person.id}/cv").get_data(as_text=True)
    assert "SƠ YẾU LÝ LỊCH" in html and "Nguyễn Thị Đào" in html and "17/05/1990" in html
    assert "print-cv.css" in html and "NGƯỜI KHAI" in html and "Sáng kiến số hóa hồ sơ" in html
    assert "In sơ yếu lý lịch" in client.get(f"/people/{person.id}").get_data(as_text=True)
    document = Document(io.BytesIO(client.get(f"/people/{person.id}/cv.docx").data))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"Nguyễn Thị Đào", "045190000123", "0912 345 678", "Sáng kiến số hóa hồ sơ"} <= cells


def test_recruiter_cv_is_masked_and_others_are_refused(client, db, login_as):
    person = _person(db)
    login_as("recruiter", scope="44")
    html = client.get(f"/people/{person.id}/cv").get_data(as_text=True)
    assert "045190000123" not in html and "17/05/1990" not in html and "Nhóm tuổi" in html
    document = Document(io.BytesIO(client.get(f"/people/{person.id}/cv.docx").data))
    text = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "045190000123" not in text and "912" not in text
    client.post("/logout")
    login_as("individual")
    assert client.get(f"/people/{person.id}/cv").status_code == 404
    assert client.get("/people/999999/cv.docx").status_code == 404
