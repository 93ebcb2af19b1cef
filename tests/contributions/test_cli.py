from openpyxl import load_workbook

from registry.contributions.services import save_task


def test_counts_and_export_on_the_command_line(app, db, people, tmp_path):
    save_task(
        db.session,
        {
            "title": "Đề tài CLI",
            "level": "provincial",
            "status": "proposed",
            "year": 2024,
            "members": [{"person_id": people[0].id, "role": "lead"}],
        },
        None,
    )
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["contributions", "counts", "--by", "year", "level=provincial"])
    assert "2024" in result.output and "Tổng" in result.output
    bad = runner.invoke(args=["contributions", "counts", "year_from=abc"])
    assert bad.exit_code == 2 and "số nguyên" in bad.output
    out = tmp_path / "tasks.xlsx"
    done = runner.invoke(args=["contributions", "export", "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert list(load_workbook(out).active.values)[1][1] == "Đề tài CLI"
