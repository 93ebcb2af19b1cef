import pytest

from tests.conftest import PASSWORD
from tests.factories import make_person, make_user

pytestmark = pytest.mark.browser


def _login(page, username):
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_individual_change_is_approved_and_shown_verified(page, browser, live_server, db):
    person = make_person(db.session, position="Giáo viên")
    make_user(db.session, "individual", password=PASSWORD, username="giaovien", person=person)
    make_user(db.session, "officer", password=PASSWORD, username="canbo.duyet", scope="19363")
    db.session.commit()

    _login(page, "giaovien")
    page.get_by_role("link", name="Hồ sơ của tôi").click()
    page.get_by_label("Chức vụ, vị trí việc làm").fill("Tổ trưởng chuyên môn")
    page.get_by_role("button", name="Gửi yêu cầu cập nhật").click()
    assert page.get_by_text("Đã gửi yêu cầu cập nhật.").is_visible()
    assert page.locator("[data-testid=my-requests] tr[data-state=pending]").count() == 1

    officer = browser.new_context(
        base_url=live_server, viewport={"width": 1440, "height": 900}
    ).new_page()
    _login(officer, "canbo.duyet")
    officer.get_by_role("link", name="Duyệt cập nhật").click()
    officer.get_by_role("link", name="Xem và quyết định").click()
    officer.get_by_label("Ý kiến (bắt buộc khi từ chối)").fill("Đã đối chiếu quyết định")
    officer.get_by_role("button", name="Duyệt").click()
    assert officer.get_by_text("Đã duyệt yêu cầu.").is_visible()

    page.reload()
    assert page.locator("[data-testid=my-requests] tr[data-state=approved]").count() == 1
    assert page.locator("td[data-field=position]").inner_text() == "Tổ trưởng chuyên môn"
    assert "tự khai, đã duyệt: canbo.duyet" in page.content()
