"""Small spreadsheets made on the fly, shaped like the lists offices keep."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

TITLE = [
    ["ỦY BAN NHÂN DÂN XÃ VĨNH LINH", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    [None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    [],
    ["DANH SÁCH CÁN BỘ CÓ TRÌNH ĐỘ ĐẠI HỌC TRỞ LÊN"],
    ["Tính đến ngày 31/12/2025"],
]
HEADER = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Số CCCD",
    "Trình độ chuyên môn",
    "Chuyên ngành",
    "Đơn vị công tác",
    "Chức vụ",
    "Nơi ở hiện nay",
    "Điện thoại",
]
NUMBERS = [f"({i})" for i in range(1, len(HEADER) + 1)]
PEOPLE = [
    [
        1,
        "NGUYỄN  THỊ ĐÀO",
        date(1990, 5, 17),
        "Nữ",
        "Kinh",
        "044190001234",
        "ĐH",
        "Nông học",
        "UBND xã Vĩnh Linh",
        "Chuyên viên",
        "xã Vĩnh Long, huyện Vĩnh Linh",
        "0905 123 456",
    ],
    [
        2,
        "Hồ Văn Lâm",
        "03/02/1985",
        "Nam",
        "Vân Kiều",
        44085002345,
        "Thạc sỹ",
        "Kinh tế",
        "UBND xã Vĩnh Linh",
        None,
        "thị trấn Hồ Xá, huyện Vĩnh Linh",
        "84 935 111 222",
    ],
    [
        3,
        "Le Thi Hoa",
        "1992",
        "nu",
        "Ta Oi",
        None,
        "Cu nhan",
        "Sư phạm",
        "UBND xã Vĩnh Linh",
        None,
        "xa Vinh Son, huyen Vinh Linh",
        935111333,
    ],
]
FOOTER = [
    ["Tổng cộng: 3 người"],
    [],
    [None, "Người lập biểu", None, None, None, None, "CHỦ TỊCH"],
    [None, "Trần Văn Bình", None, None, None, None, "Lê Văn Cường"],
]


def xlsx(rows, fonts: dict | None = None, title: str = "Danh sách") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for (r, c), name in (fonts or {}).items():
        sheet.cell(row=r, column=c).font = Font(name=name)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def office_list(people=PEOPLE) -> list[list]:
    return [*TITLE, HEADER, NUMBERS, *people, *FOOTER]
