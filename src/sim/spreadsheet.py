"""CSV that a spreadsheet opens as data: text cells that would run as formulas are made inert.

Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a
formula, so a mention's text or a trainee's name like `=HYPERLINK(...)` in an exported CSV could act when
opened ("CSV injection", OWASP). The standard defence, used here, puts a single quote before such text: the
spreadsheet shows the text and runs nothing. Numbers are written as numbers, so `-3` stays a number. The
`csv` module has no such option, hence this small wrapper.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable, Sequence
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """`value` as a CSV cell that no spreadsheet runs: text starting like a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class InertWriter:
    """A `csv.writer` whose text cells are made inert (`inert`)."""

    def __init__(self, handle: TextIO, **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([inert(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)

    def writecolumns(self, columns: Sequence[Sequence[Any]], plain: Collection[int] = ()) -> None:
        """Rows given column by column (all of one length); the columns at positions `plain` hold no text
        that could start like a formula (numbers, generated times), so they are written as they are."""
        cells = [column if at in plain else _inert_column(column) for at, column in enumerate(columns)]
        self._writer.writerows(zip(*cells, strict=True))


def _inert_column(values: Sequence[Any]) -> list[Any]:
    """`inert` of every value, without a call per cell (an export has hundreds of thousands)."""
    return ["'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v for v in values]
