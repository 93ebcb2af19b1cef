"""The columns an import understands: one declaration, used by header detection, the mapping
form, the preview, the errors file and the downloadable template."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from registry.text import fold


@dataclass(frozen=True)
class ImportColumn:
    key: str
    label: object  # lazy Vietnamese label, as the template's header says it
    aliases: tuple[str, ...]  # header wordings offices use (matched accent- and case-blind)
    example: str = ""


COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn(
        "full_name",
        _l("Họ và tên"),
        ("ho va ten", "ho ten", "ho va ten khai sinh", "ten can bo"),
        "Nguyễn Thị Đào",
    ),
    ImportColumn(
        "birth_date",
        _l("Ngày sinh"),
        ("ngay sinh", "nam sinh", "ngay thang nam sinh", "sinh ngay"),
        "17/05/1990",
    ),
    ImportColumn(
        "birth_date_male",
        _l("Ngày sinh (cột Nam)"),
        ("ngay sinh nam", "nam sinh nam", "ngay thang nam sinh nam"),
    ),
    ImportColumn(
        "birth_date_female",
        _l("Ngày sinh (cột Nữ)"),
        ("ngay sinh nu", "nam sinh nu", "ngay thang nam sinh nu"),
    ),
    ImportColumn("sex", _l("Giới tính"), ("gioi tinh", "gt", "nam nu", "phai"), "Nữ"),
    ImportColumn("ethnicity", _l("Dân tộc"), ("dan toc",), "Kinh"),
    ImportColumn(
        "national_id",
        _l("Số CCCD"),
        (
            "so cccd",
            "cccd",
            "cccd cmnd",
            "cmnd cccd",
            "so cmnd cccd",
            "so cccd cmnd",
            "cmnd",
            "so cmnd",
            "so dinh danh",
            "so dinh danh ca nhan",
            "ma dinh danh",
        ),
        "044190001234",
    ),
    ImportColumn(
        "level",
        _l("Trình độ chuyên môn"),
        (
            "trinh do chuyen mon",
            "trinh do",
            "trinh do dao tao",
            "hoc vi",
            "bang cap",
            "trinh do cm",
            "chuyen mon",
        ),
        "Đại học",
    ),
    ImportColumn(
        "major",
        _l("Chuyên ngành"),
        ("chuyen nganh", "chuyen nganh dao tao", "nganh dao tao", "nganh hoc", "nganh"),
        "Nông học",
    ),
    ImportColumn("field_code", _l("Mã ngành"), ("ma nganh", "ma nganh dao tao"), "7620109"),
    ImportColumn(
        "institution",
        _l("Cơ sở đào tạo"),
        ("co so dao tao", "truong dao tao", "noi dao tao", "truong"),
        "",
    ),
    ImportColumn("graduation_year", _l("Năm tốt nghiệp"), ("nam tot nghiep", "nam tn"), "2012"),
    ImportColumn(
        "organization",
        _l("Đơn vị công tác"),
        (
            "don vi cong tac",
            "co quan cong tac",
            "noi cong tac",
            "don vi",
            "co quan",
            "co quan don vi",
        ),
        "Ủy ban nhân dân xã Vĩnh Linh",
    ),
    ImportColumn(
        "position",
        _l("Chức vụ"),
        ("chuc vu", "chuc danh", "chuc vu chuc danh", "vi tri viec lam"),
        "Chuyên viên",
    ),
    ImportColumn(
        "political_theory",
        _l("Lý luận chính trị"),
        ("llct", "ly luan chinh tri", "trinh do ly luan chinh tri", "trinh do llct"),
        "Trung cấp",
    ),
    ImportColumn(
        "state_management",
        _l("Quản lý nhà nước"),
        ("qlnn", "quan ly nha nuoc", "trinh do quan ly nha nuoc", "trinh do qlnn"),
        "Chuyên viên",
    ),
    ImportColumn("language", _l("Ngoại ngữ"), ("ngoai ngu", "trinh do ngoai ngu"), "B1 Tiếng Anh"),
    ImportColumn("it_skill", _l("Tin học"), ("tin hoc", "trinh do tin hoc"), "Cơ bản"),
    ImportColumn(
        "address",
        _l("Nơi ở hiện nay"),
        (
            "noi o hien nay",
            "dia chi",
            "cho o hien nay",
            "noi o",
            "dia chi thuong tru",
            "noi thuong tru",
            "dia chi lien he",
        ),
        "thôn Hà Lợi, xã Vĩnh Linh",
    ),
    ImportColumn(
        "commune",
        _l("Xã/phường"),
        ("xa phuong", "xa", "phuong xa", "xa phuong thi tran"),
        "Vĩnh Linh",
    ),
    ImportColumn(
        "phone",
        _l("Điện thoại"),
        ("dien thoai", "so dien thoai", "sdt", "dt", "dien thoai lien he"),
        "0905 123 456",
    ),
    ImportColumn("email", _l("Thư điện tử"), ("email", "thu dien tu", "e mail"), ""),
    ImportColumn("hometown", _l("Quê quán"), ("que quan", "nguyen quan"), ""),
)
BY_KEY = {column.key: column for column in COLUMNS}
IGNORED = ("stt", "so tt", "tt", "ghi chu", "so thu tu")
_ALIASES = sorted(
    (
        (alias, column.key)
        for column in COLUMNS
        for alias in (column.aliases + (fold(str(column.label)),))
    ),
    key=lambda pair: -len(pair[0]),
)
_EXACT = {alias: key for alias, key in reversed(_ALIASES)}


def match_label(label: str) -> str | None:
    """The column key a header label names, or None: exact wording first, then a known wording
    of two words or more inside the label."""
    folded = fold(label)
    if not folded or folded in IGNORED:
        return None
    if folded in _EXACT:
        return _EXACT[folded]
    padded = f" {folded} "
    for alias, key in _ALIASES:
        if " " in alias and f" {alias} " in padded:
            return key
    return None


def is_alias(text: str) -> bool:
    folded = fold(text)
    return folded in _EXACT or folded in IGNORED
