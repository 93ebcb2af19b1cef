import csv
import io
import json
import re

import openpyxl
from sqlalchemy import select

from registry.api.services import issue_token
from registry.audit.models import AuditEntry
from tests.conftest import PASSWORD
from tests.factories import make_person, make_user

ARGS = "q=nguyen&sex=female&area=44"


def _population(db):
    make_person(
        db.session,
        full_name="Nguyễn Thị Đào",
        national_id="045190000123",
        phone="0912345678",
        position='=HYPERLINK("http://x")',
        qualifications=[("thac_si", "8720101")],
    )
    make_person(db.session, full_name="Nguyễn Thị Hoa", commune_code="19366")
    make_person(db.session, full_name="Nguyễn Văn Nam", sex="male")
    make_person(
        db.session, full_name="Nguyễn Thị Ngoài", commune_code="00004"
    )  # Hà Nội: outside scope
    db.session.commit()


def _page_names(html):
    return re.findall(r'<td><a href="/people/\d+">([^<]+)</a>', html)


def test_page_shows_results_and_facets_that_narrow(client, db, login_as):
    _population(db)
    login_as("officer", scope="44")
    html = client.get("/people?q=nguyen").get_data(as_text=True)
    assert sorted(_page_names(html)) == ["Nguyễn Thị Hoa", "Nguyễn Thị Đào", "Nguyễn Văn Nam"]
    assert 'data-facet="sex"' in html
    narrowed = client.get("/people?q=nguyen&sex=male").get_data(as_text=True)
    assert _page_names(narrowed) == ["Nguyễn Văn Nam"]


def test_unknown_filter_value_shows_a_notice(client, db, login_as):
    _population(db)
    login_as("officer", scope="44")
    response = client.get("/people?field=khong_co&q=%25%27%22")
    assert response.status_code == 200
    assert 'data-testid="notice"' in response.get_data(as_text=True)


def test_individuals_cannot_search(client, db, login_as):
    login_as("individual")
    assert client.get("/people").status_code == 403
    assert client.get("/people/export.csv").status_code == 403


def test_csv_export_has_bom_neutralised_formulas_and_is_audited(client, db, login_as):
    _population(db)
    login_as("officer", scope="44")
    response = client.get(f"/people/export.csv?{ARGS}&col=full_name&col=national_id&col=position")
    data = response.get_data()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Họ và tên", "Số CCCD", "Chức vụ"]
    dao = next(r for r in rows if r[0] == "Nguyễn Thị Đào")
    assert dao[1] == "045190000123" and dao[2].startswith("'=")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export"))
    assert entry.details["rows"] == 2 and entry.details["format"] == "csv"


def test_recruiter_cannot_export_masked_columns(client, db, login_as):
    _population(db)
    login_as("recruiter", scope="44")
    response = client.get(f"/people/export.csv?{ARGS}&col=full_name&col=national_id&col=phone")
    text = response.get_data().decode("utf-8-sig")
    assert "045190000123" not in text and "912" not in text
    assert response.headers["X-Refused-Columns"] == "national_id,phone"
    assert text.splitlines()[0] == "Họ và tên"


def test_xlsx_export_matches_the_search(client, db, login_as):
    _population(db)
    login_as("admin")
    response = client.get(f"/people/export.xlsx?{ARGS}&col=id&col=full_name&col=position")
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    values = list(sheet.values)
    assert values[0] == ("Số hồ sơ", "Họ và tên", "Chức vụ")
    assert sorted(v[1] for v in values[1:]) == ["Nguyễn Thị Hoa", "Nguyễn Thị Đào"]
    # The formula-like text is kept exactly, as a text cell (never evaluated, no apostrophe).
    cell = next(row[2] for row in sheet.iter_rows(min_row=2) if row[2].value)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
    assert cell.quotePrefix


def test_page_cli_api_and_export_agree(app, client, db, login_as):
    _population(db)
    officer = login_as("officer", scope="44")
    page = sorted(_page_names(client.get(f"/people?{ARGS}").get_data(as_text=True)))
    export = sorted(
        r[0]
        for r in list(
            csv.reader(
                io.StringIO(
                    client.get(f"/people/export.csv?{ARGS}&col=full_name")
                    .get_data()
                    .decode("utf-8-sig")
                )
            )
        )[1:]
    )
    token = issue_token(db.session, officer.id)
    db.session.commit()
    api = client.get(
        f"/api/v1/people?{ARGS}", headers={"Authorization": f"Bearer {token}"}
    ).get_json()
    cli = app.test_cli_runner().invoke(
        args=[
            "search",
            "nguyen",
            "--sex",
            "female",
            "--area",
            "44",
            "--as-user",
            officer.username,
            "--format",
            "json",
        ]
    )
    from_cli = sorted(row["full_name"] for row in json.loads(cli.output))
    assert page == export == sorted(item["full_name"] for item in api["items"]) == from_cli
    assert page == ["Nguyễn Thị Hoa", "Nguyễn Thị Đào"]
    assert api["total"] == 2 and "sex" in api["facets"]


def test_api_masks_personal_fields_for_recruiters(client, db):
    _population(db)
    recruiter = make_user(db.session, "recruiter", password=PASSWORD)
    token = issue_token(db.session, recruiter.id)
    db.session.commit()
    items = client.get(
        "/api/v1/people?q=dao", headers={"Authorization": f"Bearer {token}"}
    ).get_json()["items"]
    assert items[0]["birth_date"] == "•••" and items[0]["ethnicity_code"] == "•••"
    assert "national_id" not in items[0] and "phone" not in items[0]


def test_cli_formats(app, db):
    _population(db)
    runner = app.test_cli_runner()
    table = runner.invoke(args=["search", "dao", "--min-level", "thac_si"])
    assert "Nguyễn Thị Đào" in table.output
    as_csv = runner.invoke(args=["search", "nguyen", "--format", "csv", "--field", "bogus"])
    assert any(line.startswith("id,full_name") for line in as_csv.output.splitlines())
    assert "Bỏ qua giá trị không hợp lệ" in as_csv.output
