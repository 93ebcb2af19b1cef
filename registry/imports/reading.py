"""Open an uploaded spreadsheet safely: bytes in, sheets of rows out, or a clear refusal.

Pure: no database. XLSX/XLS through python-calamine, CSV through the csv module with charset
detection. Every refusal is a FileRefused naming the file and the problem in Vietnamese.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import charset_normalizer
import filetype
from flask_babel import lazy_gettext as _l

from registry.errors import ValidationError
from registry.imports.fonts import legacy_font_cells

MAX_BYTES = 50 * 1024 * 1024
# An XLSX is a zip; a genuine 100,000-row list unpacks to about 100 MB. Far more is a zip bomb.
MAX_UNPACKED = 600 * 1024 * 1024
MAX_RATIO = 250
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CSV_NAME = "CSV"


class FileRefused(ValidationError):
    """The file as a whole cannot be read; nothing was written."""

    def __init__(self, message: str):
        super().__init__({"file": message})
        self.message = message


def refuse(filename: str, problem) -> FileRefused:
    return FileRefused(str(_l("Tệp “%(name)s”: %(problem)s", name=filename, problem=problem)))


@dataclass
class Book:
    """A readable workbook: its kind, sheet names, and a way to stream a sheet's rows."""

    filename: str
    kind: str  # xlsx, xls, csv
    content: bytes
    sheet_names: list[str]
    text: str | None = None  # CSV only: the decoded text
    delimiter: str = ","
    encoding: str | None = None
    parsed: dict = field(default_factory=dict, repr=False)  # sheet name -> calamine sheet

    def calamine_sheet(self, name: str):
        """The parsed sheet, kept: detection and the data pass read it more than once."""
        if name not in self.parsed:
            from python_calamine import CalamineWorkbook

            workbook = CalamineWorkbook.from_filelike(io.BytesIO(self.content))
            self.parsed.clear()  # one sheet in memory at a time
            self.parsed[name] = workbook.get_sheet_by_name(name)
        return self.parsed[name]

    def rows(self, sheet: str) -> Iterator[list]:
        if self.kind == "csv":
            yield from csv.reader(io.StringIO(self.text), delimiter=self.delimiter)
            return
        yield from _calamine_rows(self, sheet)

    def legacy_fonts(self, sheet: str) -> dict[tuple[int, int], str]:
        """(row, column) -> legacy encoding of cells whose font is TCVN3 or VNI (XLSX only)."""
        if self.kind != "xlsx":
            return {}
        return legacy_font_cells(self.content, sheet)


def _calamine_rows(book: Book, sheet_name: str) -> Iterator[list]:
    try:
        sheet = book.calamine_sheet(sheet_name)
        # Rows are numbered from A1 whatever the first used cell, so row numbers match Excel's.
        start_row, start_col = sheet.start or (0, 0)
        for _ in range(start_row):
            yield []
        for row in sheet.iter_rows():
            yield [None] * start_col + list(row)
    except Exception as error:  # calamine raises several types for broken files
        raise refuse(
            book.filename, _l("tệp bị hỏng, không đọc được (%(e)s).", e=str(error)[:80])
        ) from None


def check_size(filename: str, size: int) -> None:
    if size > MAX_BYTES:
        raise refuse(
            filename,
            _l(
                "tệp nặng %(size)s MB, vượt giới hạn %(limit)d MB.",
                size=f"{size / 1024 / 1024:.1f}".replace(".", ","),
                limit=MAX_BYTES // 1024 // 1024,
            ),
        )


def open_book(content: bytes, filename: str) -> Book:
    """Check and open an uploaded file; raise FileRefused with the reason when it cannot be read."""
    filename = filename or "?"
    check_size(filename, len(content))
    if not content.strip():
        raise refuse(filename, _l("tệp rỗng."))
    if content.startswith(ZIP_MAGIC):
        return _open_xlsx(content, filename)
    if content.startswith(OLE_MAGIC):
        return _open_xls(content, filename)
    kind = filetype.guess(content)
    if kind is not None:
        raise refuse(
            filename,
            _l("đây không phải bảng tính mà là tệp %(kind)s.", kind=kind.extension.upper()),
        )
    return _open_csv(content, filename)


def _open_xlsx(content: bytes, filename: str) -> Book:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise refuse(filename, _l("tệp nén bị hỏng, không đọc được.")) from None
    names = {info.filename for info in members}
    if "xl/workbook.xml" not in names:
        what = "Word" if "word/document.xml" in names else "ZIP"
        raise refuse(filename, _l("đây không phải bảng tính Excel mà là tệp %(kind)s.", kind=what))
    unpacked = sum(info.file_size for info in members)
    packed = sum(info.compress_size for info in members) or 1
    if unpacked > MAX_UNPACKED or (unpacked > 50 * 1024 * 1024 and unpacked / packed > MAX_RATIO):
        raise refuse(
            filename,
            _l(
                "tệp giải nén ra %(size)s MB, quá lớn so với một danh sách (nghi tệp độc hại).",
                size=f"{unpacked // 1024 // 1024:,}".replace(",", "."),
            ),
        )
    return _calamine_book(content, filename, "xlsx")


def _open_xls(content: bytes, filename: str) -> Book:
    if "EncryptedPackage".encode("utf-16-le") in content:
        raise refuse(filename, _l("bảng tính có mật khẩu; hãy bỏ mật khẩu rồi tải lên lại."))
    return _calamine_book(content, filename, "xls")


def _calamine_book(content: bytes, filename: str, kind: str) -> Book:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = list(workbook.sheet_names)
    except Exception as error:
        text = str(error).lower()
        if "password" in text or "encrypt" in text:
            raise refuse(
                filename, _l("bảng tính có mật khẩu; hãy bỏ mật khẩu rồi tải lên lại.")
            ) from None
        raise refuse(
            filename, _l("tệp bị hỏng, không đọc được (%(e)s).", e=str(error)[:80])
        ) from None
    if not names:
        raise refuse(filename, _l("bảng tính không có trang nào."))
    return Book(filename, kind, content, names)


def _plausible(text: str) -> bool:
    """True when nearly every character is a letter, digit, mark, space or punctuation."""
    sample = text[:20000]
    odd = sum(
        1
        for char in sample
        if char not in "\t\r\n" and unicodedata.category(char)[0] not in "LNZPM"
    )
    return odd <= len(sample) * 0.02


def _vietnamese_1258(content: bytes) -> str | None:
    """Windows-1258 text (tones as combining marks) when the bytes read as it look Vietnamese."""
    try:
        text = content.decode("cp1258")
    except UnicodeDecodeError:
        return None
    marks = sum(1 for char in text if char in "\u0300\u0301\u0303\u0309\u0323")
    letters = sum(1 for char in text if char in "đĐơƠưƯăĂ")
    return text if (marks or letters) and _plausible(text) else None


def decode_text(content: bytes, filename: str) -> tuple[str, str]:
    """(text, encoding name) of a CSV: UTF-8 (with or without BOM), Windows-1258, or detected."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (b"", "utf-8")):
        if content.startswith(bom):
            try:
                return content.decode(name), name
            except UnicodeDecodeError:
                break
    text = _vietnamese_1258(content)
    if text is not None:
        return unicodedata.normalize("NFC", text), "cp1258"
    best = charset_normalizer.from_bytes(content[:200_000]).best()
    if best is not None:
        try:
            text = content.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None and _plausible(text):
            return text, best.encoding
    raise refuse(filename, _l("không nhận ra bảng mã của tệp CSV; hãy lưu lại dưới dạng UTF-8."))


def _delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    counts = {sep: sum(line.count(sep) for line in lines) for sep in (";", ",", "\t")}
    return max(counts, key=counts.get)


def _open_csv(content: bytes, filename: str) -> Book:
    text, encoding = decode_text(content, filename)
    if "\x00" in text:
        raise refuse(filename, _l("đây không phải bảng tính (nội dung nhị phân)."))
    return Book(
        filename,
        "csv",
        content,
        [CSV_NAME],
        text=text,
        delimiter=_delimiter(text),
        encoding=encoding,
    )
