"""The drill's dialogs: escalating a case (team, transcript, note) and confirming a final step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList

from trainer.widgets.meters import plural


@dataclass(frozen=True)
class Escalation:
    """What the trainee chose in the escalation dialog."""

    team: str
    transcript: bool
    note: str


class EscalateDialog(ModalScreen[Escalation | None]):
    """Hand a case to a team; sending the conversation along is offered, unticked: choosing it is part of
    what the drill scores (BP08), so the dialog does not choose for the trainee."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, handle: str, teams: list[str], posts: int) -> None:
        super().__init__()
        self.handle = handle
        self.teams = teams
        self.posts = posts

    def compose(self) -> ComposeResult:
        """Team, transcript, note, and the two buttons."""
        with Vertical(id="dialog", classes="dialog"):
            yield Label(f"Escalate {self.handle}'s case", classes="dialog-title")
            yield Label("To which team? (↑/↓, Enter escalates)")
            yield OptionList(*self.teams, id="teams", compact=True)
            yield Checkbox(
                f"Send the conversation with it ({plural(self.posts, 'post')})",
                False,
                id="transcript",
                compact=True,
            )
            yield Input(placeholder="note for the team (optional)", id="note", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Escalate", variant="primary", id="ok", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        """Start on the first team."""
        teams = self.query_one("#teams", OptionList)
        teams.highlighted = 0
        teams.focus()

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted, "#note")
    @on(OptionList.OptionSelected, "#teams")
    def _ok(self) -> None:
        index = self.query_one("#teams", OptionList).highlighted
        team = self.teams[index or 0]
        self.dismiss(
            Escalation(
                team, self.query_one("#transcript", Checkbox).value, self.query_one("#note", Input).value
            )
        )

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question before a step that cannot be undone (finishing a drill)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "dismiss(True)", "Yes"),
        Binding("n,escape", "dismiss(False)", "No"),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", variant="primary", id="yes", compact=True)
                yield Button("No (n)", id="no", compact=True)

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
