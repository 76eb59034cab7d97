"""Problems found in a scenario, each pointing at a file, line and column, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_QUOTED_LENGTH = 60
"""The longest echo of an author's value in a message; the file's line points at the rest."""


@dataclass(frozen=True)
class Mark:
    """Where a value was written: a file (or a `--set` option) and a 1-based line and column."""

    source: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario, in the shape `FILE:LINE:COL: field.path: what is wrong (expected)`."""

    mark: Mark
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return printable(f"{self.mark}: {where}{self.message}")


class ScenarioError(Exception):
    """A scenario could not be loaded; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def single(cls, source: str, message: str, line: int = 1, column: int = 1) -> ScenarioError:
        """A refusal that concerns the file as a whole (empty, binary, too large, ...)."""
        return cls([Problem(Mark(source, line, column), "", message)])


def printable(text: str) -> str:
    """`text` on one line that any terminal can print: control characters and lone surrogates escaped.

    A problem is one line, so a value with a newline must never forge a second, located-looking line.
    """
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() or c == " " else c.encode("unicode_escape", "backslashreplace").decode("ascii")
        for c in text
    )


def quoted(value: Any) -> str:
    """An author's value, quoted for a message: on one line, escaped, and cut short when long."""
    text = printable(str(value))
    if len(text) > _QUOTED_LENGTH:
        text = text[: _QUOTED_LENGTH - 3] + "..."
    return f"'{text}'"
