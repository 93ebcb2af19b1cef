import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from registry.audit.models import AuditEntry, FieldVerification
from registry.errors import ValidationError
from registry.standards.compliance import compliance
from registry.standards.models import TrainingCourse, TrainingNomination
from registry.standards.needs import people_needing, training_needs
from registry.standards.nominations import nominate, record_result
from registry.standards.training import save_course
from registry.standards.training_queries import yearly_figures
from tests.factories import make_person, make_user
from tests.standards.conftest import ADMIN, reader

THIS_YEAR = date.today().year
COURSE = {
    "kind": "political_theory",
    "level_code": "trung_cap",
    "year": str(THIS_YEAR),
    "seats": "2",
    "start_date": f"01/01/{THIS_YEAR}",
    "provider": "Trường Chính trị tỉnh Quảng Trị",
    "location": "Đông Hà",
}


def needs_by_label(db, user=ADMIN):
    rows = training_needs(db.session, user, compliance(db.session, user))
    return {row["label"]: row for row in rows}


def test_need_list_names_the_training_for_each_missing_requirement(db, standard):
    needs = needs_by_label(db)
    assert needs["Trung cấp lý luận chính trị"]["people"] == 2
    assert needs["Bồi dưỡng ngạch chuyên viên"]["people"] == 2
    assert needs["Ngoại ngữ bậc 3"]["people"] == 2
    assert needs["Ứng dụng CNTT cơ bản"]["people"] == 2
    assert needs["Đại học"]["people"] == 1  # the field requirement: a degree in a matching field
    theory = needs["Trung cấp lý luận chính trị"]
    assert theory["by_org"] == {standard.office.id: 1, standard.other.id: 1}
    assert theory["by_commune"] == {"19363": 1, "19366": 1}
    assert needs_by_label(db, reader(area="19366"))["Trung cấp lý luận chính trị"]["people"] == 1


def test_plan_nominate_complete_and_the_rate_moves(db, standard):
    officer = make_user(db.session, "officer", password="correct-horse-battery", scope="44")
    officer.scope_area_code = "464"  # the former district (district scopes: registry/auth/scope.py)
    course = save_course(db.session, None, COURSE, officer)
    candidates = people_needing(db.session, officer, course.kind, course.level_code)
    assert {row["person"].full_name for row in candidates.items} == {"Trần Thị Thiếu", "Hồ Văn Xa"}
    nominate(db.session, course, [standard.misses.id, standard.elsewhere.id], officer, officer)
    db.session.commit()
    assert needs_by_label(db)["Trung cấp lý luận chính trị"]["nominated"] == 2
    again = people_needing(db.session, officer, "political_theory", "trung_cap")
    assert again.total == 0
    nomination = db.session.scalar(
        select(TrainingNomination).where(TrainingNomination.person_id == standard.misses.id)
    )
    record_result(
        db.session,
        nomination,
        state="completed",
        actor=officer,
        user=officer,
        certificate_no="LLCT-2026-001",
        completed_on=date.today().strftime("%d/%m/%Y"),
    )
    db.session.commit()
    db.session.refresh(standard.misses)
    assert standard.misses.political_theory_code == "trung_cap"
    provenance = db.session.scalar(
        select(FieldVerification).where(
            FieldVerification.person_id == standard.misses.id,
            FieldVerification.field == "political_theory_code",
        )
    )
    assert provenance.source == "officer" and provenance.verified_by_id == officer.id
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"training.nominate", "training.completed", "person.update"} <= actions
    assert "Trung cấp lý luận chính trị" not in {
        k for k, v in needs_by_label(db).items() if v["people"] == 2
    }
    assert yearly_figures(db.session) == [
        {"year": THIS_YEAR, "courses": 1, "seats": 2, "nominated": 2, "completed": 1, "dropped": 0}
    ]


def test_language_completion_adds_the_level(db, standard):
    course = save_course(
        db.session,
        None,
        {**COURSE, "kind": "language", "level_code": "bac_3", "language": "en"},
        ADMIN,
    )
    nominate(db.session, course, [standard.misses.id], ADMIN, ADMIN)
    nomination = course.nominations[0]
    record_result(
        db.session,
        nomination,
        state="completed",
        actor=ADMIN,
        user=ADMIN,
        certificate_no="NN-1",
        completed_on=date.today(),
    )
    db.session.commit()
    assert [(pl.language, pl.level_code) for pl in standard.misses.languages] == [("en", "bac_3")]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"level_code": "tien_si"}, "level_code"),  # not a political-theory level
        ({"kind": "yoga"}, "kind"),
        ({"seats": "0"}, "seats"),
        ({"year": "1990"}, "year"),
        ({"end_date": "01/12/2000"}, "end_date"),
        ({"start_date": "01/01/2019"}, "start_date"),
        ({"kind": "language", "level_code": "bac_3", "language": "english"}, "language"),
        ({"kind": "degree", "level_code": "thac_si", "field_code": "734"}, "field_code"),
    ],
)
def test_bad_course_is_refused(db, changes, field):
    with pytest.raises(ValidationError) as caught:
        save_course(db.session, None, {**COURSE, **changes}, ADMIN)
    assert field in caught.value.errors
    assert db.session.scalar(select(TrainingCourse.id)) is None


def _refused(db, course, ids, user=ADMIN):
    with pytest.raises(ValidationError) as caught:
        nominate(db.session, course, ids, ADMIN, user)
    db.session.rollback()
    assert db.session.scalar(select(TrainingNomination.id)) is None
    return caught.value.errors["person_ids"]


def test_nominations_respect_seats_scope_and_completions(db, standard):
    course = save_course(db.session, None, {**COURSE, "seats": "1"}, ADMIN)
    db.session.commit()
    two = [standard.misses.id, standard.elsewhere.id]
    assert "còn 1 chỗ" in _refused(db, course, two)
    assert "không thuộc phạm vi" in _refused(
        db, course, [standard.elsewhere.id], reader(area="19363")
    )
    assert "đã đạt trình độ" in _refused(db, course, [standard.meets.id])
    assert "Chọn ít nhất một người" in _refused(db, course, [])


def test_seats_cannot_drop_below_nominees(db, standard):
    course = save_course(db.session, None, COURSE, ADMIN)
    nominate(db.session, course, [standard.misses.id, standard.elsewhere.id], ADMIN, ADMIN)
    with pytest.raises(ValidationError) as caught:
        save_course(db.session, course, {**COURSE, "seats": "1"}, ADMIN)
    assert "seats" in caught.value.errors


@pytest.mark.parametrize(
    ("values", "field"),
    [
        (
            {"state": "completed", "certificate_no": "X", "completed_on": "31/12/2000"},
            "completed_on",
        ),
        ({"state": "completed", "certificate_no": "", "completed_on": "today"}, "certificate_no"),
        ({"state": "completed", "certificate_no": "X", "completed_on": "tomorrow"}, "completed_on"),
        ({"state": "passed"}, "state"),
    ],
)
def test_bad_result_is_refused(db, standard, values, field):
    course = save_course(db.session, None, COURSE, ADMIN)
    nominate(db.session, course, [standard.misses.id], ADMIN, ADMIN)
    db.session.commit()
    days = {"today": date.today(), "tomorrow": date.today() + timedelta(days=1)}
    values = {
        **values,
        "completed_on": days.get(values.get("completed_on"), values.get("completed_on")),
    }
    with pytest.raises(ValidationError) as caught:
        record_result(db.session, course.nominations[0], actor=ADMIN, user=ADMIN, **values)
    assert field in caught.value.errors
    db.session.rollback()
    assert course.nominations[0].state == "nominated"
    assert standard.misses.political_theory_code == "so_cap"


def test_result_outside_scope_is_refused(db, standard):
    course = save_course(db.session, None, COURSE, ADMIN)
    nominate(db.session, course, [standard.elsewhere.id], ADMIN, ADMIN)
    with pytest.raises(ValidationError):
        record_result(
            db.session,
            course.nominations[0],
            state="dropped",
            actor=None,
            user=reader(area="19363"),
        )


def test_pages_plan_nominate_record_and_export(client, db, login_as, standard):
    login_as("officer", scope="44")
    response = client.post("/training/", data=COURSE)
    assert response.status_code == 302
    course_url = response.headers["Location"]
    html = client.get(course_url).get_data(as_text=True)
    assert "Trần Thị Thiếu" in html and "Hồ Văn Xa" in html
    course = db.session.scalar(select(TrainingCourse))
    three = {
        "person_id": [str(standard.misses.id), str(standard.elsewhere.id), str(standard.meets.id)]
    }
    html = client.post(
        f"/training/courses/{course.id}/nominate", data=three, follow_redirects=True
    ).get_data(as_text=True)
    assert "còn 2 chỗ" in html
    client.post(
        f"/training/courses/{course.id}/nominate",
        data={"person_id": [str(standard.misses.id), str(standard.elsewhere.id)]},
    )
    nomination = db.session.scalar(
        select(TrainingNomination).where(TrainingNomination.person_id == standard.misses.id)
    )
    client.post(
        f"/training/nominations/{nomination.id}/result",
        data={
            "state": "completed",
            "certificate_no": "LLCT-7",
            "completed_on": date.today().strftime("%d/%m/%Y"),
        },
    )
    client.post(f"/training/nominations/{nomination.id + 1}/result", data={"state": "dropped"})
    html = client.get("/training/").get_data(as_text=True)
    assert 'data-testid="yearly"' in html and "Trung cấp lý luận chính trị" in html
    sheet = load_workbook(io.BytesIO(client.get(f"/training/courses/{course.id}/export.xlsx").data))
    rows = list(sheet["Danh sách cử đi học"].values)
    assert rows[0][:3] == ("Khóa học", "Năm", "Họ và tên")
    assert {r[4] for r in rows[1:]} == {"Hoàn thành", "Bỏ học"}
    assert [r[5] for r in list(sheet["Hoàn thành"].values)[1:]] == ["LLCT-7"]


def test_need_page_links_to_planning(client, login_as, standard):
    login_as("officer", scope="44")
    html = client.get("/gaps/positions/needs").get_data(as_text=True)
    assert "Trung cấp lý luận chính trị" in html and "Lập khóa học" in html
    assert client.get("/api/v1/positions/needs").get_json()["needs"][0]["kind"] == "degree"


def test_individual_sees_own_needs_and_nominations(client, db, login_as, standard):
    course = save_course(db.session, None, COURSE, ADMIN)
    nominate(db.session, course, [standard.misses.id], ADMIN, ADMIN)
    db.session.commit()
    login_as("individual", person=standard.misses)
    html = client.get("/me").get_data(as_text=True)
    assert "Bồi dưỡng ngạch chuyên viên" in html
    assert 'data-testid="my-training"' in html and "Trường Chính trị tỉnh Quảng Trị" in html


def test_person_without_position_sees_no_needs(client, db, login_as):
    person = make_person(db.session, full_name="Người Tự Do")
    db.session.commit()
    login_as("individual", person=person)
    assert 'data-testid="my-training"' not in client.get("/me").get_data(as_text=True)
