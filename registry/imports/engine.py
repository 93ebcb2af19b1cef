"""Run an import over a sheet: match each row, validate it through the profile services, and
either report (preview) or write (commit) in batches inside the caller's one transaction."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from registry.errors import ValidationError
from registry.imports.headers import Layout, data_like, detect_layout, layout_from, text_of
from registry.imports.lookups import Lookups, load_lookups
from registry.imports.normalise import ImportRow, normalise_row
from registry.imports.reading import Book, refuse
from registry.imports.values import fold
from registry.imports.writer import RowWriter

BATCH = 1000
_END = re.compile(
    r"\b(nguoi lap bieu|nguoi lap|chu tich|thu truong|ky ten|ky ghi ro ho ten|xac nhan|"
    r"giam doc|truong phong|hieu truong|ngay \d* ?thang \d* ?nam)\b"
)
_TOTAL = re.compile(r"^(tong cong|tong so|cong)\b")


@dataclass
class Options:
    sheet: str | None = None
    header_row: int | None = None  # zero-based; None: detect
    header_rows: int = 1
    mapping: dict[int, str] | None = None  # column index -> key; None: from the headers
    skip_invalid: bool = False


@dataclass
class Report:
    sheet: str = ""
    layout: Layout | None = None
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    invalid: int = 0
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    changes: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    new_organizations: list[str] = field(default_factory=list)
    created_ids: list[int] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "invalid": self.invalid,
        }


def row_kind(row: list) -> str:
    """'data', 'blank', 'total' (a totals row) or 'end' (the signature block under the table)."""
    cells = [text for text in (text_of(cell) for cell in row if cell is not None) if text]
    if not cells:
        return "blank"
    first = fold(cells[0]) if not cells[0].isdigit() else ""
    if _TOTAL.match(first) or (len(cells) > 1 and _TOTAL.match(fold(cells[1]))):
        return "total"
    # The signature block: a few cells, a signing word, and nothing a data row has (a number, a date).
    if len(cells) <= 3 and _END.search(fold(" ".join(cells))):
        if not any(data_like(cell) for cell in row if cell is not None):
            return "end"
    return "data"


def data_rows(rows: Iterator[list], layout: Layout) -> Iterator[tuple[int, list]]:
    """(Excel row number, cells) of the table's rows, without blanks and totals, up to the
    signature block."""
    for index, row in enumerate(rows):
        if index < layout.data_start:
            continue
        kind = row_kind(row)
        if kind == "end":
            return
        if kind == "data":
            yield index + 1, row


def _layout(book: Book, sheet: str, options: Options) -> tuple[Layout, list[list]]:
    head = list(islice(book.rows(sheet), 60))
    if not any(any(text_of(c) for c in row) for row in head):
        raise refuse(book.filename, _l("trang “%(sheet)s” không có dữ liệu.", sheet=sheet))
    layout = None if options.header_row is not None else detect_layout(head)
    if layout is None and (options.header_row is not None or options.mapping):
        # The officer says where the header is, or names the columns: no detection needed.
        layout = layout_from(head, options.header_row or 0, options.header_rows)
    if layout is None:
        raise refuse(
            book.filename,
            _l(
                "trang “%(sheet)s” không có dòng tiêu đề nào nhận ra được (Họ và tên, Ngày sinh...).",
                sheet=sheet,
            ),
        )
    if options.mapping:
        layout.mapping = dict(options.mapping)
    if "full_name" not in layout.mapping.values():
        raise refuse(book.filename, _l("không thấy cột Họ và tên."))
    return layout, head


def detect(book: Book, options: Options) -> tuple[str, Layout]:
    """The sheet to read and its layout (header rows, column mapping)."""
    sheet = pick_sheet(book, options.sheet)
    return sheet, _layout(book, sheet, options)[0]


def pick_sheet(book: Book, wanted: str | None) -> str:
    if wanted:
        if wanted not in book.sheet_names:
            raise refuse(book.filename, _l("không có trang “%(sheet)s”.", sheet=wanted))
        return wanted
    for name in book.sheet_names:  # the first sheet whose header we recognise
        try:
            _layout(book, name, Options())
            return name
        except ValidationError:
            continue
    return book.sheet_names[0]


def _batches(items, size):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def run_import(
    session: Session,
    book: Book,
    options: Options,
    actor,
    *,
    commit: bool = False,
    progress: Callable[[int], None] | None = None,
    errors_out: RowWriter | None = None,
    audit: dict | None = None,
) -> Report:
    """Preview (commit=False: nothing written) or write the sheet's people. With commit=True and
    not `skip_invalid`, the first invalid row raises ValidationError: the caller rolls back."""
    from registry.imports.matching import Matcher

    sheet = pick_sheet(book, options.sheet)
    layout, head = _layout(book, sheet, options)
    report = Report(sheet=sheet, layout=layout)
    lookups: Lookups = load_lookups(session, actor)
    fonts = book.legacy_fonts(sheet)
    matcher = Matcher(session, lookups, actor, report, commit=commit, audit=audit or {})
    if errors_out is not None:
        errors_out.head(head[: layout.data_start], layout)
    for batch in _batches(data_rows(book.rows(sheet), layout), BATCH):
        parsed = []
        for number, cells in batch:
            values = {
                key: cells[i] if i < len(cells) else None for i, key in layout.mapping.items()
            }
            cell_fonts = {
                key: fonts[(number - 1, i)]
                for i, key in layout.mapping.items()
                if (number - 1, i) in fonts
            }
            parsed.append((normalise_row(number, values, lookups, cell_fonts), cells))
        failed = matcher.process([row for row, _cells in parsed])
        if failed and commit and not options.skip_invalid:
            first: ImportRow = failed[0]
            raise ValidationError(
                {
                    "row": str(
                        _l(
                            "Dòng %(n)d: %(problem)s",
                            n=first.number,
                            problem="; ".join(m for _c, m in first.errors),
                        )
                    )
                }
            )
        if errors_out is not None:
            bad = {row.number: row for row in failed}
            for row, cells in parsed:
                if row.number in bad:
                    errors_out.row(cells, "; ".join(f"{c}: {m}" for c, m in row.errors))
        report.total += len(batch)
        if progress:
            progress(report.total)
    matcher.finish()
    return report


def existing_people(session: Session, rows: list[ImportRow]):
    """The people a batch may match: by national ID or by folded name (one query)."""
    from registry.people.models import Person

    ids = {r.person["national_id"] for r in rows if r.person.get("national_id")}
    names = {fold(r.person["full_name"]) for r in rows if r.person.get("full_name")}
    if not ids and not names:
        return []
    return session.scalars(
        select(Person)
        .where(or_(Person.national_id.in_(ids), Person.name_folded.in_(names)))
        .options(selectinload(Person.qualifications), selectinload(Person.languages))
    ).all()
