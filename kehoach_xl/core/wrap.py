"""Lines of a name balanced within a width, as Times New Roman Bold sets them.

The header's issuing body and the signer's name sit in narrow table columns;
left to Word or LibreOffice, a long name fills each line and leaves one word
alone on the last.  Splitting it here, into the fewest lines that fit and as
even as possible, gives the centred, balanced block an official would type.

Widths are the advance widths of Times New Roman Bold in thousandths of an em
(its metric twin Liberation Serif Bold has the same ones); a letter with
diacritics is as wide as its base letter, except the horned Ư, ư, ơ.
"""

import math
import unicodedata
from functools import cache

BOLD = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                (722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944,
                 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667)))
BOLD |= dict(zip("abcdefghijklmnopqrstuvwxyz",
                 (500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833,
                  556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444)))
BOLD |= {**dict.fromkeys("0123456789", 500), " ": 250, ".": 250, ",": 250, "-": 333, "–": 500,
         "(": 333, ")": 333, "/": 278, ":": 333, ";": 333, "&": 833, "'": 278, '"': 555,
         "Đ": 722, "đ": 556, "Ư": 796, "ư": 600, "ơ": 554}
WIDEST = 1000
"""What a character missing from the table counts as: never narrower than it is."""
POINTS_PER_CM = 72 / 2.54
MAX_BALANCED = 6


def width(text: str, size: float) -> float:
    """The width of `text` in points at `size` pt."""
    units = 0
    for ch in unicodedata.normalize("NFC", text):
        if ch not in BOLD and unicodedata.combining(ch):
            continue
        base = ch if ch in BOLD else unicodedata.normalize("NFD", ch)[:1]
        units += BOLD.get(base, WIDEST)
    return units * size / 1000


def greedy(sizes: list[float], space: float, room: float) -> list[int]:
    """Where each line starts when every line takes as many words as fit (the fewest lines)."""
    starts, filled = [], math.inf
    for i, size in enumerate(sizes):
        if filled + space + size <= room:
            filled += space + size
        else:
            starts.append(i)
            filled = size
    return starts


def balanced(text: str, width_cm: float, size: float) -> list[str]:
    """`text` in the fewest lines no wider than `width_cm`, the lines as even as the words allow.

    A word wider than the column gets a line of its own (Word then breaks it).
    Text of more than MAX_BALANCED lines is not a name: it is filled line by line.
    """
    words = text.split()
    room = width_cm * POINTS_PER_CM
    sizes = [width(word, size) for word in words]
    space = width(" ", size)
    starts = greedy(sizes, space, room)

    def line(start: int, end: int) -> float:
        return sum(sizes[start:end]) + space * (end - start - 1)

    @cache
    def best(start: int, lines: int) -> tuple[float, tuple[int, ...]]:
        """(sum of the squared line widths, where the next lines start) for words[start:] in `lines` lines.

        With the words and the number of lines fixed, the smallest sum of squares is the evenest split.
        """
        if lines == 1:
            wide = line(start, len(words))
            return (wide * wide if wide <= room or len(words) - start == 1 else math.inf), ()
        choices = [(math.inf, ())]
        for end in range(start + 1, len(words) - lines + 2):
            wide = line(start, end)
            if wide > room and end > start + 1:
                break
            rest, breaks = best(end, lines - 1)
            choices.append((wide * wide + rest, (end, *breaks)))
        return min(choices)

    if 1 < len(starts) <= MAX_BALANCED:
        starts = [0, *best(0, len(starts))[1]]
    bounds = [*starts, len(words)]
    return [" ".join(words[i:j]) for i, j in zip(bounds, bounds[1:])]
