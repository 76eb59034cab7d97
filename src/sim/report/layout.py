"""Tables that fit the terminal they are printed in, and print whole when piped.

Rich wraps and truncates cells to make a table fit, and a name like "business-hours" or "complaint" then
comes out as "business-…": the reader can no longer tell the columns apart. A `Grid` is a table described
once (a label per row, a header per column, a cell at each crossing) and laid out for the width at hand:

- *wide*: one column per header, as long as every value fits on one line and every label can wrap at its
  spaces without breaking a word or a name (headers too, when whole headers would not fit);
- *long*: when the columns do not fit, each row becomes a group of lines, one per header (variants as rows),
  which fits any terminal wider than its longest label word plus its longest value;
- *whole*: for a pipe or a file (no width), the wide layout at its natural width, nothing wrapped or cut.

Rich has no layout switch of its own, so this module chooses one by Rich's own measurement of the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

UNLIMITED = 10_000
"""Width to measure a table's natural size against."""


@dataclass(frozen=True)
class Cell:
    """One value: its text, an optional mark (▲/▼) that says what the colour says, and that colour."""

    text: str
    mark: str = ""
    style: str = ""

    def render(self) -> Text:
        """The value with its mark after it, so right-aligned numbers stay aligned."""
        return Text(f"{self.text} {self.mark}" if self.mark else self.text, style=self.style)

    @property
    def width(self) -> int:
        """Cells the value takes on screen."""
        return self.render().cell_len


@dataclass(frozen=True)
class Grid:
    """A table described once: rows of cells under `headers`, each row with a label."""

    title: str
    corner: str
    """Header of the label column (what the rows are: "figure", "kind")."""
    headers: Sequence[str]
    item: str
    """What the headers are ("variant", "figure"): the header of their column in the long layout."""
    rows: Sequence[tuple[str, Sequence[Cell]]]
    names: Sequence[str] = ()
    """Names (variants, kinds, regions, teams) that must never be broken across lines."""
    footnotes: Sequence[str] = field(default_factory=tuple)


def unbreakable_width(text: str, names: Sequence[str]) -> int:
    """The narrowest width `text` wraps into without breaking a word, or a name it starts with."""
    words = max((cell_len(word) for word in text.split()), default=0)
    leading = [cell_len(name) + 1 for name in names if text.startswith(name)]  # the name and its colon
    return max([words, *leading])


def _label_width(labels: Sequence[str], names: Sequence[str]) -> int:
    return max((unbreakable_width(label, names) for label in labels), default=1)


def wide_table(grid: Grid, roomy: bool = True) -> Table:
    """One column per header: labels wrap at spaces; values and names never wrap.

    Roomy, each header has its whole width; otherwise headers wrap at their spaces too.
    """
    table = Table(title=grid.title, title_justify="left", header_style="bold")
    labels = [grid.corner, *(label for label, _ in grid.rows)]
    table.add_column(grid.corner, min_width=_label_width(labels, grid.names), overflow="fold")
    for index, header in enumerate(grid.headers):
        heading = cell_len(header) if roomy else unbreakable_width(header, grid.names)
        width = max([heading, *(cells[index].width for _, cells in grid.rows)])
        table.add_column(header, justify="right", width=width, no_wrap=False, overflow="fold")
    for label, cells in grid.rows:
        table.add_row(label, *(cell.render() for cell in cells))
    return table


def long_table(grid: Grid) -> Table:
    """Each row as a group of lines, one per header: as narrow as a table of these values can be."""
    table = Table(title=grid.title, title_justify="left", header_style="bold")
    table.add_column(
        grid.corner, min_width=_label_width([grid.corner, *(r for r, _ in grid.rows)], grid.names)
    )
    items = [grid.item, *grid.headers]
    table.add_column(grid.item, min_width=_label_width(items, grid.names))
    values = [cell.width for _, cells in grid.rows for cell in cells]
    table.add_column("value", justify="right", no_wrap=True, min_width=max([5, *values]))
    for label, cells in grid.rows:
        for index, (header, cell) in enumerate(zip(grid.headers, cells, strict=True)):
            last = index == len(grid.headers) - 1
            table.add_row(label if index == 0 else "", header, cell.render(), end_section=last)
    return table


def minimum_width(console: Console, table: Table) -> int:
    """The narrowest Rich can draw `table` without cutting what must stay whole."""
    return Measurement.get(console, console.options.update_width(UNLIMITED), table).minimum


def natural_width(console: Console, table: Table) -> int:
    """The width at which `table` needs no wrapping at all."""
    return Measurement.get(console, console.options.update_width(UNLIMITED), table).maximum


def layout(grid: Grid, console: Console, width: int | None) -> tuple[RenderableType, int]:
    """The grid laid out for `width` columns (None: a pipe, drawn whole), and the width to draw it at."""
    wide = wide_table(grid)
    if width is None:
        return _with_footnotes(wide, grid), max(natural_width(console, wide), 40)
    for table in (wide, wide_table(grid, roomy=False)):
        if minimum_width(console, table) <= width:
            return _with_footnotes(table, grid), width
    return _with_footnotes(long_table(grid), grid), width


def _with_footnotes(table: Table, grid: Grid) -> RenderableType:
    if not grid.footnotes:
        return table
    return Group(table, *(Text(note, style="dim") for note in grid.footnotes))
