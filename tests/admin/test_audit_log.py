"""The audit log reads as Vietnamese: action names, form labels, old -> new, raw JSON tucked away."""

from __future__ import annotations

from registry.people.services import person_input, update_person
from tests import factories


def test_audit_log_is_readable(client, db, login_as):
    admin = login_as("admin")
    person = factories.make_person(db.session, full_name="Nguyễn Thị Đào")
    db.session.commit()
    update_person(db.session, person, person_input(person, full_name="Nguyễn Thị Đào Hoa",
                  position="Trưởng phòng"), person.version, actor=admin)  # fmt: skip
    db.session.commit()
    client.get(f"/people/{person.id}")
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "Sửa hồ sơ" in html and "Xem hồ sơ" in html and "person.update</td>" not in html
    assert "Họ và tên" in html and "Nguyễn Thị Đào Hoa" in html and "\\u1ec5" not in html
    assert 'data-testid="changes"' in html and "chi tiết kỹ thuật" in html
    assert '<option value="change_request.approve"' in html and "Duyệt đề nghị cập nhật" in html
    only = client.get("/admin/audit?action=person.update").get_data(as_text=True)
    assert "Sửa hồ sơ" in only and "<td>Xem hồ sơ</td>" not in only


def test_audit_dates_are_typed_day_first(client, db, login_as):
    login_as("admin")  # the sign-in itself is an entry of today
    html = client.get("/admin/audit").get_data(as_text=True)
    assert 'type="date"' not in html and 'placeholder="ngày/tháng/năm"' in html
    today = client.get("/admin/audit?from=01/01/2000&to=31/12/2100").get_data(as_text=True)
    assert "Đăng nhập" in today
    later = client.get("/admin/audit?from=1/1/2100").get_data(as_text=True)
    assert "Không có mục nào." in later
