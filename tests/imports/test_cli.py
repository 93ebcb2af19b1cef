from sqlalchemy import func, select

from registry.imports.models import ImportJob
from registry.people.models import Person
from tests import factories
from tests.imports.files import office_list, xlsx


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=["import", *args])


def test_cli_dry_run_then_import_then_reimport(app, db, tmp_path):
    factories.make_user(db.session, "officer", password="x" * 12, username="canbo", scope="44")
    db.session.commit()
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx(office_list()))
    result = _cli(app, str(path), "--dry-run", "--as-user", "canbo")
    assert result.exit_code == 0, result.output
    assert "tạo mới 3" in result.output
    assert db.session.scalar(select(func.count(Person.id))) == 0
    result = _cli(app, str(path), "--as-user", "canbo")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Person.id))) == 3
    assert db.session.scalar(select(ImportJob.state)) == "done"
    result = _cli(app, str(path), "--as-user", "canbo")
    assert "không đổi 3" in result.output
    assert db.session.scalar(select(func.count(Person.id))) == 3


def test_cli_refuses_a_file_with_invalid_rows_and_writes_nothing(app, db, tmp_path):
    factories.make_user(db.session, "admin", password="x" * 12, username="quantri")
    db.session.commit()
    people = [[1, None, "1990", "Nam"] + [None] * 8, [2, "Lê Văn An", "1990", "Nam"] + [None] * 8]
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx(office_list(people)))
    result = _cli(app, str(path), "--as-user", "quantri")
    assert result.exit_code == 1 and "Thiếu họ và tên" in result.output
    assert db.session.scalar(select(func.count(Person.id))) == 0
    result = _cli(app, str(path), "--as-user", "quantri", "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Person.id))) == 1


def test_officer_cannot_import_outside_their_scope(app, db, tmp_path):
    factories.make_user(db.session, "officer", password="x" * 12, username="hanoi", scope="01")
    db.session.commit()
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx(office_list()))
    result = _cli(app, str(path), "--dry-run", "--as-user", "hanoi")
    assert "lỗi 3" in result.output and "ngoài phạm vi" in result.output


def test_cli_mapping_file_names_the_columns(app, db, tmp_path):
    import json

    factories.make_user(db.session, "admin", password="x" * 12, username="quantri")
    db.session.commit()
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx([["Cột A", "Cột B", "Cột C"], ["Lê Văn An", "02/03/1990", "Nam"]]))
    mapping = tmp_path / "ghep.json"
    mapping.write_text(json.dumps({"0": "full_name", "1": "birth_date", "2": "sex"}), "utf-8")
    result = _cli(app, str(path), "--as-user", "quantri")
    assert result.exit_code == 2 and "tiêu đề" in result.output
    result = _cli(app, str(path), "--as-user", "quantri", "--mapping", str(mapping))
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Person.full_name)) == "Lê Văn An"
