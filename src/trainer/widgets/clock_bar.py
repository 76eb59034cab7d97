"""The drill's clock: local time at the desk, how far into the drill, the speed, and whether it is paused."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from trainer.language import elapsed
from trainer.session import DrillSession


def speed_label(speed: float) -> str:
    """'1×', '½×', '¼×', '4×'."""
    fractions = {0.25: "¼", 0.5: "½"}
    return f"{fractions.get(speed, f'{speed:g}')}×"


class ClockBar(Static):
    """One line over the drill: the clock, the drill, the pace and what is open."""

    def show(self, session: DrillSession, speed: float, paused: bool) -> None:
        """Redraw from the session."""
        clock, drill = session.clock, session.drill
        line = Text.assemble(
            (f" {clock.label(session.now)} ", "bold reverse"),
            f" {elapsed(int(session.now))} of {elapsed(drill.length)}",
        )
        if drill.hours is not None:
            line.append(f" · desk closes {clock.label(clock.next_at(drill.hours.close, session.now))}")
        line.append(" · ")
        line.append(
            "⏸ paused" if paused else f"▶ {speed_label(speed)}", style="bold yellow" if paused else ""
        )
        line.append(f" · {len(session.actions)} actions · ")
        line.append(session.scenario.meta.title, style="dim")
        self.update(line, layout=False)  # a line across the screen: no content changes its size
