"""The revision that moves profile achievements into contribution records, up and down."""

import json
import os
import subprocess
import sys

from sqlalchemy import create_engine

BEFORE = "c2c67c85a08b"
PERSON = (
    "INSERT INTO person (id, full_name, name_folded, name_sort_key, sex, sector, is_overseas,"
    " status, party_member, is_foreign_national, fields_by_study, fields_by_declared,"
    " created_at, updated_at, version) VALUES (1, 'Lê Văn Tám', 'le van tam', 'tam', 'male',"
    " 'other', 0, 'active', 0, 0, 0, 0, '2025-01-01', '2025-01-01', 1)"
)
ACHIEVEMENTS = [
    ("research_project", "Giống lúa chịu mặn", "provincial", 2021, "Chủ nhiệm đề tài"),
    ("research_project", "Bảo tồn cây thuốc", "national", 2019, "thành viên"),
    ("initiative", "Phần mềm một cửa", "international", 2022, None),
    ("award", "Bằng khen của Chủ tịch tỉnh", "provincial", 2020, None),
    ("publication", "Bài báo về rừng ngập mặn", "international", 2023, None),
]


def _run(env, *args):
    subprocess.run(
        [sys.executable, "-m", "registry.cli", "db", *args],
        env=env,
        check=True,
        capture_output=True,
    )


def test_achievements_move_into_records_and_back(app, tmp_path):
    url = f"sqlite:///{tmp_path / 'move.db'}"
    env = {**os.environ, "REGISTRY_DATABASE_URL": url, "REGISTRY_INSTANCE_PATH": str(tmp_path)}
    _run(env, "upgrade", BEFORE)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(PERSON)
        for kind, title, level, year, role in ACHIEVEMENTS:
            connection.exec_driver_sql(
                "INSERT INTO achievement (person_id, kind, title, level, year, role)"
                " VALUES (1, ?, ?, ?, ?, ?)",
                (kind, title, level, year, role),
            )
        pending = {
            "fields": {},
            "parts": [
                {
                    "op": "add",
                    "kind": "achievement",
                    "data": {
                        "kind": "award",
                        "title": "Giải ba",
                        "level": "district",
                        "year": 2024,
                    },
                },
                {"op": "remove", "kind": "achievement", "id": 3, "before": {}},
            ],
        }
        connection.exec_driver_sql(
            "INSERT INTO change_request (person_id, changes, state, submitted_at)"
            " VALUES (1, ?, 'pending', '2025-01-01')",
            (json.dumps(pending),),
        )
    _run(env, "upgrade")
    with engine.connect() as connection:
        sql = connection.exec_driver_sql
        assert sql(
            "SELECT t.title, t.level, t.year, m.role FROM research_task t"
            " JOIN research_task_member m ON m.task_id = t.id ORDER BY t.year"
        ).all() == [
            ("Bảo tồn cây thuốc", "national", 2019, "member"),
            ("Giống lúa chịu mặn", "provincial", 2021, "lead"),
        ]
        assert sql("SELECT title_folded FROM research_task WHERE year = 2021").scalar() == (
            "giong lua chiu man"
        )
        assert sql("SELECT effect_level, year FROM initiative").all() == [("national", 2022)]
        assert sql("SELECT count(*) FROM initiative_author WHERE person_id = 1").scalar() == 1
        assert sql("SELECT kind, level FROM award").all() == [("other", "provincial")]
        assert sql("SELECT title FROM publication").all() == [("Bài báo về rừng ngập mặn",)]
        changes = json.loads(sql("SELECT changes FROM change_request").scalar())
        assert changes["parts"] == [
            {
                "op": "add",
                "kind": "award",
                "data": {"title": "Giải ba", "year": 2024, "kind": "other", "level": "district"},
            }
        ]
    _run(env, "downgrade", BEFORE)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT kind, title, year FROM achievement ORDER BY kind, year"
        ).all()
    engine.dispose()
    assert sorted(rows) == sorted((k, t, y) for k, t, _, y, _ in ACHIEVEMENTS)
