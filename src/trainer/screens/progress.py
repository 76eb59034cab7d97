"""Progress: per-practice proficiency over time, the trainee's past drills, and an export to CSV."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from sim.scenarios import ScenarioError
from trainer import drills, views
from trainer.drills import DrillError
from trainer.screens.review import ReviewScreen
from trainer.store import home
from trainer.widgets.progress_chart import chart

if TYPE_CHECKING:
    from trainer.app import TrainerApp


class ProgressScreen(Screen[None]):
    """How a trainee is doing, practice by practice."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h", "app.pop_screen", "Home"),
        Binding("enter", "review", "Review drill"),
        Binding("x", "export", "Export CSV"),
    ]

    app: TrainerApp

    def __init__(self, trainee: str) -> None:
        super().__init__()
        self.trainee = trainee

    def compose(self) -> ComposeResult:
        """Chart above, drills below."""
        store = self.app.store
        yield Static(f"Progress of {self.trainee} · recent drills weigh more", id="progress-title")
        with VerticalScroll(id="chart-box"):
            yield Static(chart(store.tallies(self.trainee)), id="chart")
        yield DataTable(id="past", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """List the trainee's drills, newest first."""
        table = self.query_one("#past", DataTable)
        table.add_columns("id", "started", "drill", "status", "score", "tier")
        for row in reversed(self.app.store.drills(self.trainee)):
            score = "—" if row.score is None else f"{row.score:g}"
            table.add_row(
                str(row.id),
                row.started[:16].replace("T", " "),
                row.title,
                row.status,
                score,
                row.tier or "—",
                key=str(row.id),
            )

    def action_review(self) -> None:
        """Open the highlighted finished drill's review, replayed from its stored actions."""
        table = self.query_one("#past", DataTable)
        if not table.row_count:
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        drill_id = int(str(row_key.value))
        try:
            session, card = drills.review(drill_id, self.app.store)
        except (DrillError, ScenarioError) as error:
            self.notify(str(error), severity="warning", timeout=8)
            return
        self.app.push_screen(ReviewScreen(card, session, drill_id))

    @on(DataTable.RowSelected, "#past")
    def _selected(self) -> None:
        self.action_review()

    def action_export(self) -> None:
        """Write the trainee's drills to a CSV file in CareLab's home and say where."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.trainee.lower()).strip("-") or "trainee"
        path = home() / "exports" / f"drills-{slug}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as stream:
            views.write_history_csv(self.app.store.drills(self.trainee), stream)
        self.notify(f"Exported to {path}", timeout=8)
