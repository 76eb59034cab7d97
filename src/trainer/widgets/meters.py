"""Small text gauges shared by the inbox, the review and the progress screen: counts, reach, sparklines.

Plain functions returning Rich `Text`, so a DataTable cell and a Static render the same thing, and a test can
read the figures without a terminal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from rich.text import Text

from trainer.language import elapsed

BLOCKS = "▁▂▃▄▅▆▇█"


def plural(number: int, noun: str, nouns: str | None = None) -> str:
    """'1 post', '2 posts' ('1 reply', '3 replies' with `nouns`)."""
    return f"{number} {noun if number == 1 else nouns or noun + 's'}"


def count(value: int) -> str:
    """'310', '48.2k', '1.3M': a follower or reach figure that fits a narrow column."""
    if value < 1_000:
        return str(value)
    if value < 1_000_000:
        return f"{value / 1_000:.1f}k".replace(".0k", "k")
    return f"{value / 1_000_000:.1f}M".replace(".0M", "M")


@lru_cache(maxsize=4096)  # every tick asks again for every row; the answers rarely change
def reach_meter(reach: int, followers: int) -> Text:
    """A block that grows a step per decade of people reached, red once reshares took the post past its
    author's own audience, then the figure: '▅ 52k'."""
    step = min(len(BLOCKS) - 1, max(0, int(math.log10(max(reach, 1)))))
    spreading = reach > followers
    style = "bold red" if spreading else "cyan"
    return Text.assemble((BLOCKS[step], style), (f" {count(reach)}", "bold red" if spreading else ""))


def waiting(minutes: float | None, target: float) -> Text:
    """How long a customer has waited: amber past half the target, red past it, a dash if nothing is owed."""
    if minutes is None:
        return Text("—", style="dim")
    style = "bold red" if minutes > target else "yellow" if minutes > target / 2 else "green"
    return _waiting(math.floor(minutes), style)


@lru_cache(maxsize=4096)
def _waiting(whole_minutes: int, style: str) -> Text:
    return Text(elapsed(whole_minutes), style=style)


def sparkline(values: Sequence[float], low: float = 0.0, high: float = 100.0) -> str:
    """One block per value on a fixed scale (so two practices' lines compare), e.g. '▂▄▆█'."""
    span = high - low
    top = len(BLOCKS) - 1
    return "".join(BLOCKS[round(top * min(max((v - low) / span, 0.0), 1.0))] for v in values)
