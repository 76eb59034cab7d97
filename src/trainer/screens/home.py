"""Home: who is training, which drills there are (bundled, their own, named on the command line), what each
trains, drills left unfinished, and the history at a glance."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Static

from trainer.catalog import DrillEntry
from trainer.language import elapsed
from trainer.store import DrillRow

if TYPE_CHECKING:
    from trainer.app import TrainerApp

RECENT = 4
"""Finished drills shown at a glance."""


def drill_details(entry: DrillEntry) -> Text:
    """What a drill is about, what it trains, and how it runs."""
    text = Text(entry.description or "No description.")
    if entry.scenario is None or entry.scenario.drill is None:
        return text
    drill = entry.scenario.drill
    text.append(f"\nPractices: {' '.join(entry.practices)}", style="cyan")
    if drill.vary:
        text.append(f"\nNew every run: {', '.join(drill.vary)} are drawn afresh each time you start it.")
    text.append(
        f"\n{len(drill.mentions)} mentions · {elapsed(drill.length)} on the clock · "
        f"pass mark {drill.pass_mark:g} · {entry.source} · {entry.path.name}",
        style="dim",
    )
    return text


def glance(rows: list[DrillRow]) -> Text:
    """The last few finished drills and the best score so far."""
    done = [r for r in rows if r.finished and r.score is not None]
    if not done:
        return Text("No finished drills yet. Pick one above and press Enter.", style="italic")
    text = Text(f"{len(done)} finished · best {max(r.score or 0 for r in done):g}\n", style="bold")
    for row in reversed(done[-RECENT:]):
        verdict = "passed" if row.passed else "not passed"
        text.append(f"#{row.id} {row.trainee}: {row.score:g} {row.tier} ({verdict}) · {row.title}\n")
    return text


class HomeScreen(Screen[None]):
    """Where every session starts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", show=False),
        Binding("r", "resume", "Resume"),
        Binding("p", "app.progress", "Progress"),
        Binding("n", "name", "Name"),
        Binding("q", "app.quit", "Quit"),
    ]

    app: TrainerApp

    def compose(self) -> ComposeResult:
        """Name, drills and their details, unfinished drills and the history."""
        yield Static("CareLab trainer · social customer care drills", id="home-title")
        with Horizontal(id="name-row"):
            yield Label("Your name ", id="name-label")
            yield Input(self.app.trainee, placeholder="signs your replies", id="trainee", compact=True)
        yield DataTable(id="drills", cursor_type="row", zebra_stripes=True)
        yield Static(id="drill-info")
        with Horizontal(id="home-bottom"):
            with Vertical(id="unfinished-box"):
                yield DataTable(id="unfinished", cursor_type="row")
            with Vertical(id="history-box"):
                yield Static(id="glance")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the drills table once; the rest follows the store."""
        table = self.query_one("#drills", DataTable)
        table.border_title = "Drills · Enter starts"
        table.add_columns("length", "mentions", "from", "drill")
        for index, entry in enumerate(self.app.catalog):
            drill = entry.scenario.drill if entry.scenario is not None else None
            table.add_row(
                elapsed(drill.length) if drill else "—",
                str(len(drill.mentions)) if drill else "—",
                entry.source,
                entry.title if drill is not None else Text(f"{entry.title} (cannot start)", style="red"),
                key=str(index),
            )
        self.query_one("#unfinished-box").border_title = "Unfinished · r resumes"
        self.query_one("#history-box").border_title = "History"
        self.query_one("#unfinished", DataTable).add_columns("id", "clock", "trainee", "drill")
        self.refresh_store()
        table.focus()

    def on_screen_resume(self) -> None:
        """Coming back from a drill: it may be finished or left unfinished."""
        self.refresh_store()

    def refresh_store(self) -> None:
        """Unfinished drills and the history, from the store."""
        rows = self.app.store.drills()
        unfinished = self.query_one("#unfinished", DataTable)
        unfinished.clear()
        for row in reversed([r for r in rows if not r.finished]):
            clock = elapsed(int(row.clock))
            unfinished.add_row(str(row.id), clock, row.trainee, row.title, key=str(row.id))
        self.query_one("#glance", Static).update(glance(rows))

    @on(DataTable.RowHighlighted, "#drills")
    def _details(self, event: DataTable.RowHighlighted) -> None:
        entry = self.app.catalog[int(str(event.row_key.value))]
        self.query_one("#drill-info", Static).update(drill_details(entry))

    @on(DataTable.RowSelected, "#drills")
    def _start(self, event: DataTable.RowSelected) -> None:
        self.app.start_drill(self.app.catalog[int(str(event.row_key.value))])

    @on(DataTable.RowSelected, "#unfinished")
    def _resume_selected(self, event: DataTable.RowSelected) -> None:
        self.app.resume_drill(int(str(event.row_key.value)))

    @on(Input.Changed, "#trainee")
    def _rename(self, event: Input.Changed) -> None:
        self.app.trainee = event.value.strip()

    @on(Input.Submitted, "#trainee")
    def _named(self) -> None:
        self.query_one("#drills", DataTable).focus()

    def action_start(self) -> None:
        """Start the highlighted drill."""
        table = self.query_one("#drills", DataTable)
        if table.row_count:
            self.app.start_drill(self.app.catalog[table.cursor_row])

    def action_resume(self) -> None:
        """Resume the highlighted unfinished drill (the latest one if none is highlighted)."""
        unfinished = self.query_one("#unfinished", DataTable)
        if not unfinished.row_count:
            self.notify("No unfinished drill to resume.", severity="warning")
            return
        row_key, _ = unfinished.coordinate_to_cell_key(unfinished.cursor_coordinate)
        self.app.resume_drill(int(str(row_key.value)))

    def action_name(self) -> None:
        """Edit the trainee's name."""
        self.query_one("#trainee", Input).focus()
