"""Text typed in the legacy Vietnamese encodings TCVN3 (ABC, .VnTime fonts) and VNI (VNI-Times).

Such text reaches us as the Windows code page characters of its bytes ("Hµ Néi" for "Hà Nội").
The conversion tables are reference data (registry/reference/data/legacy_*.csv, see its README).
A cell is converted when its font says so, or, without a font, when its characters say so.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "reference" / "data"

TCVN3 = "tcvn3"
TCVN3_CAPS = "tcvn3_caps"  # .VnTimeH and other "H" fonts show the lower-case codes as capitals
VNI = "vni"

# Latin-1 characters that legacy text shows but Vietnamese Unicode text never uses.
_FOREIGN = set("¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾ÆÇËÎÏÐÑÖ×ØÜÞßäåæçëîïñö÷øûüþ")
_VIETNAMESE_ONLY = re.compile("[ăđơưĂĐƠƯĩũĨŨ\u1ea0-\u1ef9]")
_LATIN1 = re.compile("[\u00a1-\u00ff]")


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def tcvn3_table() -> dict[str, str]:
    """Legacy character (the byte read as Latin-1) -> Unicode letter."""
    return {chr(int(row["byte"], 16)): row["unicode"] for row in _rows("legacy_tcvn3.csv")}


@cache
def vni_table() -> dict[str, str]:
    """VNI sequence (one or two characters) -> Unicode letter."""
    return {row["vni"]: row["unicode"] for row in _rows("legacy_vni.csv")}


def font_encoding(font_name: str | None) -> str | None:
    """The legacy encoding a font name implies: '.VnTime' TCVN3, '.VnTimeH' TCVN3 capitals,
    'VNI-Times' VNI; None for Unicode fonts."""
    name = (font_name or "").strip()
    if name.startswith(".Vn"):
        return TCVN3_CAPS if name.endswith("H") else TCVN3
    if name.upper().startswith("VNI"):
        return VNI
    return None


def from_tcvn3(text: str, capitals: bool = False) -> str:
    table = tcvn3_table()
    result = "".join(table.get(char, char) for char in text)
    return result.upper() if capitals else result


def from_vni(text: str) -> str:
    table = vni_table()
    out, i = [], 0
    while i < len(text):
        pair = text[i : i + 2]
        if len(pair) == 2 and pair in table:
            out.append(table[pair])
            i += 2
            continue
        out.append(table.get(text[i], text[i]) if text[i] in _VNI_SINGLES else text[i])
        i += 1
    return "".join(out)


_VNI_SINGLES = set("ôöñÔÖÑìíæóòÌÍÆÓÒîÎ")


def _oddity(text: str) -> int:
    """How many characters of `text` no Vietnamese Unicode text would contain."""
    return sum(1 for char in text if char in _FOREIGN)


def guess_encoding(text: str) -> str | None:
    """TCVN3 or VNI when the characters of `text` show it, else None (already Unicode)."""
    if not _LATIN1.search(text) or _VIETNAMESE_ONLY.search(text) or not _oddity(text):
        return None
    tcvn3, vni = from_tcvn3(text), from_vni(text)
    odd_tcvn3, odd_vni = _oddity(tcvn3), _oddity(vni)
    # VNI joins a letter and its marks into one character, so real VNI text gets shorter.
    if odd_vni < odd_tcvn3 or (odd_vni == odd_tcvn3 and len(vni) < len(text)):
        return VNI if odd_vni < _oddity(text) else None
    return TCVN3 if odd_tcvn3 < _oddity(text) else None


def to_unicode(text: str, encoding: str | None = None) -> str:
    """Convert legacy text to NFC Unicode; `encoding` from the cell's font, else guessed."""
    encoding = encoding or guess_encoding(text)
    if encoding in (TCVN3, TCVN3_CAPS):
        text = from_tcvn3(text, capitals=encoding == TCVN3_CAPS)
    elif encoding == VNI:
        text = from_vni(text)
    return unicodedata.normalize("NFC", text)
