"""Typing and leaving in the drill screen: a character typed with the focus anywhere lands in the composer
(never an action, never lost), `Esc` asks before leaving a drill, and the review reads durations one way."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Static, TextArea

from trainer.language import elapsed
from trainer.screens.dialogs import ConfirmDialog, EscalateDialog
from trainer.screens.drill import DrillScreen
from trainer.screens.home import HomeScreen
from trainer.screens.review import ReviewScreen
from trainer.widgets.composer import Composer
from trainer.widgets.inbox import Inbox
from trainer.widgets.thread import Thread

from .helpers import DESK, SIZE, app_on, clock_to, drill_screen, keys, write

REPLY = "Sorry - a taxi is booked, +1 = free. Sort, slow, wait 24/7? No: back by 23:30 ^SM"
"""A reply holding every character that was once a hotkey: letters, space, '+', '-', '=', '/'."""


async def first_mention_open(pilot: Pilot[None]) -> None:
    """Start the drill from home and run its clock to 2m, when the first mention is in and open."""
    await keys(pilot, "enter")
    await clock_to(pilot, 2)


def as_text(renderable: object) -> str:
    """What a Rich renderable reads as, without a terminal."""
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


async def test_typing_with_the_focus_anywhere_writes_the_reply(tmp_path: Path) -> None:
    """Every character that once was a hotkey, typed from the inbox, the thread, the search box and from
    nowhere: the reply and the search hold exactly what was typed, and no action ran."""
    app = app_on(tmp_path, DESK)
    async with app.run_test(size=SIZE) as pilot:
        await first_mention_open(pilot)
        screen = drill_screen(pilot)
        order, actions = screen.query_one(Inbox).order, len(screen.session.actions)
        screen.query_one(Inbox).focus()
        await pilot.press(*REPLY)
        screen.query_one(Thread).focus()
        await pilot.press(*" s-+")
        screen.set_focus(None)
        await pilot.press(*"=/w")
        await pilot.pause()
        assert screen.query_one(Composer).text == REPLY + " s-+=/w"
        assert isinstance(screen.focused, TextArea)
        assert (screen.query_one(Inbox).order, screen.speed, screen.paused) == (order, 1.0, False)
        assert len(screen.session.actions) == actions
        await keys(pilot, "ctrl+l")
        await pilot.press(*"taxi home")
        await pilot.pause()
        assert screen.query_one("#kb-query", Input).value == "taxi home"
        assert screen.query_one(Composer).text == REPLY + " s-+=/w"


async def test_escape_asks_before_leaving_a_drill_and_keeps_the_draft(tmp_path: Path) -> None:
    app = app_on(tmp_path, DESK)
    async with app.run_test(size=SIZE) as pilot:
        await first_mention_open(pilot)
        await pilot.press(*"Half a reply")
        await keys(pilot, "escape")  # from the composer: to the inbox, the draft kept
        screen = drill_screen(pilot)
        assert isinstance(screen.focused, Inbox)
        assert screen.query_one(Composer).text == "Half a reply"
        await keys(pilot, "escape")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await keys(pilot, "n")
        assert isinstance(pilot.app.screen, DrillScreen)
        await keys(pilot, "escape", "escape")  # Esc on the question is "no" too
        assert isinstance(pilot.app.screen, DrillScreen)
        await keys(pilot, "f5")
        dialog = pilot.app.screen
        assert isinstance(dialog, EscalateDialog)
        assert dialog.query_one("#transcript", Checkbox).value is False  # the trainee decides
        await keys(pilot, "escape", "escape", "y")
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_the_review_writes_every_duration_one_way(tmp_path: Path) -> None:
    app = app_on(tmp_path, DESK)
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "enter")
        await clock_to(pilot, 20.25)  # r1 came in at 1m: answered 19m 15s after posting
        await write(pilot, "Leila, sorry: a taxi is booked for you. ^RE")
        await keys(pilot, "f2", "f10", "y")
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        table = review.query_one("#mentions", DataTable)
        first = next(m for m in review.card.mentions if m.first_response_minutes is not None)
        shown = str(table.get_cell(first.id, table.ordered_columns[3].key))
        assert shown == elapsed(first.first_response_minutes or 0.0) == "19m 15s"
        evidence = next(v for v in review.card.mentions[0].criteria if v.id == "first-response").evidence
        assert f"first response {shown} after posting" in evidence
        table.move_cursor(row=0)
        await pilot.pause()
        assert shown in as_text(review.query_one("#mention-verdicts", Static).content)


def test_durations_read_in_minutes_and_seconds() -> None:
    assert [elapsed(m) for m in (0.7, 19.25, 8.38, 45.0, 75.0, 61.4, 1440.0 + 180)] == [
        "42s",
        "19m 15s",
        "8m 23s",
        "45m",
        "1h 15m",
        "1h 1m",
        "1d 3h",
    ]


async def test_a_pause_is_recorded_and_survives_leaving_the_drill(tmp_path: Path) -> None:
    app = app_on(tmp_path, DESK)
    async with app.run_test(size=SIZE) as pilot:
        await first_mention_open(pilot)
        screen = drill_screen(pilot)
        now = [100.0]
        screen.wall_clock = lambda: now[0]
        await keys(pilot, "ctrl+t")
        now[0] += 45.0
        await keys(pilot, "ctrl+t", "ctrl+t")  # restart, then pause again and leave while paused
        now[0] += 15.0
        screen.query_one(Inbox).focus()
        await keys(pilot, "escape", "y")
        assert isinstance(pilot.app.screen, HomeScreen)
        await keys(pilot, "r")
        resumed = drill_screen(pilot)
        assert resumed.session.record().pauses == (45.0, 15.0)
