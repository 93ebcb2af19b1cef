"""Every main page for every role, at desktop and phone width: no serious or critical axe-core
violation, and no page wider than the screen (wide tables scroll inside their own box)."""

from __future__ import annotations

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

from registry.analytics.models import Target
from registry.people.parts import add_part
from registry.review.models import ChangeRequest
from registry.standards.models import JobPosition, PositionHolder
from tests.conftest import PASSWORD
from tests.factories import make_org, make_person, make_user

pytestmark = pytest.mark.browser
WIDTHS = (1360, 390)
ZOOMED = 680  # a 1360 px screen at 200% zoom: checked for width only
AXE = Axe()


def _population(db):
    org = make_org(db.session)
    person = make_person(
        db.session,
        full_name="Trần Văn Bình",
        sex="male",
        birth_date=date(1975, 7, 15),
        organization_id=org.id,
        qualifications=[("tien_si", "9620109"), ("dai_hoc", "7620101")],
    )
    for name in ("Lê Thị An", "Hồ Văn Cường", "Nguyễn Thị Dung"):
        make_person(db.session, full_name=name, commune_code="19366")
    add_part(
        db.session,
        person,
        "work",
        {"organization_name": org.name, "position": "Kỹ sư", "start_date": "2001-09-01"},
    )
    target = Target(
        field_code="y_te",
        area_code="19363",
        min_level_code="dai_hoc",
        required=5,
        target_year=2030,
    )
    position = JobPosition(name="Cán bộ khuyến nông", min_level_code="dai_hoc")
    db.session.add_all([target, position])
    db.session.flush()
    db.session.add(PositionHolder(person_id=person.id, position_id=position.id))
    request = ChangeRequest(
        person_id=person.id,
        changes={
            "fields": {"position": [None, "Trưởng trạm"]},
            "parts": [{"op": "add", "kind": "qualification", "data": {"level_code": "thac_si"}}],
        },
    )
    db.session.add(request)
    for role in ("admin", "officer", "recruiter", "individual"):
        make_user(
            db.session,
            role,
            password=PASSWORD,
            username=f"a11y.{role}",
            scope="44" if role in ("officer", "recruiter") else "default",
            person=person if role == "individual" else None,
        )
    db.session.commit()
    return {"person": person.id, "target": target.id, "request": request.id}


def _pages(role: str, ids: dict) -> list[str]:
    p, t, r = ids["person"], ids["target"], ids["request"]
    planner = [
        "/",
        "/people",
        f"/people/{p}",
        "/gaps",
        f"/gaps/targets/{t}",
        "/gaps/shortlist?field=y_te&min_level=dai_hoc&area=44&count=10",
        "/gaps/positions",
    ]
    officer = [*planner, "/people/new", f"/people/{p}/edit", "/review", f"/review/{r}"]
    admin = [
        *officer,
        "/admin/",
        "/admin/users",
        "/admin/organizations",
        "/admin/communes",
        "/admin/targets",
        f"/admin/targets/{t}",
        "/admin/priority-fields",
        "/admin/positions",
        "/admin/audit",
    ]
    return {"recruiter": planner, "officer": officer, "admin": admin, "individual": ["/me"]}[role]


def _too_wide(page) -> list[str]:
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return [f"page wider than the screen by {wide}px"] if wide > 0 else []


def _problems(page) -> list[str]:
    found = []
    for violation in AXE.run(page).response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found + _too_wide(page)


def _login(page, username):
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("role", ("admin", "officer", "recruiter", "individual"))
def test_main_pages_are_accessible_and_fit_the_screen(browser, live_server, db, role):
    ids = _population(db)
    problems = []
    for width in (*WIDTHS, ZOOMED):
        context = browser.new_context(
            base_url=live_server, locale="vi-VN", viewport={"width": width, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        _login(page, f"a11y.{role}")
        check = _problems if width in WIDTHS else _too_wide
        for path in _pages(role, ids):
            page.goto(path)
            problems += [f"{width}px {path}: {problem}" for problem in check(page)]
        context.close()
    assert not problems, "\n".join(problems)


def test_login_page_is_accessible(page):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/login")
        assert _problems(page) == []
