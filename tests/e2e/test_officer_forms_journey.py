"""An HR officer enters a profile as a new user would: Vietnamese dates, the commune picked by
name, an error recovered from without retyping, a possible duplicate confirmed, a part removed
after confirmation."""

from datetime import date

import pytest

from tests.conftest import PASSWORD
from tests.factories import make_person, make_user

pytestmark = pytest.mark.browser


def _login(page, username):
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_officer_enters_a_profile_with_dates_and_names(page, db):
    make_person(db.session, full_name="Trần Văn Bình", sex="male", birth_date=date(1990, 4, 2))
    make_user(db.session, "officer", password=PASSWORD, username="canbo.nhap", scope="44")
    db.session.commit()
    _login(page, "canbo.nhap")
    page.get_by_role("link", name="Thêm hồ sơ").click()
    assert page.get_by_role("link", name="Thêm hồ sơ").get_attribute("aria-current") == "page"

    birth = page.get_by_label("Ngày sinh")
    birth.fill("3/12/1995")
    birth.blur()
    assert birth.input_value() == "03/12/1995"  # tidied, day first
    assert page.get_by_role("button", name="Chọn trên lịch").count() == 2  # birth, party dates

    commune = page.get_by_role("combobox", name="Xã, phường nơi công tác/cư trú")
    commune.fill("vinh linh")
    page.get_by_role("option", name="Xã Vĩnh Linh, Tỉnh Quảng Trị").click()
    assert commune.input_value() == "Xã Vĩnh Linh, Tỉnh Quảng Trị"
    page.get_by_label("Giới tính").select_option("male")
    page.get_by_role("button", name="Lưu").click()  # the name is missing

    summary = page.get_by_test_id("error-summary")
    assert summary.is_visible() and "Họ và tên" in summary.inner_text()
    assert page.get_by_label("Ngày sinh").input_value() == "03/12/1995"
    assert commune.input_value() == "Xã Vĩnh Linh, Tỉnh Quảng Trị"
    summary.get_by_role("link", name="Họ và tên").click()
    page.get_by_label("Họ và tên").fill("Trần Văn Bình")
    page.get_by_label("Ngày sinh").fill("02/04/1990")
    page.get_by_role("button", name="Lưu").click()

    warning = page.get_by_test_id("duplicates")
    assert warning.is_visible() and warning.get_by_role("link", name="Trần Văn Bình").count() == 1
    page.get_by_role("button", name="Vẫn lưu: đây là người khác").click()
    assert page.get_by_text("Đã tạo hồ sơ.").is_visible()
    assert page.locator("td[data-field=birth_date]").inner_text() == "02/04/1990"
    assert (
        page.locator("td[data-field=commune_code]").inner_text() == "Xã Vĩnh Linh, Tỉnh Quảng Trị"
    )

    page.get_by_text("Thêm quá trình công tác").click()
    page.get_by_label("Cơ quan, đơn vị").last.fill("Trạm Y tế xã Vĩnh Linh")
    page.get_by_label("Từ ngày").fill("01/09/2015")
    page.get_by_label("Đến ngày").fill("01/09/2010")
    page.locator("[data-part-form=work]").get_by_role("button", name="Lưu").click()
    assert page.get_by_text("Ngày kết thúc phải sau ngày bắt đầu.").first.is_visible()
    assert page.get_by_label("Từ ngày").input_value() == "01/09/2015"
    page.get_by_label("Đến ngày").fill("")
    page.locator("[data-part-form=work]").get_by_role("button", name="Lưu").click()
    assert page.get_by_text("01/09/2015 – nay").is_visible()

    page.locator("[data-part=work]").get_by_role("link", name="Xóa").click()
    assert "Trạm Y tế xã Vĩnh Linh" in page.get_by_test_id("to-remove").inner_text()
    page.get_by_role("link", name="Không xóa, quay lại").click()
    assert page.get_by_text("01/09/2015 – nay").is_visible()


def test_individual_sees_the_file_chooser_in_vietnamese(page, db):
    person = make_person(db.session)
    make_user(db.session, "individual", password=PASSWORD, username="ca.nhan", person=person)
    db.session.commit()
    _login(page, "ca.nhan")
    assert page.url.endswith("/me")
    assert page.locator("#evidence + label").inner_text() == "Chọn tệp"
    assert page.locator("#evidence ~ span").inner_text() == "Chưa chọn tệp"
    page.locator("#evidence").set_input_files(
        files=[{"name": "quyet-dinh.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}]
    )
    assert page.locator("#evidence ~ span").inner_text() == "quyet-dinh.pdf"
