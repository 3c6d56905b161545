"""Cell text: Unicode normalisation, white space, and the legacy Vietnamese encodings."""

import re
import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

_SPACES = re.compile(r"[ \t\u00a0]+")
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

INVISIBLE = frozenset("\u200b\u2060\ufeff\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Zero-width spaces and direction controls: unseen on screen, they still reach
the document, where U+202E turns the text after it right to left."""


def tidy(text: str) -> str:
    """NFC, runs of spaces folded, each line stripped, blank edge lines dropped."""
    if is_plain(text, NO_LEGACY):
        return text
    lines = [_SPACES.sub(" ", line).strip() for line in unicodedata.normalize("NFC", text).splitlines()]
    return "\n".join(lines).strip("\n")


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def invisible(text: str) -> list[str]:
    """The INVISIBLE characters in `text`, as "U+200B"."""
    if INVISIBLE.isdisjoint(text):
        return []
    return sorted({f"U+{ord(ch):04X}" for ch in text if ch in INVISIBLE})


def without_format_characters(text: str) -> str:
    """`text` without Unicode format characters (zero-width, direction marks): for codes and labels."""
    if text.isascii():  # no format character is ASCII
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def ascii_fold(text: str) -> str:
    """ "xã Cẩm Lương" -> "xa Cam Luong": the letters without their accents, đ as d."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def storable(text: str) -> str:
    """Text a workbook can hold: control characters, which XML cannot carry
    (Excel keeps them as _x0001_, calamine and xlwings give them back), become "\ufffd"."""
    return _NOT_IN_XML.sub("\ufffd", text)


_TONES = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = "aăâeêioôơuưy"
_NUCLEI = frozenset((
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu "
    "ươ yê iêu yêu oai oay oeo uây uôi uya uyê uyu ươi ươu").split())
_SYLLABLE = re.compile(rf"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?([{_VOWELS}]+)(ch|ng|nh|[cmnpt])?")


def is_syllable(word: str) -> bool:
    """A Vietnamese syllable: onset, vowels Vietnamese writes together, final consonant, one tone at most."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(tone) for tone in _TONES) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    match = _SYLLABLE.fullmatch(bare)
    return match is not None and (match[2] in _NUCLEI or match[1] in ("gi", "qu") and
                                  ("i" if match[1] == "gi" else "u") + match[2] in _NUCLEI)


@dataclass(frozen=True)
class Legacy:
    """The legacy Vietnamese encodings (TCVN3, VNI), as `legacy_encodings` makes them of their tables."""

    tables: Mapping[str, Mapping[str, str]]
    characters: frozenset[str]
    """Characters the legacy encodings use that Vietnamese written in Unicode never does ("¹", "µ", "ï")."""
    acted_on: re.Pattern[str]
    """A character storable, tidy, legacy_decoding or invisible may change or report: a control
    character or line break, a no-break space, a legacy or an INVISIBLE character."""


def legacy_encodings(tables: Mapping[str, Mapping[str, str]]) -> Legacy:
    """The encodings of `tables` (encoding -> legacy sequence -> Unicode letters; what
    data/legacy-encodings.json holds, which io/catalogs.py reads: keys starting with "_" are notes)."""
    tables = {name: table for name, table in tables.items() if not name.startswith("_")}
    used = {ch for table in tables.values() for sequence in table for ch in sequence}
    vietnamese = {ch for table in tables.values() for letters in table.values() for ch in letters}
    characters = frozenset(used - vietnamese - set(string.ascii_letters))
    special = re.escape("".join(sorted(INVISIBLE | characters)))
    return Legacy(tables, characters, re.compile(rf"[\x00-\x1f\x85\xa0\u2028\u2029{special}]"))


NO_LEGACY = legacy_encodings({})
"""No legacy encoding: text in TCVN3 or VNI is then not recognised."""


def is_plain(text: str, legacy: Legacy) -> bool:
    """Text that storable() and tidy() keep as it is and in which legacy_decoding() and invisible()
    find nothing (most cells): stripped, no run of spaces, NFC, and no character `legacy` acts on."""
    return text == text.strip() and "  " not in text and is_nfc(text) and not legacy.acted_on.search(text)


def _decode(text: str, table: Mapping[str, str]) -> str:
    out, index = [], 0
    while index < len(text):
        pair = text[index:index + 2]
        if pair in table:
            out.append(table[pair])
            index += 2
        else:
            out.append(table.get(text[index], text[index]))
            index += 1
    return "".join(out)


def _tokens(text: str) -> list[str]:
    return [token.strip(string.punctuation + "“”‘’…") for token in text.split()]


def legacy_decoding(text: str, legacy: Legacy) -> tuple[str, str] | None:
    """(encoding, the text in Unicode) when `text` was typed in TCVN3 (ABC) or VNI, else None.

    A word is suspect when it holds a letter and a character of those
    encodings that Vietnamese in Unicode never uses; an encoding is taken when
    its reading makes Vietnamese syllables of at least half the suspect words
    (so "Müller" or "Tây · Bắc" stay as they are).
    """
    characters = legacy.characters
    if text.isascii() or characters.isdisjoint(text):
        return None
    suspects = [token for token in _tokens(text)
                if any(ch in characters for ch in token) and any(ch in string.ascii_letters for ch in token)]
    if not suspects:
        return None
    best: tuple[int, str, str] | None = None
    for encoding, table in legacy.tables.items():
        readable = sum(all(is_syllable(part) for part in re.findall(r"\w+", _decode(token, table)))
                       for token in suspects)
        if readable and 2 * readable >= len(suspects) and (best is None or readable > best[0]):
            best = (readable, encoding, _decode(text, table))
    return None if best is None else (best[1], best[2])
