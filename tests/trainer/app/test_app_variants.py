"""The app on a drill with variables: the trainee sees this run's names and numbers, a new start is a new
run, and the review says which values the run was played with."""

from __future__ import annotations

import html
import itertools
import re
from pathlib import Path

from textual.pilot import Pilot

from trainer.screens.home import HomeScreen
from trainer.screens.review import ReviewScreen

from .helpers import SIZE, app_on, clock_to, drill_screen, keys


def on_screen(pilot: Pilot[None]) -> str:
    """The text the terminal shows now, as a trainee reads it."""
    svg = pilot.app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def test_the_app_shows_this_runs_values_and_a_new_start_draws_new_ones(tmp_path: Path) -> None:
    seeds = itertools.count(31)
    app = app_on(tmp_path, new_seed=lambda: next(seeds))
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "enter")
        first = drill_screen(pilot).session.variables
        await clock_to(pilot, 2)  # the traveller's post arrives and, the only row, is open
        shown = on_screen(pilot)
        assert first["traveller.handle"] in shown  # the inbox row and the thread
        assert first["booking"] in shown and first["fare"] in shown  # her earlier posts
        assert first["departure"] in shown  # her post
        await keys(pilot, "escape", "y")
        assert isinstance(pilot.app.screen, HomeScreen)
        pilot.app.screen.query_one("#drills").focus()
        await keys(pilot, "enter")  # a new run of the drill, not the unfinished one
        second = drill_screen(pilot).session.variables
        stored = [row.seed for row in pilot.app.store.drills()]  # type: ignore[attr-defined]
        assert stored == [31, 32]
        assert second["traveller"] != first["traveller"] and second["booking"] != first["booking"]
        await clock_to(pilot, 5)
        shown = on_screen(pilot)
        assert second["traveller.handle"] in shown and first["traveller.handle"] not in shown
        await keys(pilot, "f10", "y")
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        assert review.card.variables == second
        assert "This run's values" in on_screen(pilot) and second["booking"] in on_screen(pilot)
