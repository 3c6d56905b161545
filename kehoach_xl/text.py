"""Cell text: Unicode normalisation and white space."""

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0]+")


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
