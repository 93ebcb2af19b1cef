"""What officers and individuals read about change requests: names, not codes."""

import io

from sqlalchemy import select

from registry.review.models import ChangeRequest
from tests.factories import make_person

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_individual_lands_on_their_own_profile(client, db, login_as):
    login_as("individual")
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/me")


def test_degree_proposal_carries_a_diploma_scan_and_reads_by_name(client, db, login_as):
    person = make_person(db.session)
    login_as("individual", person=person)
    response = client.post(
        "/me/parts/qualification",
        data={
            "qualification-level_code": "tien_si",
            "qualification-field_code": "9620109",
            "qualification-institution": "Đại học Nông Lâm Huế",
            "qualification-evidence": (io.BytesIO(PDF), "bang-tien-si.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    request = db.session.scalar(select(ChangeRequest))
    assert request.evidence_name == "bang-tien-si.pdf"
    client.post("/logout")
    login_as("officer", scope="44")
    queue = client.get("/review").get_data(as_text=True)
    assert "Tiến sĩ, Nông học" in queue and "tien_si" not in queue and "9620109" not in queue
    detail = client.get(f"/review/{request.id}").get_data(as_text=True)
    assert "bang-tien-si.pdf" in detail


def test_a_bad_proposal_keeps_what_was_typed(client, db, login_as):
    login_as("individual")
    response = client.post(
        "/me/parts/work",
        data={"work-organization_name": "Trường Tiểu học Hồ Xá", "work-start_date": "32/01/2010"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Trường Tiểu học Hồ Xá"' in html and 'value="32/01/2010"' in html
    assert "Ngày không hợp lệ" in html
    assert db.session.scalar(select(ChangeRequest)) is None


def test_field_changes_read_as_labels_and_dates(client, db, login_as):
    person = make_person(db.session)
    login_as("individual", person=person)
    client.post(
        "/me",
        data={
            "full_name": person.full_name,
            "sex": "female",
            "birth_date": "17/05/1990",
            "ethnicity_code": "02",
            "commune_code": "19366",
            "sector": "public_service",
        },
    )
    html = client.get("/me").get_data(as_text=True)
    changes = html.split('data-testid="my-requests"')[1].split("</table>")[0]
    assert "Tày" in changes and "Đơn vị sự nghiệp công lập" in changes
    assert "public_service" not in changes and ">02<" not in changes


def test_officers_see_how_many_requests_wait(client, db, login_as):
    person = make_person(db.session)
    db.session.add(
        ChangeRequest(person_id=person.id, changes={"fields": {"position": [None, "X"]}})
    )
    db.session.commit()
    login_as("officer", scope="44")
    html = client.get("/people").get_data(as_text=True)
    assert 'data-testid="pending-count">1' in html
