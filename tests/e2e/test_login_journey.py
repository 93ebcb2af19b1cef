import pytest

from tests.conftest import PASSWORD
from tests.factories import make_person, make_user

pytestmark = pytest.mark.browser


def test_officer_logs_in_and_sees_the_home_page(page, db):
    make_user(db.session, "officer", password=PASSWORD, username="canbo.tinh")
    make_person(db.session, full_name="Hồ Thị Xi", ethnicity_code="23")
    db.session.commit()

    page.goto("/")
    assert "/login" in page.url
    page.get_by_label("Tên đăng nhập").fill("canbo.tinh")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.wait_for_url("**/")
    assert page.get_by_role("heading", name="Tổng quan đội ngũ trí thức").is_visible()
    assert page.get_by_test_id("count-people").inner_text() == "1"
    assert "canbo.tinh" in page.get_by_test_id("whoami").inner_text()

    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", name="Intellectual workforce overview").is_visible()


def test_wrong_password_shows_a_vietnamese_message(page, db):
    make_user(db.session, "admin", password=PASSWORD, username="quantri")
    db.session.commit()
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.").is_visible()
