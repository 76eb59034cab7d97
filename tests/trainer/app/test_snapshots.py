"""Snapshots of every screen at 100x30 (the drill screen and the Finish dialog at 80x24 too), with the drill clock moved by `tick()` only, no blinking cursors and
fixed dates, so they pass alone, in the full suite and under xdist. Update with `pytest --snapshot-update`
after checking the new pictures in snapshot_report.html."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, OptionList

from trainer.app import TrainerApp
from trainer.screens.dialogs import ConfirmDialog
from trainer.screens.drill import DrillScreen
from trainer.screens.review import ReviewScreen

from .helpers import DESK, SIZE, app_on, clock_to, drill_screen, keys, play_desk_drill, steady, until

SMALL_TERMINAL = (80, 24)
"""The smallest terminal the drill screen and its dialogs are made to fit."""

SnapCompare = Callable[..., bool]


async def finish(pilot: Pilot[None]) -> None:
    """Work the snapshot drill, then finish it and land on the review."""
    await play_desk_drill(pilot)
    await pilot.press("f10")
    await until(pilot, lambda: dialog_ready(pilot), "the Finish dialog")
    await pilot.press("y")
    await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen), "the review")


def dialog_ready(pilot: Pilot[None]) -> bool:
    """The Finish dialog is on top with its buttons mounted (a pushed screen composes in later turns)."""
    screen = pilot.app.screen
    return isinstance(screen, ConfirmDialog) and screen.is_mounted and len(screen.query(Button)) == 2


def fix_dates(app: TrainerApp) -> None:
    """Every drill started and finished at the same moment, whatever day the test runs."""
    with sqlite3.connect(app.store.path) as db:
        db.execute("UPDATE drills SET started = '2026-03-06T21:00:00+00:00'")
        db.execute("UPDATE drills SET finished = '2026-03-06T22:15:00+00:00' WHERE finished IS NOT NULL")


def test_home(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(app_on(tmp_path, DESK, trainee="Robin Ellis"), terminal_size=SIZE, run_before=steady)


def test_drill_mid_way(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await play_desk_drill(pilot)
        await clock_to(pilot, 12)
        await steady(pilot)

    assert snap_compare(
        app_on(tmp_path, DESK, trainee="Robin Ellis"), terminal_size=SIZE, run_before=run_before
    )


def test_drill_fits_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await play_desk_drill(pilot)
        await clock_to(pilot, 12)
        await steady(pilot)

    app = app_on(tmp_path, DESK, trainee="Robin Ellis")
    assert snap_compare(app, terminal_size=SMALL_TERMINAL, run_before=run_before)


def test_finish_dialog_fits_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await play_desk_drill(pilot)
        await clock_to(pilot, 12)
        await steady(pilot)  # toasts gone before the dialog opens over them
        await keys(pilot, "f10")
        await until(pilot, lambda: dialog_ready(pilot), "the Finish dialog")
        await steady(pilot)

    app = app_on(tmp_path, DESK, trainee="Robin Ellis")
    assert snap_compare(app, terminal_size=SMALL_TERMINAL, run_before=run_before)


def test_escalate_dialog(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DrillScreen) and app.screen.is_mounted, "the drill")
        await clock_to(pilot, 2)
        await until(pilot, lambda: drill_screen(pilot).current is not None, "an open mention")
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.focused, OptionList), "the dialog's team list, focused")
        await steady(pilot)

    assert snap_compare(
        app_on(tmp_path, DESK, trainee="Robin Ellis"), terminal_size=SIZE, run_before=run_before
    )


def test_review(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await finish(pilot)
        await steady(pilot)

    assert snap_compare(
        app_on(tmp_path, DESK, trainee="Robin Ellis"), terminal_size=SIZE, run_before=run_before
    )


def test_review_replay(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await finish(pilot)
        await pilot.press("3")
        await steady(pilot)

    assert snap_compare(
        app_on(tmp_path, DESK, trainee="Robin Ellis"), terminal_size=SIZE, run_before=run_before
    )


def test_progress(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = app_on(tmp_path, DESK, trainee="Robin Ellis")

    async def run_before(pilot: Pilot[None]) -> None:
        await finish(pilot)
        await pilot.press("escape")
        await pilot.pause()
        fix_dates(app)
        await pilot.press("p")
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(
        app_on(tmp_path, DESK, trainee="Robin Ellis"), press=["f1"], terminal_size=SIZE, run_before=steady
    )
