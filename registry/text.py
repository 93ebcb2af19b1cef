"""Pure Vietnamese text helpers: NFC normalisation, search folding, name sort keys."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")

# Vietnamese alphabetical order, with the Latin letters Vietnamese does not use slotted in
# where a dictionary of loan words puts them.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: index + 10 for index, letter in enumerate(_ALPHABET)}
_VOWEL_MODIFIERS = {
    "\u0306": "\u0306",
    "\u0302": "\u0302",
    "\u031b": "\u031b",
}  # breve, circumflex, horn
# Dictionary order of tones: level, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot (nặng).
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def nfc(value: str | None) -> str | None:
    """NFC-normalise and trim a string; collapse inner whitespace. None stays None."""
    if value is None:
        return None
    if not unicodedata.is_normalized("NFC", value):  # a fast check; most input already is
        value = unicodedata.normalize("NFC", value)
    return " ".join(value.split())


def fold(value: str | None) -> str:
    """Accent- and case-insensitive form for search: 'Nguyễn Thị Đào' -> 'nguyen thi dao'."""
    if not value:
        return ""
    ascii_text = unidecode(unicodedata.normalize("NFC", value)).lower()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", ascii_text)).strip()


def _letters_and_tones(word: str) -> tuple[str, str]:
    """Split a word into a digits-only letter key and a tone string, in Vietnamese order."""
    letters: list[str] = []
    tones: list[str] = []
    for char in unicodedata.normalize("NFC", word.lower()):
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        modifier = "".join(m for m in marks if m in _VOWEL_MODIFIERS)
        tone = next((_TONES[m] for m in marks if m in _TONES), "0")
        letter = unicodedata.normalize("NFC", base + modifier)
        if letter in _LETTER_RANK:
            letters.append(str(_LETTER_RANK[letter]))
            tones.append(tone)
    return "".join(letters), "".join(tones)


def name_parts_in_sort_order(full_name: str) -> list[str]:
    """Given name first, then family name, then middle names."""
    words = (nfc(full_name) or "").split(" ")
    words = [w for w in words if w]
    if len(words) <= 1:
        return words
    return [words[-1], words[0], *words[1:-1]]


def name_sort_key(full_name: str | None) -> str:
    """A digits-only key that sorts Vietnamese names the way a Vietnamese reader expects.

    Digits only, so the order is the same under any database collation.
    """
    letter_keys, tone_keys = [], []
    for word in name_parts_in_sort_order(full_name or ""):
        letters, tones = _letters_and_tones(word)
        letter_keys.append(letters)
        tone_keys.append(tones)
    return "00".join(letter_keys) + "000" + "".join(tone_keys)


def title_case_name(full_name: str | None) -> str | None:
    """'ĐẶNG VĂN ÂN' -> 'Đặng Văn Ân' (each word capitalised, NFC)."""
    value = nfc(full_name)
    if value is None:
        return None
    return " ".join(word[:1].upper() + word[1:].lower() for word in value.split(" "))
