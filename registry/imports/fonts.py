"""Which cells of an XLSX sheet are typed in a legacy-font (TCVN3 / VNI) encoding.

The font is a property of the cell's style, so we read styles.xml for the fonts and cell formats,
then stream the sheet's XML for the cells using a legacy-font format. Workbooks that use no legacy
font (nearly all) cost one small XML read.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from defusedxml.ElementTree import fromstring, iterparse

from registry.imports.legacy import font_encoding

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _legacy_formats(archive: zipfile.ZipFile) -> dict[str, str]:
    """Cell-format index (the `s` attribute of a cell) -> legacy encoding of its font."""
    try:
        styles = fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return {}
    fonts = []
    for font in styles.iterfind(f"{NS}fonts/{NS}font"):
        name = font.find(f"{NS}name")
        fonts.append(font_encoding(name.get("val") if name is not None else None))
    formats = {}
    for index, xf in enumerate(styles.iterfind(f"{NS}cellXfs/{NS}xf")):
        font_id = int(xf.get("fontId", "0"))
        if font_id < len(fonts) and fonts[font_id]:
            formats[str(index)] = fonts[font_id]
    return formats


def _sheet_path(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    workbook = fromstring(archive.read("xl/workbook.xml"))
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{PKG_REL}Relationship")}
    for sheet in workbook.iter(f"{NS}sheet"):
        if sheet.get("name") == sheet_name:
            target = targets.get(sheet.get(f"{REL_NS}id"), "")
            return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return None


def cell_position(ref: str) -> tuple[int, int]:
    """'C12' -> (11, 2), zero-based."""
    letters = ref.rstrip("0123456789")
    column = 0
    for char in letters:
        column = column * 26 + ord(char.upper()) - 64
    return int(ref[len(letters) :]) - 1, column - 1


def legacy_font_cells(content: bytes, sheet_name: str) -> dict[tuple[int, int], str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        formats = _legacy_formats(archive)
        path = _sheet_path(archive, sheet_name) if formats else None
    except (KeyError, zipfile.BadZipFile, SyntaxError):
        return {}
    if not path:
        return {}
    found = {}
    with archive.open(path) as stream:
        for _event, element in iterparse(stream):
            if element.tag == f"{NS}c":
                style = element.get("s")
                if style in formats and element.get("r"):
                    found[cell_position(element.get("r"))] = formats[style]
                element.clear()
            elif element.tag == f"{NS}row":
                element.clear()
    return found
