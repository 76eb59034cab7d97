"""The review: the scorecard per mention and per practice with evidence, reasons and tips, a replay of the
drill on its timeline, and what the reach did and why."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane, Tabs

from trainer.language import elapsed
from trainer.rubric import Scorecard
from trainer.session import DrillSession
from trainer.views import run_values
from trainer.widgets.meters import count
from trainer.widgets.replay import reach_story, timeline
from trainer.widgets.scorecard import headline, practice_rows, practice_verdicts, verdicts

SHIFT = "shift"
"""Row key of the drill-wide verdicts in the mentions table."""


class ReviewScreen(Screen[None]):
    """A finished drill's scorecard."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h", "home", "Home"),
        Binding("p", "app.progress", "Progress"),
        Binding("1", "show_tab('scores')", "Mentions", show=False),
        Binding("2", "show_tab('practices')", "Practices", show=False),
        Binding("3", "show_tab('replay')", "Replay", show=False),
        Binding("4", "show_tab('reach')", "Reach", show=False),
    ]

    def __init__(self, card: Scorecard, session: DrillSession, drill_id: int) -> None:
        super().__init__()
        self.card = card
        self.session = session
        self.drill_id = drill_id

    def compose(self) -> ComposeResult:
        """The headline over four tabs."""
        title = f"Drill {self.drill_id} · {self.session.scenario.meta.title} · {self.card.trainee}"
        yield Static(title, id="review-title")
        yield Static(headline(self.card), id="headline")
        if self.card.variables:
            yield Static(run_values(self.card.variables), id="run-values")
        with TabbedContent(id="review-tabs"):
            with TabPane("1 Mentions", id="scores"), Vertical(classes="split"):
                yield DataTable(id="mentions", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(classes="detail"):
                    yield Static(id="mention-verdicts")
            with TabPane("2 Practices", id="practices"), Vertical(classes="split"):
                yield DataTable(id="practice-table", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(classes="detail"):
                    yield Static(id="practice-verdicts")
            with TabPane("3 Replay", id="replay"), VerticalScroll():
                yield Static(timeline(self.session), id="timeline")
            with TabPane("4 Reach", id="reach"), VerticalScroll():
                yield Static(reach_story(self.session.record()), id="reach-story")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the tables; the first row's verdicts show straight away."""
        mentions = self.query_one("#mentions", DataTable)
        mentions.add_columns("id", "kind", "author", "first response", "score", "reach")
        for m in self.card.mentions:
            first = "—" if m.first_response_minutes is None else elapsed(m.first_response_minutes)
            score = "0 (fatal)" if m.breached else ("—" if m.score is None else f"{m.score:g}")
            mentions.add_row(m.id, m.kind, m.author, first, score, count(m.reach), key=m.id)
        mentions.add_row(SHIFT, "", "the whole drill", "", "", "", key=SHIFT)
        practices = self.query_one("#practice-table", DataTable)
        practices.add_columns("practice", "met", "score", "criteria")
        for practice, titles, met, percent in practice_rows(self.card):
            practices.add_row(practice, met, percent, titles, key=practice)
        mentions.focus()

    @on(DataTable.RowHighlighted, "#mentions")
    def _mention(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key == SHIFT:
            shown = verdicts(self.card.shift)
        else:
            shown = verdicts(next(m for m in self.card.mentions if m.id == key).criteria)
        self.query_one("#mention-verdicts", Static).update(shown)

    @on(DataTable.RowHighlighted, "#practice-table")
    def _practice(self, event: DataTable.RowHighlighted) -> None:
        practice = str(event.row_key.value)
        self.query_one("#practice-verdicts", Static).update(practice_verdicts(self.card, practice))

    def action_show_tab(self, tab: str) -> None:
        """Switch tabs by number; focus goes to the tab row first, as a tabbed view follows the focus."""
        tabbed = self.query_one(TabbedContent)
        tabbed.query_one(Tabs).focus()
        tabbed.active = tab

    def action_home(self) -> None:
        """Back to the home screen."""
        self.app.pop_screen()
