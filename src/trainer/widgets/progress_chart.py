"""Per-practice proficiency over time as a terminal chart: one sparkline per practice, one block per drill.

The series is the rubric's own recency-weighted proficiency recomputed after each drill, so the last block of
each line is exactly what `carelab drill history --trainee` reports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.table import Table
from rich.text import Text

from trainer.rubric import proficiency
from trainer.rubric.proficiency import LEVELS
from trainer.widgets.meters import sparkline

LEVEL_STYLE = {"excellent": "bold green", "proficient": "green", "developing": "yellow", "needs work": "red"}


def series(history: Sequence[Mapping[str, tuple[float, float]]]) -> dict[str, list[float]]:
    """Each practice's proficiency after each drill that exercised it, oldest first."""
    lines: dict[str, list[float]] = {}
    for done in range(1, len(history) + 1):
        exercised = set(history[done - 1])
        for level in proficiency(history[:done]):
            if level.practice in exercised:
                lines.setdefault(level.practice, []).append(level.score)
    return lines


def chart(history: Sequence[Mapping[str, tuple[float, float]]]) -> Table | Text:
    """The chart: practice, sparkline on a 0-100 scale, current score and level."""
    lines = series(history)
    if not lines:
        return Text("No finished drills yet: finish one and your practices show up here.", style="italic")
    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("practice")
    table.add_column("over your drills (0-100)", no_wrap=True)
    table.add_column("now", justify="right")
    table.add_column("level")
    for practice in sorted(lines):
        values = lines[practice]
        level = next(name for floor, name in LEVELS if values[-1] >= floor)
        table.add_row(
            practice,
            Text(sparkline(values), style="cyan"),
            f"{values[-1]:g}",
            Text(level, LEVEL_STYLE[level]),
        )
    return table
