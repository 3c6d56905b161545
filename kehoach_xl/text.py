"""Cell text: Unicode normalisation and white space."""

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0]+")


def tidy(text: str) -> str:
    """NFC, runs of spaces folded, each line stripped, blank edge lines dropped."""
    lines = [_SPACES.sub(" ", line).strip() for line in unicodedata.normalize("NFC", text).splitlines()]
    return "\n".join(lines).strip("\n")


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)
