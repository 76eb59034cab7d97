"""What the inbox shows of a mention: its columns, its cells and the orders the trainee can sort it by.

Kept apart from the widget so the figures and the orders read (and test) without a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text

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

COLUMNS = ("id", "wait", "kind", "status", "from", "on", "reach", "followers")
"""What a trainee triages by comes first, so a narrow terminal cuts only the follower count."""
FIXED_WIDTHS = {"wait": 5, "reach": 8, "status": 9}
"""Columns whose content changes as the drill runs get their widest width up front, so they never jitter."""


def row_cells(item: InboxItem, target: float) -> tuple[Text, ...]:
    """The row's cells in `COLUMNS` order; `target` is the first-response deadline that colours the wait."""
    handle = item.handle if item.tagged else f"{UNTAGGED}{item.handle}"
    return (
        Text(item.id),
        waiting(item.waiting, target),
        Text(item.kind),
        Text(item.status, style="bold" if item.status == "new" else "dim"),
        Text(handle),
        Text(CHANNEL_MARK[item.channel]),
        reach_meter(item.reach, item.followers),
        Text(count(item.followers)),
    )
