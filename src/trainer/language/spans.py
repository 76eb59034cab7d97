"""A matched piece of text: what a scorecard quotes as evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """Where a phrase was found in a message, and its words."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, match: re.Match[str]) -> Span:
        """The span of a regex match."""
        return cls(match.start(), match.end(), match.group(0).strip())

    def __str__(self) -> str:
        return f"'{self.text}'"


def first(patterns: Iterable[re.Pattern[str]], text: str) -> Span | None:
    """The earliest match of any pattern in `text`."""
    matches = [m for p in patterns if (m := p.search(text))]
    return Span.of(min(matches, key=lambda m: m.start())) if matches else None


def every(patterns: Iterable[re.Pattern[str]], text: str) -> list[Span]:
    """Every match of every pattern, in reading order."""
    return sorted((Span.of(m) for p in patterns for m in p.finditer(text)), key=lambda s: s.start)
