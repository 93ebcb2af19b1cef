"""Pages, XLSX, self-service proposals through review, and the API, as users meet them."""

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from registry.api.services import issue_token
from registry.audit.models import AuditEntry
from registry.contributions.models import Award, ResearchTask
from registry.contributions.services import save_task
from registry.review.models import ChangeRequest
from registry.review.services import approve
from tests.factories import make_person


def _task(db, person, title="Giống lúa chịu mặn"):
    task = save_task(
        db.session,
        {
            "title": title,
            "level": "provincial",
            "status": "accepted",
            "result": "excellent",
            "year": 2024,
            "members": [{"person_id": person.id, "role": "lead"}],
        },
        None,
    )
    db.session.commit()
    return task


def test_officer_lists_filters_exports_and_sees_records_on_the_profile(
    client, db, login_as, people
):
    lead = people[0]
    _task(db, lead)
    _task(db, people[1], title="Bảo tồn cây thuốc")
    login_as("officer")
    html = client.get("/contributions/tasks?q=giong lua&level=provincial").get_data(as_text=True)
    assert "Giống lúa chịu mặn" in html and "Bảo tồn cây thuốc" not in html
    bad = client.get("/contributions/tasks?year_from=abc").get_data(as_text=True)
    assert "số nguyên" in bad
    response = client.get("/contributions/tasks.xlsx?q=giong")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Mã nhiệm vụ", "Tên nhiệm vụ", "Cấp")
    assert rows[1][1:3] == ("Giống lúa chịu mặn", "Cấp tỉnh") and len(rows) == 2
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action.like("%export")))
    profile = client.get(f"/people/{lead.id}").get_data(as_text=True)
    assert "Giống lúa chịu mặn" in profile and 'data-record="research_task"' in profile
    assert "Cấp tỉnh" in client.get("/contributions").get_data(as_text=True)


def test_officer_form_refuses_a_task_without_lead_and_writes_nothing(client, db, login_as, people):
    login_as("officer")
    response = client.post(
        "/contributions/tasks/new",
        data={
            "title": "Đề tài mới",
            "level": "provincial",
            "status": "in_progress",
            "members-0-person_id": str(people[0].id),
            "members-0-role": "member",
        },
    )
    assert response.status_code == 422
    assert "chưa có chủ nhiệm" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ResearchTask)) == 0
    ok = client.post(
        "/contributions/tasks/new",
        data={
            "title": "Đề tài mới",
            "level": "provincial",
            "status": "in_progress",
            "members-0-person_id": str(people[0].id),
            "members-0-role": "lead",
            "funding-0-source": "province",
            "funding-0-amount": "300.000.000",
        },
    )
    assert ok.status_code == 302
    assert db.session.scalar(select(ResearchTask.title)) == "Đề tài mới"


def test_individual_proposes_an_award_with_evidence_and_the_officer_approves(
    client, db, login_as, people
):
    person = people[0]
    user = login_as("individual", person=person)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    bad = client.post(
        "/contributions/me/award",
        data={
            "award-kind": "prize",
            "award-title": "Giải Nhất",
            "award-level": "provincial",
            "award-decision_date": "2999-01-01",
        },
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422 and "sau hôm nay" in bad.get_data(as_text=True)
    response = client.post(
        "/contributions/me/award",
        data={
            "award-kind": "prize",
            "award-title": "Giải Nhất Sáng tạo",
            "award-level": "provincial",
            "award-year": "2023",
            "award-evidence": (io.BytesIO(pdf), "quyet-dinh.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    request = db.session.scalar(select(ChangeRequest))
    assert request.evidence_name == "quyet-dinh.pdf"
    assert request.changes["parts"][0]["kind"] == "award"
    assert db.session.scalar(select(func.count()).select_from(Award)) == 0
    from tests.factories import make_user

    officer = make_user(db.session, "officer", password="x" * 12)
    approve(db.session, request, officer)
    db.session.commit()
    award = db.session.scalar(select(Award))
    assert (award.person_id, award.title, award.year) == (person.id, "Giải Nhất Sáng tạo", 2023)
    assert user.person_id == person.id


def test_api_reads_for_recruiters_writes_for_officers_and_documents_itself(client, db, people):
    from tests.factories import make_user

    lead = people[0]
    _task(db, lead)
    recruiter = make_user(db.session, "recruiter", password="x" * 12)
    officer = make_user(db.session, "officer", password="x" * 12)
    read = {"Authorization": f"Bearer {issue_token(db.session, recruiter.id)}"}
    write = {"Authorization": f"Bearer {issue_token(db.session, officer.id)}"}
    db.session.commit()
    listed = client.get("/api/v1/contributions/research_task?level=provincial", headers=read)
    assert listed.get_json()["total"] == 1
    counts = client.get("/api/v1/contributions/counts?kind=research_task&by=level", headers=read)
    assert counts.get_json()["rows"] == [{"key": "provincial", "label": "Cấp tỉnh", "count": 1}]
    body = {
        "title": "Đề tài API",
        "level": "district",
        "status": "proposed",
        "members": [{"person_id": lead.id, "role": "lead"}],
    }
    assert (
        client.post("/api/v1/contributions/research_task", json=body, headers=read).status_code
        == 403
    )
    created = client.post("/api/v1/contributions/research_task", json=body, headers=write)
    assert created.status_code == 201 and created.get_json()["members"][0]["role"] == "lead"
    bad = client.post(
        "/api/v1/contributions/research_task",
        json={**body, "funding": [{"source": "state", "amount": -1}]},
        headers=write,
    )
    assert bad.status_code == 422 and "funding" in bad.get_json()["errors"]
    assert db.session.scalar(select(func.count()).select_from(ResearchTask)) == 2
    outsider = make_person(db.session, full_name="Ngoài Tỉnh", commune_code="00004")
    db.session.commit()
    refused = client.post(
        "/api/v1/contributions/award",
        headers=write,
        json={"person_id": outsider.id, "kind": "prize", "title": "X", "level": "national"},
    )
    assert refused.status_code == 422
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/contributions/{kind}"])
    assert "/contributions/counts" in paths and "/councils" in paths


def test_the_review_queue_shows_a_proposal_with_labels(client, db, login_as, people):
    from registry.review.services import submit_change_request
    from tests.factories import make_user

    person = people[0]
    user = make_user(db.session, "individual", password="x" * 12, person=person)
    submit_change_request(
        db.session,
        person,
        user,
        {},
        part_ops=[
            {
                "op": "add",
                "kind": "award",
                "data": {"kind": "certificate", "title": "Bằng khen tỉnh", "level": "provincial"},
            }
        ],
    )
    db.session.commit()
    login_as("officer")
    html = client.get("/review").get_data(as_text=True)
    assert "khen thưởng, giải thưởng" in html
    assert "Bằng khen, giấy khen, Bằng khen tỉnh, Cấp tỉnh" in html


def test_counts_link_to_lists_that_agree(client, db, login_as, people):
    _task(db, people[0])
    _task(db, people[1], title="Đề tài 2")
    login_as("recruiter")
    html = client.get("/contributions?year_from=2024&area=44").get_data(as_text=True)
    assert (
        'href="/contributions/tasks?year_from=2024&amp;area=44&amp;level=provincial">2</a>' in html
    )
    listed = client.get("/contributions/tasks?year_from=2024&area=44&level=provincial")
    assert '<span data-testid="total">2</span>' in listed.get_data(as_text=True)


def test_last_years_critique_councils_list_their_members(client, db, login_as, people):
    from registry.contributions.councils import save_council

    save_council(
        db.session,
        {
            "kind": "critique",
            "topic": "Phản biện đề án",
            "start_date": "2025-04-01",
            "members": [{"person_id": people[2].id, "role": "reviewer"}],
        },
        None,
    )
    db.session.commit()
    login_as("officer")
    html = client.get("/contributions/councils?kind=critique&year=2025").get_data(as_text=True)
    assert "Phản biện đề án" in html and "Phạm Minh Ba (Phản biện)" in html


def test_overseas_experts_in_agriculture_we_work_with(client, db, login_as):
    from registry.contributions.overseas import log_cooperation, save_partner

    worked = make_person(db.session, full_name="Lê Kiều Bào", is_overseas=True)
    idle = make_person(db.session, full_name="Trần Chưa Gặp", is_overseas=True)
    for person in (worked, idle):
        save_partner(
            db.session,
            {
                "person_id": person.id,
                "residence_country": "JP",
                "field_code": "nong_nghiep_cong_nghe_cao",
                "contact_channel": "kieubao@example.com",
                "willingness": "ready",
            },
            None,
        )
    log_cooperation(
        db.session,
        {
            "person_id": worked.id,
            "kind": "advice",
            "day": "2025-02-02",
            "description": "Tư vấn giống",
        },
        None,
    )
    db.session.commit()
    login_as("recruiter")
    html = client.get("/contributions/foreign?field=nong_nghiep_cong_nghe_cao&worked=1&country=JP")
    text = html.get_data(as_text=True)
    assert "Lê Kiều Bào" in text, text[text.find("<table") :][:1500]
    assert "Trần Chưa Gặp" not in text, text[text.find("<table") :][:2500]
    assert "Nhật Bản" in text
    assert "kieubao@example.com" not in text  # contact details masked for recruiters
    sheet = load_workbook(
        io.BytesIO(client.get("/contributions/foreign.xlsx?worked=1").data)
    ).active
    assert list(sheet.values)[1][:2] == ("Lê Kiều Bào", "Nhật Bản")


def test_api_for_councils_attraction_and_overseas(client, db, people):
    from tests.factories import make_user

    lead, member, third = people
    task = _task(db, lead)
    recruiter = make_user(db.session, "recruiter", password="x" * 12)
    officer = make_user(db.session, "officer", password="x" * 12)
    read = {"Authorization": f"Bearer {issue_token(db.session, recruiter.id)}"}
    write = {"Authorization": f"Bearer {issue_token(db.session, officer.id)}"}
    db.session.commit()
    council = client.post(
        "/api/v1/councils",
        headers=write,
        json={
            "kind": "acceptance",
            "topic": "Nghiệm thu",
            "start_date": "2025-01-10",
            "task_id": task.id,
            "members": [{"person_id": third.id, "role": "chair"}],
        },
    ).get_json()
    added = client.post(
        f"/api/v1/councils/{council['id']}/members",
        headers=write,
        json={"person_id": lead.id, "role": "reviewer"},
    )
    assert added.status_code == 201 and added.get_json()["warnings"]
    twice = client.post(
        f"/api/v1/councils/{council['id']}/members",
        headers=write,
        json={"person_id": lead.id, "role": "member"},
    )
    assert twice.status_code == 422
    done = client.post(
        f"/api/v1/councils/{council['id']}/outcome",
        headers=write,
        json={"result": "pass", "decided_on": "2025-01-11"},
    )
    assert done.get_json()["result"] == "pass"
    case = client.post(
        "/api/v1/attraction",
        headers=write,
        json={
            "person_id": member.id,
            "decision_number": "9/QĐ",
            "decision_date": "2020-01-01",
            "supports": [{"kind": "housing", "amount": 50000000}],
        },
    )
    assert case.status_code == 201 and case.get_json()["milestones"]["5"] == "staying"
    saved = client.put(
        f"/api/v1/foreign/{third.id}",
        headers=write,
        json={"residence_country": "US", "contact_channel": "zalo 0912", "willingness": "possible"},
    )
    assert saved.status_code == 200
    unknown = client.put(
        f"/api/v1/foreign/{third.id}",
        headers=write,
        json={"residence_country": "ZZ", "willingness": "possible"},
    )
    assert unknown.status_code == 422 and "residence_country" in unknown.get_json()["errors"]
    listed = client.get("/api/v1/foreign?country=us", headers=read).get_json()["items"]
    assert listed[0]["contact_channel"] == "•••"
    logged = client.post(
        "/api/v1/cooperation",
        headers=write,
        json={
            "person_id": third.id,
            "kind": "advice",
            "day": "2025-02-01",
            "description": "Tư vấn",
            "council_id": council["id"],
        },
    )
    assert logged.status_code == 201
    assert client.post("/api/v1/cooperation", headers=read, json={}).status_code == 403


def test_officer_picks_council_members_by_name_and_sees_attraction_counts(
    client, db, login_as, people
):
    from registry.contributions.attraction import save_case
    from registry.contributions.councils import save_council

    council = save_council(
        db.session, {"kind": "advisory", "topic": "Tư vấn", "start_date": "2025-01-01"}, None
    )
    save_case(
        db.session,
        {
            "person_id": people[1].id,
            "decision_number": "3/QĐ",
            "decision_date": "2022-02-02",
            "field_code": "du_lich",
        },
        None,
    )
    db.session.commit()
    login_as("officer")
    html = client.get(f"/contributions/councils/{council.id}?who=tran van").get_data(as_text=True)
    assert "Trần Văn Chủ" in html and "Lê Thị Thư" not in html.split('data-testid="candidates"')[1]
    client.post(
        f"/contributions/councils/{council.id}/members",
        data={"person_id": people[0].id, "role": "chair"},
    )
    assert [m.person_id for m in council.members] == [people[0].id]
    page = client.get("/contributions/attraction?since=2021").get_data(as_text=True)
    assert "Du lịch" in page and '<span data-testid="total">' not in page
    assert 'data-testid="total">1<' in page


def test_pages_read_in_english(client, db, login_as, people):
    _task(db, people[0])
    login_as("officer")
    client.get("/lang/en")
    for path in (
        "/contributions",
        "/contributions/tasks",
        "/contributions/councils",
        "/contributions/attraction",
        "/contributions/foreign",
        "/contributions/tasks/new",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
    assert "Provincial" in client.get("/contributions/tasks").get_data(as_text=True)
    assert "Principal investigator" in client.get(f"/people/{people[0].id}").get_data(as_text=True)
