"""Cell text: Unicode normalisation and white space."""

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0]+")
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

INVISIBLE = frozenset("\u200b\u2060\ufeff\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Zero-width spaces and direction controls: unseen on screen, they still reach
the document, where U+202E turns the text after it right to left."""


def _is_tidy_line(text: str) -> bool:
    """One line that tidy() leaves as it is (most cells), found with a few string tests."""
    return (len(text.splitlines()) <= 1 and text == text.strip() and "  " not in text and "\t" not in text
            and "\u00a0" not in text and is_nfc(text))


def tidy(text: str) -> str:
    """NFC, runs of spaces folded, each line stripped, blank edge lines dropped."""
    if _is_tidy_line(text):
        return text
    lines = [_SPACES.sub(" ", line).strip() for line in unicodedata.normalize("NFC", text).splitlines()]
    return "\n".join(lines).strip("\n")


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def invisible(text: str) -> list[str]:
    """The INVISIBLE characters in `text`, as "U+200B"."""
    return sorted({f"U+{ord(ch):04X}" for ch in text if ch in INVISIBLE})


def without_format_characters(text: str) -> str:
    """`text` without Unicode format characters (zero-width, direction marks): for codes and labels."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def ascii_fold(text: str) -> str:
    """ "xã Cẩm Lương" -> "xa Cam Luong": the letters without their accents, đ as d."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def storable(text: str) -> str:
    """Text a workbook can hold: control characters, which XML cannot carry
    (Excel keeps them as _x0001_, calamine and xlwings give them back), become "\ufffd"."""
    return _NOT_IN_XML.sub("\ufffd", text)
