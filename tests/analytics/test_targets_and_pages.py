import io
import json
from datetime import date

import pytest
import xlsxwriter
from sqlalchemy import func, select

from registry.analytics.models import Target
from registry.analytics.services import TargetInput, create_target, import_targets
from registry.api.services import issue_token
from registry.audit.models import AuditEntry
from registry.errors import ValidationError
from tests.factories import make_person

CSV_OK = (
    "field,area,min_level,required,year,source,quota_group,quota_percent\n"
    "y_te,19363,dai_hoc,10,2030,KH 01,woman,40\ndu_lich,464,dai_hoc,5,2030,,,\n"
)


def _count(db):
    return db.session.scalar(select(func.count(Target.id)))


def test_import_csv_creates_all_rows(db):
    created = import_targets(db.session, CSV_OK.encode(), "chi-tieu.csv")
    assert [(t.field_code, t.area_code, t.required, t.quota_percent) for t in created] == [
        ("y_te", "19363", 10, 40),
        ("du_lich", "464", 5, None),
    ]


def test_import_xlsx(db):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    for r, row in enumerate(
        [["field", "area", "min_level", "required", "year"], ["y_te", "44", "thac_si", 7, 2030]]
    ):
        sheet.write_row(r, 0, row)
    workbook.close()
    created = import_targets(db.session, buffer.getvalue(), "chi-tieu.xlsx")
    assert created[0].required == 7 and created[0].area_code == "44"


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (CSV_OK.replace("10,2030", "-5,2030"), "a.csv"),
        (CSV_OK.replace("du_lich,464", "khong_co,464"), "a.csv"),
        (CSV_OK.replace("19363", "99999"), "a.csv"),
        (CSV_OK.replace("woman,40", "aliens,40"), "a.csv"),
        (CSV_OK.replace("2030,KH", "hai nghìn,KH"), "a.csv"),
        ("area,required\n19363,5\n", "a.csv"),
        ("", "a.csv"),
        ("not a spreadsheet", "a.xlsx"),
    ],
)
def test_bad_import_saves_nothing_and_says_why(db, content, name):
    data = content.encode() if isinstance(content, str) else content
    with pytest.raises(ValidationError) as caught:
        import_targets(db.session, data, name)
    assert caught.value.errors
    db.session.rollback()
    assert _count(db) == 0


def test_non_utf8_csv_is_refused(db):
    with pytest.raises(ValidationError):
        import_targets(db.session, CSV_OK.encode("utf-16"), "a.csv")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("required", "0"),
        ("target_year", "1999"),
        ("area", "org:999"),
        ("min_level_code", "phd"),
        ("quota_percent", "150"),
    ],
)
def test_bad_target_form_values(db, field, value):
    values = {
        "field_code": "y_te",
        "area": "19363",
        "min_level_code": "dai_hoc",
        "required": "5",
        "target_year": "2030",
        "quota_group": "woman" if field == "quota_percent" else None,
    }
    values[field] = value
    with pytest.raises(ValidationError) as caught:
        create_target(db.session, TargetInput(**values))
    assert field in caught.value.errors


def test_admin_pages_for_targets_and_fields(client, db, login_as):
    login_as("admin")
    ok = client.post(
        "/admin/targets",
        data={
            "field_code": "y_te",
            "area": "19363",
            "min_level_code": "dai_hoc",
            "required": "3",
            "target_year": "2030",
        },
    )
    assert ok.status_code == 302 and _count(db) == 1
    bad = client.post(
        "/admin/targets",
        data={
            "field_code": "y_te",
            "area": "19363",
            "min_level_code": "dai_hoc",
            "required": "-1",
            "target_year": "2030",
        },
    )
    assert bad.status_code == 422 and _count(db) == 1
    client.post(
        "/admin/targets/import",
        data={"file": (io.BytesIO(CSV_OK.replace("10,2030", "x,2030").encode()), "t.csv")},
        content_type="multipart/form-data",
    )
    assert _count(db) == 1
    client.post(
        "/admin/targets/import",
        data={"file": (io.BytesIO(CSV_OK.encode()), "t.csv")},
        content_type="multipart/form-data",
    )
    assert _count(db) == 3
    refused = client.post(
        "/admin/priority-fields/y_te", data={"name_vi": "Y tế", "prefixes": "72;7"}
    )
    assert refused.status_code == 422 and "2, 4 hoặc 6 chữ số" in refused.get_data(as_text=True)
    created = client.post(
        "/admin/priority-fields",
        data={"code": "moi_truong", "name_vi": "Môi trường", "prefixes": "85"},
    )
    assert created.status_code == 302
    assert {"target.create", "target.import", "priority_field.create"} <= set(
        db.session.scalars(select(AuditEntry.action))
    )


def _planner_population(db):
    make_person(
        db.session,
        full_name="Lê Thị An",
        qualifications=[("dai_hoc", "7720101")],
        birth_date=date(1990, 1, 1),
    )
    make_person(
        db.session,
        full_name="Hồ Văn Bình",
        sex="male",
        commune_code="19366",
        qualifications=[("thac_si", "8720101")],
        birth_date=date(1966, 6, 1),
    )
    make_person(
        db.session,
        full_name="Trần Thị Cúc",
        commune_code="19372",
        qualifications=[("dai_hoc", "7720301")],
    )
    for commune in ("19363", "19366", "19372", "19405", "19414"):
        db.session.add(
            Target(
                field_code="y_te",
                area_code=commune,
                min_level_code="dai_hoc",
                required=2,
                target_year=2030,
            )
        )
    db.session.commit()


def test_dashboard_api_and_cli_agree(app, client, db, login_as):
    _planner_population(db)
    officer = login_as("officer", scope="44")
    html = client.get("/gaps?area=464&year=2030").get_data(as_text=True)
    assert 'data-testid="total-gap_at_year">8<' in html and "<svg" in html
    assert "/people?field=y_te&amp;min_level=dai_hoc&amp;status=active&amp;area=19363" in html
    token = issue_token(db.session, officer.id)
    db.session.commit()
    api = client.get(
        "/api/v1/gaps?area=464&year=2030", headers={"Authorization": f"Bearer {token}"}
    ).get_json()
    cli = app.test_cli_runner().invoke(
        args=[
            "gaps",
            "--area",
            "464",
            "--year",
            "2030",
            "--as-user",
            officer.username,
            "--format",
            "json",
        ]
    )
    from_cli = json.loads(cli.output)
    assert (
        api["totals"]
        == from_cli["totals"]
        == {
            "required": 10,
            "supply": 3,
            "gap": 7,
            "leaving_by_year": 1,
            "supply_at_year": 2,
            "gap_at_year": 8,
        }
    )
    xlsx = client.get("/gaps/export.xlsx?area=464&year=2030")
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    assert workbook.sheetnames == ["Chỉ tiêu", "Lĩnh vực", "Địa bàn", "Xu hướng"]
    rows = list(workbook["Chỉ tiêu"].iter_rows(values_only=True))
    assert rows[2][4:6] == ("Hiện tại", None) and rows[3][6] == "Theo ngành đào tạo"
    body = [row for row in rows[4:] if row[0] != "Tổng cộng"]
    assert [row[6] for row in body] == [1, 1, 1, 0, 0]
    assert rows[-1][0] == "Tổng cộng" and rows[-1][4] == sum(row[4] for row in body) == 10
    assert "dai_hoc" not in {row[2] for row in body}  # level names, codes only in the last column
    assert 'data-testid="trend"' in html


def test_target_detail_and_shortlist_explain_themselves(client, db, login_as):
    _planner_population(db)
    login_as("recruiter", scope="44")
    target = db.session.scalar(select(Target).where(Target.area_code == "19363"))
    detail = client.get(f"/gaps/targets/{target.id}").get_data(as_text=True)
    assert "Lập danh sách ứng viên" in detail
    page = client.get(
        "/gaps/shortlist?field=y_te&min_level=dai_hoc&area=19363&count=5&group=woman&study=7720101"
    )
    html = page.get_data(as_text=True)
    # An: same major 3 + level 2 + here 3 + woman 2 = 10; Bình: 3 + 3 + same province 1 = 7; Cúc: field 1 + 2 + 1 + 2 = 6
    order = sorted(("Lê Thị An", "Hồ Văn Bình", "Trần Thị Cúc"), key=html.index)
    assert order == ["Lê Thị An", "Hồ Văn Bình", "Trần Thị Cúc"]
    assert "+3 ngành đúng chuyên môn" in html and "+3 ở ngay địa bàn" in html and "+2 Nữ" in html
    assert "+1 cùng lĩnh vực đào tạo" in html
    bad = client.get("/gaps/shortlist?field=y_te&min_level=dai_hoc&area=abc&count=5")
    assert bad.status_code == 422
    sheet = client.get(
        "/gaps/shortlist?field=y_te&min_level=dai_hoc&area=19363&count=5&format=xlsx"
    )
    assert sheet.data[:2] == b"PK"


def test_individuals_cannot_see_gaps(client, db, login_as):
    login_as("individual")
    assert client.get("/gaps").status_code == 403
    assert client.get("/gaps/shortlist").status_code == 403


def test_gap_pages_in_english(client, db, login_as):
    _planner_population(db)
    login_as("officer", scope="44")
    client.get("/lang/en")
    assert "Gaps against targets" in client.get("/gaps?area=464").get_data(as_text=True)
    assert "Position standards" in client.get("/gaps/positions").get_data(as_text=True)
    assert "Search intellectuals" in client.get("/people").get_data(as_text=True)


def test_import_with_vietnamese_headers_and_names(db):
    csv_vi = (
        "Lĩnh vực ưu tiên,Địa bàn,Trình độ tối thiểu,Số lượng cần,Năm mục tiêu\n"
        "y_te,19363,Đại học,10,2030\n"
    )
    created = import_targets(db.session, csv_vi.encode(), "chi-tieu.csv")
    assert (created[0].field_code, created[0].min_level_code, created[0].required) == (
        "y_te",
        "dai_hoc",
        10,
    )


def test_targets_template_round_trips(db, client, login_as):
    from openpyxl import load_workbook

    login_as("admin")
    response = client.get("/admin/targets/template.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert sheet["A1"].value == "Lĩnh vực ưu tiên" and sheet["C2"].value == "Đại học"
    created = import_targets(db.session, response.data, "mau-chi-tieu.xlsx")
    assert created[0].area_code == "44" and created[0].min_level_code == "dai_hoc"
