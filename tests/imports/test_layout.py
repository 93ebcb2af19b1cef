from datetime import date

from sqlalchemy import select

from registry.imports.engine import Options, row_kind, run_import
from registry.imports.headers import detect_layout
from registry.imports.reading import open_book
from registry.people.models import Person
from tests.imports.files import xlsx

TWO_ROW_HEADER = [
    ["ỦY BAN NHÂN DÂN HUYỆN VĨNH LINH", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["DANH SÁCH TRÍ THỨC"],
    [
        "TT",
        "Ho ten",
        "Ngay, thang, nam sinh",
        None,
        "Dan toc",
        "Trình độ",
        None,
        None,
        None,
        "Noi o hien nay",
        "ĐT",
    ],
    [None, None, "Nam", "Nữ", None, "Chuyên môn", "LLCT", "QLNN", "Ngoại ngữ", None, None],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)"],
]


def test_two_row_header_with_birth_date_under_nam_and_nu():
    layout = detect_layout(TWO_ROW_HEADER + [[1, "Lê Văn A"]])
    assert layout.header_row == 2 and layout.data_start == 5
    assert layout.mapping == {
        1: "full_name",
        2: "birth_date_male",
        3: "birth_date_female",
        4: "ethnicity",
        5: "level",
        6: "political_theory",
        7: "state_management",
        8: "language",
        9: "address",
        10: "phone",
    }


def test_rows_around_the_table():
    assert row_kind([None, "", None]) == "blank"
    assert row_kind(["Tổng cộng: 35 người"]) == "total"
    assert row_kind([None, "Người lập biểu", None, "CHỦ TỊCH"]) == "end"
    assert row_kind(["Vĩnh Linh, ngày 10 tháng 3 năm 2025"]) == "end"
    assert row_kind([1, "Nguyễn Văn Chủ Tịch", "1980"]) == "data"


def test_old_paper_form_sex_from_column_and_old_commune_converted(db):
    rows = TWO_ROW_HEADER + [
        [
            1,
            "TRẦN THỊ  MAI",
            None,
            "12/3/1988",
            "Ta Oi",
            "Thạc sỹ",
            "TC",
            "CVC",
            "B Anh văn",
            "xa Vinh Long, huyen Vinh Linh",
            "0233.3862.111",
        ],
        [
            2,
            "Hồ Văn Bình",
            29221,
            None,
            "Vân Kiều",
            "Kỹ sư Nông nghiệp",
            "SC",
            "CV",
            "Bậc 4",
            "thị trấn Hồ Xá",
            "935111222",
        ],
        [],
        ["Tổng cộng: 2 người"],
        [None, "Người lập biểu", None, None, None, "CHỦ TỊCH"],
        [None, "Nguyễn Văn Ký"],
    ]
    book = open_book(xlsx(rows), "mau-cu.xlsx")
    report = run_import(db.session, book, Options(), None, commit=True)
    db.session.commit()
    assert report.created == 2, report.problems
    assert any("trước 7/2025" in note for _n, note in report.notes)
    mai = db.session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai"))
    assert mai.sex == "female" and mai.birth_date == date(1988, 3, 12)
    assert mai.ethnicity_code == "31" and mai.highest_level_code == "thac_si"
    assert (mai.political_theory_code, mai.state_management_code) == (
        "trung_cap",
        "chuyen_vien_chinh",
    )
    assert mai.commune_code == "19363" and mai.legacy_commune_code is not None
    assert mai.languages[0].level_code == "bac_3"
    binh = db.session.scalar(select(Person).where(Person.full_name == "Hồ Văn Bình"))
    assert binh.sex == "male" and binh.birth_date == date(1980, 1, 1)
    assert binh.qualifications[0].major_name == "Nông nghiệp"
    assert binh.phone == "+84935111222"
    assert db.session.scalar(select(Person).where(Person.full_name.like("%Ký%"))) is None


def test_vni_cells_by_font(db):
    rows = [["Họ và tên", "Ngày sinh", "Giới tính"], ["Nguyeãn Thò Ñaøo", "1/2/1990", "Nöõ"]]
    book = open_book(xlsx(rows, fonts={(2, 1): "VNI-Times", (2, 3): "VNI-Times"}), "vni.xlsx")
    report = run_import(db.session, book, Options(), None, commit=True)
    db.session.commit()
    assert report.created == 1, report.problems
    assert db.session.scalar(select(Person.full_name)) == "Nguyễn Thị Đào"
