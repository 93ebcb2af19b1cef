import csv
import io
import zipfile

import pytest
import xlwt

from registry.imports import legacy
from registry.imports.engine import Options, run_import
from registry.imports.reading import MAX_BYTES, FileRefused, decode_text, open_book
from tests.imports.files import HEADER, PEOPLE, office_list, xlsx


def _refused(content, name="danh-sach.xlsx") -> str:
    with pytest.raises(FileRefused) as caught:
        open_book(content, name)
    message = caught.value.message
    assert name in message
    return message


def test_every_tcvn3_character_converts_to_its_letter():
    for row in csv.DictReader(open(legacy.DATA_DIR / "legacy_tcvn3.csv", encoding="utf-8")):
        assert legacy.from_tcvn3(chr(int(row["byte"], 16))) == row["unicode"]
    assert legacy.to_unicode("NguyÔn ThÞ §µo, Hµ Néi") == "Nguyễn Thị Đào, Hà Nội"
    assert legacy.to_unicode("nguyÔn v¨n an", legacy.TCVN3_CAPS) == "NGUYỄN VĂN AN"


def test_every_vni_sequence_converts_to_its_letter():
    rows = list(csv.DictReader(open(legacy.DATA_DIR / "legacy_vni.csv", encoding="utf-8")))
    assert len(rows) == 134
    for row in rows:
        assert legacy.from_vni(row["vni"]) == row["unicode"], row
    assert (
        legacy.to_unicode("Nguyeãn Thò Ñaøo, Tröôøng Haø Noäi") == "Nguyễn Thị Đào, Trường Hà Nội"
    )


def test_unicode_text_is_left_alone():
    for text in ("Nguyễn Thị Đào", "Hồ Xá", "Đặng Văn Ân", "LÊ THỊ HƯƠNG", "Tiếng Anh B1"):
        assert legacy.guess_encoding(text) is None


def test_font_name_decides_the_encoding():
    assert legacy.font_encoding(".VnTime") == legacy.TCVN3
    assert legacy.font_encoding(".VnTimeH") == legacy.TCVN3_CAPS
    assert legacy.font_encoding("VNI-Times") == legacy.VNI
    assert legacy.font_encoding("Times New Roman") is None


def test_cells_in_a_tcvn3_font_are_converted_in_the_preview(db):
    people = [[1, "Hå V¨n L©m", "03/02/1985", "Nam", "Kinh"] + [None] * 7]
    rows = office_list(people)
    content = xlsx(rows, fonts={(8, 2): ".VnTime"})
    book = open_book(content, "abc.xlsx")
    assert book.legacy_fonts(book.sheet_names[0]) == {(7, 1): legacy.TCVN3}
    report = run_import(db.session, book, Options(), None)
    assert report.created == 1, report.problems


def test_old_xls_is_read(db):
    book = xlwt.Workbook()
    sheet = book.add_sheet("DS")
    for r, row in enumerate([HEADER, *PEOPLE]):
        for c, value in enumerate(row):
            sheet.write(r, c, value if not hasattr(value, "year") else value.strftime("%d/%m/%Y"))
    buffer = io.BytesIO()
    book.save(buffer)
    report = run_import(db.session, open_book(buffer.getvalue(), "ds.xls"), Options(), None)
    assert report.created == 3, report.problems


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_encodings_and_separators(db, encoding, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc"])
    writer.writerow(["Nguyễn Thị Đào", "17/5/1990", "Nữ", "Kinh"])
    text = buffer.getvalue()
    if encoding == "cp1258":
        content = _cp1258(text)
    else:
        content = text.encode(encoding)
    book = open_book(content, "ds.csv")
    report = run_import(db.session, book, Options(), None)
    assert report.created == 1, report.problems


def _cp1258(text: str) -> bytes:
    """Windows-1258 keeps the precomposed letters it has and writes the tones as marks."""
    import unicodedata

    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            try:
                out += unicodedata.normalize(
                    "NFC", base + "".join(m for m in marks if m in "\u0302\u0306\u031b")
                ).encode("cp1258")
                out += "".join(m for m in marks if m not in "\u0302\u0306\u031b").encode("cp1258")
            except UnicodeEncodeError:
                out += base.encode("cp1258") + "".join(marks).encode("cp1258")
    return bytes(out)


def test_corrupt_file():
    assert "hỏng" in _refused(b"PK\x03\x04" + b"\x00garbage" * 50)


def test_file_that_is_not_what_its_name_says():
    pdf = b"%PDF-1.4\n" + b"1 0 obj << >> endobj\n" * 20
    assert "PDF" in _refused(pdf)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "Word" in _refused(buffer.getvalue(), "ds.xlsx")


def test_password_protected_workbook():
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le")
    )
    assert "mật khẩu" in _refused(ole)


def test_file_over_the_size_limit():
    assert "50 MB" in _refused(b"x" * (MAX_BYTES + 10 * 1024 * 1024))


def test_zip_bomb_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"0" * (1024 * 1024)
            for _ in range(700):
                member.write(chunk)
    assert "giải nén" in _refused(buffer.getvalue())


def test_empty_sheet_and_sheet_without_header(db):
    with pytest.raises(FileRefused) as caught:
        run_import(db.session, open_book(xlsx([[None]]), "rong.xlsx"), Options(), None)
    assert "rong.xlsx" in caught.value.message
    with pytest.raises(FileRefused) as caught:
        run_import(db.session, open_book(xlsx([["a", "b"], [1, 2]]), "la.xlsx"), Options(), None)
    assert "tiêu đề" in caught.value.message


def test_csv_in_an_unknown_encoding():
    junk = bytes(range(0x80, 0x100)) * 40
    message = _refused(b"\x1b\x02\x03" + junk, "ds.csv")
    assert "bảng mã" in message or "không phải" in message


def test_bad_cells_are_row_errors_not_crashes(db):
    people = [
        [1, '=HYPERLINK("http://x","An")', "1990", "Nam"] + [None] * 8,
        [2, "Nguyễn Văn " + "A" * 10000, "1990", "Nam"] + [None] * 8,
        [3, "Trần 😀 Bình", "1990", "Nam"] + [None] * 8,
        [4, None, "1990", "Nam", "Kinh"] + [None] * 7,
        [5, "Lê Văn Cường", "1990", "Nữ", None, "044090001111"] + [None] * 6,
    ]
    report = run_import(db.session, open_book(xlsx(office_list(people)), "x.xlsx"), Options(), None)
    assert report.invalid == 5 and report.created == 0
    rows = {number for number, _c, _m in report.problems}
    assert rows == {8, 9, 10, 11, 12}


def test_decode_text_rejects_nothing_valid():
    assert decode_text("Họ và tên".encode(), "a.csv")[0] == "Họ và tên"
