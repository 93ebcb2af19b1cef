import io
import threading

from sqlalchemy import func, select

from registry.audit.models import AuditEntry, FieldVerification
from registry.imports.models import ImportJob
from registry.people.models import Person
from tests.imports.files import office_list, xlsx


def _upload(client, content, name="danh-sach.xlsx"):
    return client.post(
        "/imports",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _wait_for_jobs():
    for thread in threading.enumerate():
        if thread.name.startswith("import-"):
            thread.join(timeout=120)


def test_upload_preview_commit_and_find_people(client, db, login_as):
    login_as("officer", scope="44")
    response = _upload(client, xlsx(office_list()))
    assert response.status_code == 302
    preview = client.get(response.headers["Location"])
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert 'data-testid="count-created">3<' in html
    assert "Họ và tên" in html and "Đơn vị mới sẽ được tạo" in html
    assert db.session.scalar(select(func.count(Person.id))) == 0
    job_id = db.session.scalar(select(ImportJob.id))
    response = client.post(f"/imports/{job_id}/commit", data={"total": "3"})
    assert response.status_code == 302
    _wait_for_jobs()
    status = client.get(f"/imports/{job_id}/status.json").get_json()
    assert status["state"] == "done", status
    assert status["counts"]["created"] == 3
    page = client.get(f"/imports/{job_id}/progress").get_data(as_text=True)
    assert 'data-testid="import-done"' in page
    found = client.get("/people?q=nguyen thi dao").get_data(as_text=True)
    assert "Nguyễn Thị Đào" in found
    listing = client.get("/people").get_data(as_text=True)
    assert "Hồ Văn Lâm" in listing and "Le Thi Hoa" in listing
    dao = db.session.scalar(select(Person).where(Person.full_name == "Nguyễn Thị Đào"))
    sources = set(
        db.session.scalars(
            select(FieldVerification.source).where(FieldVerification.person_id == dao.id)
        )
    )
    assert sources == {"import"}
    entry = db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.target_id == dao.id, AuditEntry.action == "person.create"
        )
    )
    assert entry.details["file"] == "danh-sach.xlsx" and entry.details["row"] == 8
    history = client.get("/imports").get_data(as_text=True)
    assert "danh-sach.xlsx" in history and "Đã nhập" in history


def test_update_preview_shows_old_and_new_values(client, db, login_as):
    login_as("admin")
    _upload(client, xlsx(office_list()))
    job_id = db.session.scalar(select(ImportJob.id))
    client.post(f"/imports/{job_id}/commit", data={"total": "3"})
    _wait_for_jobs()
    people = office_list()
    people[7] = list(people[7])
    people[7][9] = "Phó Chủ tịch"
    response = _upload(client, xlsx(people), "lan-2.xlsx")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="count-updated">1<' in html and 'data-testid="count-unchanged">2<' in html
    assert "Chuyên viên" in html and "Phó Chủ tịch" in html


def test_bad_upload_is_refused_with_a_message(client, db, login_as):
    login_as("officer")
    response = _upload(client, b"%PDF-1.4 " + b"x" * 400, "ds.xlsx")
    assert response.status_code == 422
    assert "ds.xlsx" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ImportJob.id))) == 0


def test_errors_file_has_a_loi_column(client, db, login_as):
    from openpyxl import load_workbook

    login_as("admin")
    people = [[1, None, "1990", "Nam"] + [None] * 8, [2, "Lê Văn An", "1990", "Nam"] + [None] * 8]
    response = _upload(client, xlsx(office_list(people)))
    job_id = db.session.scalar(select(ImportJob.id))
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thiếu họ và tên" in html and "bỏ qua dòng lỗi" in html
    errors = client.get(f"/imports/{job_id}/errors.xlsx")
    sheet = load_workbook(io.BytesIO(errors.data)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if "Họ và tên" in r)
    assert header[-1] == "Lỗi"
    assert any(r[-1] and "Thiếu họ và tên" in r[-1] for r in rows)
    assert not any("Lê Văn An" in [str(c) for c in r] for r in rows)


def test_saved_mapping_is_reused_for_the_next_file(client, db, login_as):
    login_as("officer")
    rows = [["Tên cán bộ xyz", "Sinh ngày", "Phái"], ["Lê Văn An", "02/03/1990", "Nam"]]
    _upload(client, xlsx([["Họ và tên", "Ngày sinh", "Giới tính"], *rows[1:]]))
    job_id = db.session.scalar(select(ImportJob.id))
    client.post(
        f"/imports/{job_id}/mapping",
        data={
            "label": ["Họ và tên", "Ngày sinh", "Giới tính"],
            "col_0": "full_name",
            "col_1": "birth_date",
            "col_2": "sex",
            "save_as": "Mẫu xã",
        },
    )
    response = _upload(
        client,
        xlsx([["Họ và tên", "Ngày sinh", "Giới tính"], ["Lê Thị Bé", "1/1/1991", "Nữ"]]),
        "b.xlsx",
    )
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Mẫu xã" in html


def test_template_download_and_people_import_link(client, db, login_as):
    from openpyxl import load_workbook

    login_as("officer")
    response = client.get("/imports/template.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "Họ và tên" and sheet["A2"].value
    assert sheet.data_validations.dataValidation
    assert client.get("/people/import").status_code == 302


def test_a_60_mb_upload_is_refused_with_a_message(client, db, login_as):
    login_as("officer")
    response = _upload(client, b"x" * (60 * 1024 * 1024), "lon.xlsx")
    assert response.status_code == 422
    assert "vượt giới hạn 50 MB" in response.get_data(as_text=True)
