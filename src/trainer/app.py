"""The trainer's Textual app and `create_app`, the one factory the CLI and the tests both use.

The app holds what outlives a screen: the history store, the drills on offer, the trainee's name. A drill
itself is a `DrillSession` journaling into the store (started or resumed through `trainer.drills`); the
screens only show it and forward keys, so the app can be closed at any moment without losing a thing.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from sim.scenarios import ScenarioError
from trainer import drills
from trainer.catalog import BUNDLED_DIR, DrillEntry, discover
from trainer.screens.drill import DrillScreen
from trainer.screens.help import HelpScreen
from trainer.screens.home import HomeScreen
from trainer.screens.progress import ProgressScreen
from trainer.store import Store


class TrainerApp(App[None]):
    """CareLab's trainer: home, drills, reviews and progress."""

    CSS_PATH = "carelab.tcss"
    TITLE = "CareLab trainer"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f1", "help", "Help")]

    def __init__(
        self,
        catalog: Sequence[DrillEntry],
        store: Store,
        trainee: str,
        live_clock: bool,
        new_seed: Callable[[], int],
    ) -> None:
        """Use `create_app`; the arguments are what it found and opened."""
        super().__init__()
        self.catalog = list(catalog)
        self.store = store
        self.trainee = trainee
        self.live_clock = live_clock
        self.new_seed = new_seed

    def on_mount(self) -> None:
        """Watch the terminal. When it closes without a hang-up signal reaching the app (a window closed
        under `make`, a dropped SSH session), Textual's input thread spins on the dead terminal forever; the
        app ends itself instead. Every drill action is already saved, so the drill can be resumed."""
        if terminal_open():
            self.set_interval(1.0, self._exit_if_terminal_closed)

    def _exit_if_terminal_closed(self) -> None:
        if not terminal_open():
            self.exit()

    def get_default_screen(self) -> Screen[None]:
        """Home is the bottom of the screen stack."""
        return HomeScreen()

    def on_unmount(self) -> None:
        """Close the history database."""
        self.store.close()

    def start_drill(self, entry: DrillEntry) -> None:
        """Start a new stored drill on a catalogue entry and show it. A drill with variables gets a new
        seed each time, so every start is a run the trainee has not seen (the seed is stored for resuming
        and review); a drill without keeps its own seed."""
        if entry.scenario is None:
            self.notify(entry.description, severity="error", timeout=8)
            return
        varied = entry.scenario.drill is not None and bool(entry.scenario.drill.vary)
        try:
            drill_id, session = drills.start(
                entry.scenario,
                entry.path,
                self.store,
                trainee=self.trainee or None,
                seed=self.new_seed() if varied else None,
            )
        except drills.DrillError as error:
            self.notify(str(error), severity="error")
            return
        self.push_screen(DrillScreen(session, drill_id, live=self.live_clock))

    def resume_drill(self, drill_id: int) -> None:
        """Rebuild a stored drill from its actions and carry on where it was left."""
        try:
            session = drills.resume(drill_id, self.store)
        except drills.DrillError as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        except ScenarioError as error:
            self.notify(str(error.problems[0]), title="The drill's file no longer loads", severity="error")
            return
        self.push_screen(DrillScreen(session, drill_id, live=self.live_clock))

    def action_help(self) -> None:
        """Show the help screen."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_progress(self) -> None:
        """Show the trainee's progress."""
        trainee = self.trainee or self._default_trainee()
        self.push_screen(ProgressScreen(trainee))

    def _default_trainee(self) -> str:
        rows = self.store.drills()
        return rows[-1].trainee if rows else "Alex"

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette offers every drill, the unfinished ones, progress and help."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "How drills work, and every key", self.action_help)
        yield SystemCommand("Progress", "Your proficiency per practice and past drills", self.action_progress)
        for entry in self.catalog:
            yield SystemCommand(
                f"Start drill: {entry.title}", entry.description[:80], lambda e=entry: self.start_drill(e)
            )
        for row in self.store.drills(unfinished=True):
            yield SystemCommand(
                f"Resume drill {row.id}: {row.title}",
                f"{row.trainee}, left at {row.clock:g} minutes",
                lambda i=row.id: self.resume_drill(i),
            )


def terminal_open() -> bool:
    """Whether standard input is a terminal (after the terminal hangs up it no longer is)."""
    stdin = sys.__stdin__
    try:
        return stdin is not None and os.isatty(stdin.fileno())
    except (OSError, ValueError):
        return False


def create_app(
    files: Sequence[Path] = (),
    *,
    trainee: str | None = None,
    bundled: Path | None = BUNDLED_DIR,
    local: Path | None = None,
    store: Store | None = None,
    live_clock: bool = True,
    new_seed: Callable[[], int] | None = None,
) -> TrainerApp:
    """The trainer app, as `carelab drill [FILE]` runs it and as tests drive it.

    Args:
        files: Drill files named on the command line (listed first).
        trainee: The name to sign with; the last trainee in the history when left out.
        bundled: The bundled drills folder (None leaves them out: tests list only what they pass).
        local: The trainee's own drills folder; `drills/` in CareLab's home when None.
        store: The history store; the one in CareLab's home when None.
        live_clock: Run drill clocks on a timer; tests turn it off and call `DrillScreen.tick()`.
        new_seed: The seed of each new run of a drill with variables; a random one when None (tests give
            their own, to know which run they drive).
    """
    history = store or Store()
    if trainee is None:
        rows = history.drills()
        trainee = rows[-1].trainee if rows else ""
    return TrainerApp(discover(files, bundled, local), history, trainee, live_clock, new_seed or random_seed)


def random_seed() -> int:
    """A seed nobody can guess, so a new run of a drill with variables is one the trainee has not seen."""
    return secrets.randbelow(2**32)
