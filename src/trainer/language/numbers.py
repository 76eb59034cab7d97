"""Numbers written in words, read as digits: "two hundred pound voucher" is a 200-pound voucher.

`text2num` (alpha2digit) does the reading: it knows compounds ("one hundred and fifty"), and leaves words it
should not touch alone ("one thing", "a moment"), which a hand-made table of number words does not.
"""

from __future__ import annotations

from functools import lru_cache

from text_to_num import alpha2digit

CACHED_TEXTS = 4096
"""Messages whose reading is kept: the rubric and the session read the same reply several times."""


@lru_cache(maxsize=CACHED_TEXTS)
def in_digits(text: str) -> str:
    """The text with every number written in words turned into digits (English)."""
    return alpha2digit(text, "en")
