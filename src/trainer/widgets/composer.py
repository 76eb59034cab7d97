"""The composer: what the trainee is writing, to whom, and whether it fits where it would be posted.

The networks' length limits are a fact of the channel, not a practice the rubric scores, so they live here:
the composer warns while typing and the drill screen refuses to send a message the network would refuse.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from sim.scenarios.base import Network
from sim.scenarios.drill import DrillMention
from trainer.language import signature
from trainer.widgets.meters import count

PUBLIC_LIMIT: dict[Network, int] = {"twitter": 280, "facebook": 8000, "instagram": 2200, "messenger": 2000}
"""Longest public post or comment per network, in characters."""
PRIVATE_LIMIT: dict[Network, int] = {"twitter": 10000, "facebook": 2000, "instagram": 1000, "messenger": 2000}
"""Longest private message per network, in characters."""


def limit(mention: DrillMention, private: bool) -> int:
    """How long a message to this customer may be, in public or in private."""
    return (PRIVATE_LIMIT if private else PUBLIC_LIMIT)[mention.network]


class Composer(Vertical):
    """A text area with a line saying to whom it goes and how much room is left."""

    def __init__(self, trainee: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.trainee = trainee
        self.mention: DrillMention | None = None

    def compose(self) -> ComposeResult:
        """The status line over the text area."""
        yield Static(id="composer-status")
        yield TextArea(id="composer-text", soft_wrap=True, show_line_numbers=False, compact=True)

    def on_mount(self) -> None:
        """Show the empty state."""
        self._update_status()

    @property
    def text(self) -> str:
        """What the trainee wrote, trimmed."""
        return self.query_one(TextArea).text.strip()

    def set_text(self, text: str) -> None:
        """Replace the draft (to prefill one, or empty it once sent)."""
        self.query_one(TextArea).load_text(text)
        self._update_status()

    def address(self, mention: DrillMention | None) -> None:
        """Whom the next message goes to."""
        self.mention = mention
        self._update_status()

    def insert_sign_off(self) -> None:
        """Append the trainee's sign-off, the way the desk signs its messages (one the rubric accepts)."""
        area = self.query_one(TextArea)
        mark = signature(self.trainee)
        if not area.text.rstrip().endswith(mark):
            area.insert((" " if area.text and not area.text.endswith(" ") else "") + mark, area.document.end)
        area.focus()

    def fits(self, private: bool) -> bool:
        """Whether the draft fits the channel it would go to."""
        return self.mention is None or len(self.text) <= limit(self.mention, private)

    @on(TextArea.Changed)
    def _changed(self) -> None:
        self._update_status()

    def _update_status(self) -> None:
        status = self.query_one("#composer-status", Static)
        if self.mention is None:
            status.update(Text("Composer: open a mention to write to its author.", style="dim"))
            return
        length = len(self.text)
        line = Text.assemble((self.mention.author.handle, "bold"))
        for private in (False, True):
            room = limit(self.mention, private)
            line.append(f" · {'DM' if private else 'public'} ")
            line.append(f"{length}/{count(room)}", style="bold red" if length > room else "")
        status.update(line)
