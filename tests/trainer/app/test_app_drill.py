"""A drill played through the app scores exactly as `carelab drill run` scores the same actions, and nothing
is lost by leaving mid-drill."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from textual.widgets import DataTable, Static, TextArea
from typer.testing import CliRunner

from sim.cli.main import app as cli
from trainer.screens.drill import DrillScreen
from trainer.screens.home import HomeScreen
from trainer.screens.review import ReviewScreen
from trainer.session import Action

from ..helpers import BUNDLED
from .helpers import APP_SEED, SIZE, app_on, clock_to, drill_screen, keys, play_good_drill


def as_step(action: Action) -> dict[str, Any]:
    """The script step that takes the same action at the same drill minute."""
    data = action.model_dump(exclude={"at", "type"})
    at = f"{action.at:g}m"
    match action.type:
        case "open" | "ignore" | "resolve":
            return {"at": at, action.type: data["mention"]}
        case "lookup":
            return {"at": at, "lookup": data["query"]}
        case "notice":
            return {"at": at, "notice": data["text"]}
        case "listen":
            return {"at": at, "listen": True}
        case "ask_channel":
            return {"at": at, "ask_channel": {"to": data["mention"], "text": data["text"]}}
        case "escalate":
            step = {"to": data["mention"], "team": data["team"], "transcript": data["transcript"]}
            return {"at": at, "escalate": step | {"note": data["note"]}}
        case _:
            return {
                "at": at,
                "reply": {"to": data["mention"], "text": data["text"], "private": data["private"]},
            }


def verdicts(card: dict[str, Any]) -> dict[str, str]:
    """Every verdict of a scorecard's JSON, by mention and criterion."""
    found = {f"{m['id']}/{c['id']}": c["verdict"] for m in card["mentions"] for c in m["criteria"]}
    return found | {f"shift/{c['id']}": c["verdict"] for c in card["shift"]}


async def test_a_drill_played_in_the_app_scores_as_the_cli_does(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await play_good_drill(pilot)
        screen = drill_screen(pilot)
        session = screen.session
        escalations = [a for a in session.actions if a.type == "escalate"]
        assert [(a.mention, a.team, a.transcript) for a in escalations] == [("m1", "bookings", True)]
        assert [a.type for a in session.actions][:3] == ["open", "lookup", "reply"]
        await keys(pilot, "f10", "y")
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        shown = review.card.to_json()
        headline = str(review.query_one("#headline", Static).render())
        actions = list(session.actions)
    assert f"{shown['score']:g} / 100" in headline
    script = tmp_path / "same.yaml"
    script.write_text(yaml.safe_dump({"trainee": "Sam Morgan", "steps": [as_step(a) for a in actions]}))
    command = ["drill", "run", str(BUNDLED), "--script", str(script), "--seed", str(APP_SEED), "--json"]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert (printed["score"], printed["passed"], printed["tier"]) == (
        shown["score"],
        shown["passed"],
        shown["tier"],
    )
    assert printed["sections"] == shown["sections"]
    assert verdicts(printed) == verdicts(shown)
    assert verdicts(shown)["m1/escalation"] == "met"
    assert verdicts(shown)["m1/kb-lookup"] == "met"


async def test_leaving_mid_drill_keeps_it_resumable_from_home(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "enter")
        await clock_to(pilot, 5)
        await keys(pilot, "f9")  # listening
        before = drill_screen(pilot).session.actions
        await keys(pilot, "escape", "y")  # Esc asks first
        assert isinstance(pilot.app.screen, HomeScreen)
        assert pilot.app.screen.query_one("#unfinished", DataTable).row_count == 1
        await keys(pilot, "r")
        resumed = drill_screen(pilot)
        assert resumed.session.actions == before
        assert resumed.session.now == 5


async def test_a_refused_action_is_a_message_not_a_crash(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await keys(pilot, "enter")
        await keys(pilot, "f2")  # nothing in the inbox yet, nothing written
        await clock_to(pilot, 2)
        await keys(pilot, "f2")  # m1 open, but no draft
        messages = [n.message for n in pilot.app._notifications]
        assert any("Open a mention first" in m for m in messages)
        assert any("Write your message" in m for m in messages)
        assert isinstance(pilot.app.screen, DrillScreen)
        assert drill_screen(pilot).session.actions[-1].type == "open"


async def test_the_clock_pauses_speeds_up_and_finishes_the_drill_at_its_end(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "enter")
        screen = drill_screen(pilot)
        await pilot.press("ctrl+t")
        screen.tick(10)
        assert screen.session.now == 0
        await pilot.press("ctrl+t", "ctrl+f")
        screen.tick(10)
        assert screen.session.now == 10 * 2 * screen.session.drill.clock_speed  # twice the drill's speed
        screen.tick(100_000)
        await pilot.pause()
        assert screen.session.finished
        assert isinstance(pilot.app.screen, ReviewScreen)


async def test_a_past_drill_reopens_in_review_from_progress(tmp_path: Path) -> None:
    """A drill played with `carelab drill run` shows on Progress; Enter replays it into its review."""
    good = BUNDLED.parent / "playthroughs" / "late_booking.good.yaml"
    played = CliRunner().invoke(cli, ["drill", "run", str(BUNDLED), "--script", str(good), "--json"])
    assert played.exit_code == 0, played.output
    expected = json.loads(played.stdout)["score"]
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "p", "enter")
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        assert review.card.score == expected
        await keys(pilot, "escape")
        assert not isinstance(pilot.app.screen, ReviewScreen)


async def test_the_mouse_opens_a_mention_and_a_second_click_starts_the_reply(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "enter")
        await clock_to(pilot, 6)
        screen = drill_screen(pilot)
        rows = [item.id for item in screen.session.inbox()]
        assert rows[:2] == ["m1", "m2"]
        second_row = (4, 3)  # inside the border: the header on line 1, m1 on line 2, m2 on line 3
        await pilot.click("#inbox", offset=second_row)
        await pilot.pause()
        assert screen.current == "m2"
        assert "m2" in {a.mention for a in screen.session.actions if a.type == "open"}
        await pilot.click("#inbox", offset=second_row)
        await pilot.pause()
        assert isinstance(pilot.app.focused, TextArea)


async def test_the_app_ends_itself_when_its_terminal_closes(tmp_path: Path, monkeypatch: Any) -> None:
    terminal = {"open": True}
    monkeypatch.setattr("trainer.app.terminal_open", lambda: terminal["open"])
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(1.2)
        assert app.is_running  # a terminal that stays open keeps the app
        terminal["open"] = False
        await pilot.pause(1.5)
        assert not app.is_running
