"""The drill's actions as buttons with their keys: always on screen, clickable, and a reminder of the keys.

Each button runs the screen action of the same name, so a click and a key press take one path.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Button

DRILL_ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("f2", "reply", "Reply"),
    ("f3", "private", "Private"),
    ("f4", "ask_channel", "Ask channel"),
    ("f5", "escalate", "Escalate"),
    ("f6", "ignore", "Ignore"),
    ("f7", "resolve", "Resolve"),
    ("f8", "notice", "Hours notice"),
    ("f9", "listen", "Listen"),
    ("f10", "finish", "Finish"),
)
"""(key, screen action, label) of every drill action, in the order the bar shows them."""


class ActionBar(Grid):
    """A grid of compact buttons, one per drill action."""

    def compose(self) -> ComposeResult:
        """One button per action, labelled with its key."""
        for key, action, label in DRILL_ACTIONS:
            yield Button(f"{key.upper()} {label}", id=f"do-{action}", compact=True)

    @on(Button.Pressed)
    async def _run(self, event: Button.Pressed) -> None:
        event.stop()
        action = (event.button.id or "").removeprefix("do-")
        await self.screen.run_action(action)
