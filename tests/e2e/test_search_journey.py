import pytest

from tests.conftest import PASSWORD
from tests.factories import make_person, make_user

pytestmark = pytest.mark.browser


def test_officer_types_a_query_and_narrows_with_a_facet(page, db):
    make_person(db.session, full_name="Nguyễn Thị Đào", qualifications=[("thac_si", "8720101")])
    make_person(
        db.session, full_name="Nguyễn Văn Đạo", sex="male", qualifications=[("dai_hoc", "7620110")]
    )
    make_person(db.session, full_name="Lê Thị Hoa")
    make_user(db.session, "officer", password=PASSWORD, username="canbo.tim")
    db.session.commit()
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill("canbo.tim")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.get_by_role("link", name="Tìm kiếm").click()
    page.get_by_role("searchbox").fill("nguyen dao")
    page.get_by_role("button", name="Tìm", exact=True).click()
    assert page.get_by_test_id("total").inner_text().startswith("2")

    page.locator("[data-facet=sex] a[data-value=female]").click()
    assert page.get_by_test_id("total").inner_text().startswith("1")
    assert "sex=female" in page.url and "q=nguyen+dao" in page.url
    assert page.get_by_test_id("results").get_by_role("link").all_inner_texts() == [
        "Nguyễn Thị Đào"
    ]
