"""The audit log in words: action names in Vietnamese and an entry's details as readable rows.

Field names are labelled by a function the caller passes in (the profile form's labels), so this
package, which every feature calls, imports none of them."""

from __future__ import annotations

import json
from collections.abc import Callable

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "login": _l("Đăng nhập"),
    "login.failed": _l("Đăng nhập không thành công"),
    "logout": _l("Đăng xuất"),
    "person.view": _l("Xem hồ sơ"),
    "person.create": _l("Tạo hồ sơ"),
    "person.update": _l("Sửa hồ sơ"),
    "person.erase": _l("Xóa dữ liệu cá nhân"),
    "person.consent": _l("Đồng ý xử lý dữ liệu cá nhân"),
    "person.consent_withdrawn": _l("Rút lại đồng ý xử lý dữ liệu"),
    "qualification.add": _l("Thêm văn bằng"),
    "qualification.remove": _l("Xóa văn bằng"),
    "language.add": _l("Thêm ngoại ngữ"),
    "language.remove": _l("Xóa ngoại ngữ"),
    "work.add": _l("Thêm quá trình công tác"),
    "work.remove": _l("Xóa quá trình công tác"),
    "achievement.add": _l("Thêm thành tích"),
    "achievement.remove": _l("Xóa thành tích"),
    "expertise.add": _l("Thêm lĩnh vực chuyên môn"),
    "expertise.remove": _l("Xóa lĩnh vực chuyên môn"),
    "change_request.submit": _l("Gửi đề nghị cập nhật"),
    "change_request.approve": _l("Duyệt đề nghị cập nhật"),
    "change_request.reject": _l("Từ chối đề nghị cập nhật"),
    "export": _l("Xuất dữ liệu"),
    "user.create": _l("Tạo tài khoản"),
    "user.update": _l("Sửa tài khoản"),
    "user.password_reset": _l("Đặt lại mật khẩu"),
    "organization.create": _l("Tạo cơ quan, đơn vị"),
    "commune_class.set": _l("Phân vùng xã khó khăn"),
    "commune_class.delete": _l("Xóa phân vùng xã"),
    "priority_field.create": _l("Thêm lĩnh vực ưu tiên"),
    "target.create": _l("Thêm chỉ tiêu"),
    "target.delete": _l("Xóa chỉ tiêu"),
    "target.import": _l("Nhập chỉ tiêu từ tệp"),
    "position.save": _l("Lưu vị trí việc làm"),
    "position.assign": _l("Giao vị trí việc làm"),
    "snapshot.create": _l("Chốt số liệu"),
    "snapshot.delete": _l("Xóa kỳ chốt số liệu"),
}
TARGET_LABELS = {
    "person": _l("hồ sơ"),
    "user": _l("tài khoản"),
    "search": _l("tìm kiếm"),
    "gaps": _l("bảng thiếu hụt"),
    "shortlist": _l("danh sách ngắn"),
    "positions": _l("đạt chuẩn vị trí"),
    "report": _l("báo cáo số liệu"),
    "snapshot": _l("kỳ chốt số liệu"),
    "change_request": _l("đề nghị cập nhật"),
    "target": _l("chỉ tiêu"),
    "job_position": _l("vị trí việc làm"),
}
DETAIL_LABELS = {
    "format": _l("Định dạng"),
    "rows": _l("Số dòng"),
    "people": _l("Số người"),
    "criteria": _l("Điều kiện"),
    "columns": _l("Cột"),
    "refused": _l("Cột bị từ chối"),
    "area": _l("Địa bàn"),
    "year": _l("Năm"),
    "name": _l("Tên"),
    "as_of": _l("Ngày chốt"),
    "username": _l("Tên đăng nhập"),
    "role": _l("Vai trò"),
    "scope": _l("Phạm vi"),
    "request": _l("Đề nghị số"),
    "fields": _l("Trường"),
    "parts": _l("Số mục kèm theo"),
    "version": _l("Phiên bản"),
    "reason": _l("Lý do"),
    "snapshot": _l("Kỳ báo cáo"),
    "compare": _l("Kỳ so sánh"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def action_choices(present: list[str]) -> list[tuple[str, str]]:
    """The actions to filter by: every known one and any other found in the log, by label."""
    codes = set(ACTION_LABELS) | set(present)
    return sorted(((c, action_label(c)) for c in codes), key=lambda item: item[1])


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_l("có")) if value else str(_l("không"))
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def change_rows(
    details: dict | None, field_label: Callable[[str], str]
) -> list[tuple[str, str, str]]:
    """(field as in the form, old value, new value) for edits, creations and approvals."""
    if not details:
        return []
    if isinstance(details.get("changes"), dict):
        return [
            (field_label(name), _text(pair[0]), _text(pair[1]))
            for name, pair in details["changes"].items()
            if isinstance(pair, list | tuple) and len(pair) == 2
        ]
    if isinstance(details.get("after"), dict):
        return [(field_label(name), "—", _text(v)) for name, v in details["after"].items()]
    return []


def other_details(details: dict | None, field_label: Callable[[str], str]) -> list[tuple[str, str]]:
    """The remaining details as (label, value), field lists named as in the form."""
    rows = []
    for key, value in (details or {}).items():
        if key in ("changes", "after"):
            continue
        if key == "fields" and isinstance(value, list):
            value = [field_label(v) for v in value]
        rows.append((str(DETAIL_LABELS.get(key, key)), _text(value)))
    return rows


def raw_json(details) -> str:
    """The stored details as readable JSON (letters kept, not escaped)."""
    return json.dumps(details, ensure_ascii=False, indent=1, sort_keys=True) if details else ""
