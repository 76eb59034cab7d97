"""The inbox: one row per visible mention, with its waiting time ticking, and the trainee's choice of order.

Rows are keyed by mention id and only the cells that changed are rewritten on a tick, so a clock tick with a
thousand open mentions stays cheap (see benchmarks/bench_app_tick.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import DataTable

from sim.scenarios.base import Channel, Kind
from trainer.session import InboxItem
from trainer.widgets.meters import count, reach_meter, waiting

URGENCY: dict[Kind, int] = {"urgent": 0, "complaint": 1, "question": 2, "praise": 3, "spam": 4}
CHANNEL_MARK: dict[Channel, str] = {"public_post": "post", "public_comment": "cmnt", "private_message": "DM"}
UNTAGGED = "◌"
"""Marks a mention found by listening: the author never tagged the brand."""


@dataclass(frozen=True)
class Order:
    """A way of sorting the inbox."""

    name: str
    key: Callable[[InboxItem], tuple[float, ...]]


def _waited(item: InboxItem) -> tuple[float, ...]:
    return (0 if item.waiting is not None else 1, -(item.waiting or 0.0), item.arrived)


ORDERS: tuple[Order, ...] = (
    Order("arrival", lambda i: (i.arrived,)),
    Order("longest wait", _waited),
    Order("urgency", lambda i: (URGENCY[i.kind], *_waited(i))),
    Order("reach", lambda i: (-i.reach, i.arrived)),
)
"""The orders the trainee cycles through (arrival first: what a plain queue shows)."""

COLUMNS = ("id", "wait", "from", "kind", "on", "followers", "reach", "status")
FIXED_WIDTHS = {"wait": 5, "reach": 8, "status": 9}
"""Columns whose content changes as the drill runs get their widest width up front (no re-measuring)."""


class Inbox(DataTable[str | Text]):
    """The mentions in the inbox; highlighting a row opens it."""

    def __init__(self, targets: dict[str, float], *, id: str | None = None) -> None:
        """`targets` are the first-response deadlines by mention id, to colour the waiting times."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.targets = targets
        self.order_index = 0
        self._rows: dict[str, tuple[str | Text, ...]] = {}
        self._order: list[str] = []

    @property
    def order(self) -> Order:
        """The current sort order."""
        return ORDERS[self.order_index]

    def on_mount(self) -> None:
        """Set up the columns."""
        for column in COLUMNS:
            self.add_column(column, key=column, width=FIXED_WIDTHS.get(column))

    def next_order(self) -> Order:
        """Switch to the next sort order (the rows are re-sorted on the next `show`)."""
        self.order_index = (self.order_index + 1) % len(ORDERS)
        return self.order

    def show(self, items: Sequence[InboxItem]) -> None:
        """Bring the table up to date: new rows are added, changed cells rewritten, the order kept."""
        ordered = sorted(items, key=self.order.key)
        for item in ordered:
            cells = self._cells(item)
            old = self._rows.get(item.id)
            if old is None:
                self.add_row(*cells, key=item.id)
            else:
                for column, before, after in zip(COLUMNS, old, cells, strict=True):
                    if before != after:
                        self.update_cell(item.id, column, after)
            self._rows[item.id] = cells
        wanted = [item.id for item in ordered]
        if wanted != self._order:
            self._resort(wanted)

    def _resort(self, wanted: list[str]) -> None:
        """Put the rows in `wanted` order, keeping the cursor on the mention it was on."""
        selected = self.selected
        self._order = wanted
        position = {mention: i for i, mention in enumerate(wanted)}
        self.sort("id", key=lambda mention: position[str(mention)])
        if selected is not None:
            self.move_cursor(row=self.get_row_index(selected), scroll=False)

    @property
    def selected(self) -> str | None:
        """The mention id under the cursor, if any."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return None if row_key.value is None else str(row_key.value)

    def _cells(self, item: InboxItem) -> tuple[str | Text, ...]:
        handle = item.handle if item.tagged else f"{UNTAGGED}{item.handle}"
        status = Text(item.status, style="bold" if item.status == "new" else "dim")
        return (
            item.id,
            waiting(item.waiting, self.targets[item.id]),
            handle,
            item.kind,
            CHANNEL_MARK[item.channel],
            count(item.followers),
            reach_meter(item.reach, item.followers),
            status,
        )
