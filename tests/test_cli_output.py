"""What people read at 80 and 120 columns or through a pipe, and what programs parse: strict JSON everywhere."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from sim.cli.main import COMMANDS, app, load_command
from sim.scenarios import load_scenario
from tests.conftest import SCENARIOS
from tests.output_helpers import assert_readable, render, scenario_names

AIRLINE = str(SCENARIOS / "whatif" / "global_airline.yaml")
STATIONARY = str(SCENARIOS / "validation" / "stationary.yaml")
DAY = ["--set", "meta.duration=1d", "--set", "meta.warmup=2h"]
VARIANTS = ["business-hours", "follow-the-sun"]
WIDTHS = [80, 120, None]
runner = CliRunner()


@pytest.fixture(scope="module")
def airline_names() -> list[str]:
    return scenario_names(load_scenario(Path(AIRLINE)))


@pytest.mark.parametrize("width", WIDTHS)
def test_run_fits_the_terminal_and_names_every_kind_region_and_team(
    width: int | None, airline_names: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = render(["run", AIRLINE, "-r", "2", *DAY], width, monkeypatch)
    assert_readable(text, width, [*airline_names, "all"])
    assert "nan" not in text


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_fits_the_terminal_and_marks_what_differs(
    width: int | None, airline_names: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["compare", AIRLINE, "--variants", ",".join(VARIANTS), "-r", "3", "-w", "1", *DAY]
    text = render(args, width, monkeypatch)
    kinds_compared = [name for name in airline_names if name != "spam"]  # spam has no service level row
    assert_readable(text, width, [*kinds_compared, "base", *VARIANTS])
    assert "▼" in text  # business hours answer fewer complaints within the hour: a difference beyond doubt
    assert "▲/▼: higher/lower than base" in text  # the footnote says what the marks mean


@pytest.mark.parametrize("width", WIDTHS)
def test_sweep_fits_the_terminal_with_only_the_kinds_the_scenario_has(
    width: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["sweep", AIRLINE, "--vary", "policies.triage.policy=fifo,urgency-first", "-r", "2", "-w", "1"]
    text = render([*args, *DAY], width, monkeypatch)
    assert_readable(text, width, ["complaint", "question", "urgent", "praise", "fifo", "urgency-first"])


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_fits_the_terminal_and_names_every_site(
    width: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_sites = str(Path(__file__).parent / "data" / "two_sites_overstaffed.yaml")
    names = [team.name for team in load_scenario(Path(two_sites)).staffing.teams]  # type: ignore[union-attr]
    text = render(["staff", two_sites, "-r", "2", "-w", "1"], width, monkeypatch)
    assert_readable(text, width, [*names, "complaint"])


def test_sweep_shows_only_the_kinds_the_scenario_has(monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["sweep", STATIONARY, "--vary", "staffing.teams.desk.shifts.0.agents=9..10", *DAY]
    text = render(args, 80, monkeypatch)  # a scenario of questions only
    assert "question" in text
    assert not {"complaint", "urgent", "praise", "spam", "nan"} & set(text.replace(":", " ").split())


def test_too_few_replications_for_an_interval_are_warned_about() -> None:
    result = runner.invoke(
        app, ["sweep", STATIONARY, "--vary", "staffing.teams.desk.shifts.0.agents=9", "-r", "2", *DAY]
    )
    assert result.exit_code == 0, result.output
    assert "warning: 2 replications" in result.stderr


def _refuse(constant: str) -> Any:
    raise ValueError(f"not JSON: {constant}")


def strict_loads(text: str) -> Any:
    """JSON as a strict parser reads it (JavaScript's JSON.parse): NaN and Infinity are errors."""
    return json.loads(text, parse_constant=_refuse)


DRILL = str(SCENARIOS / "drills" / "late_booking.yaml")
PLAYTHROUGH = str(SCENARIOS / "drills" / "playthroughs" / "late_booking.good.yaml")

JSON_INVOCATIONS: dict[tuple[str, ...], list[str]] = {
    ("scenario", "validate"): [AIRLINE, STATIONARY],
    ("scenario", "show"): [STATIONARY],
    ("traffic",): [AIRLINE, *DAY],
    ("run",): [STATIONARY, "-r", "2", *DAY],  # kinds with no mentions have no mean: null, not NaN
    ("compare",): [AIRLINE, "--variants", "business-hours", "-r", "1", "-w", "1", *DAY],  # no interval
    ("sweep",): [STATIONARY, "--vary", "staffing.teams.desk.shifts.0.agents=9", "-r", "1", *DAY],
    ("staff",): [STATIONARY, "--target", "90% within 10m", "-r", "1", "-w", "1", *DAY],
    ("erlang",): [
        "--arrivals-per-hour",
        "100",
        "--aht",
        "3m",
        "--target",
        "20s",
        "--agents",
        "4",
    ],  # unstable
    ("drill", "run"): [DRILL, "--script", PLAYTHROUGH],
    ("drill", "resume"): [],
    ("drill", "cohort"): ["March intake", "--add", "Alex Trainee"],  # nobody has trained yet: no scores
    ("history", "import"): [str(Path(__file__).parent / "data" / "twitter_sample.csv")],  # --out added below
    ("backtest",): [
        str(SCENARIOS / "history" / "sample_desk.yaml"),
        "--history",
        str(SCENARIOS / "history" / "sample_mentions.csv"),
        "-r",
        "1",
    ],
}
"""A way to call every command that has --json, chosen where a figure is undefined or infinite."""


def _json_commands(command: Any, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    if hasattr(command, "list_commands"):
        context = typer.Context(command)
        found: set[tuple[str, ...]] = set()
        for name in command.list_commands(context):
            found |= _json_commands(command.get_command(context, name), (*path, name))
        return found
    return {path} if any("--json" in param.opts for param in command.params) else set()


def test_every_command_with_json_is_checked_below() -> None:
    assert _json_commands(typer.main.get_command(app)) == set(JSON_INVOCATIONS)


def _leave_a_drill_half_way(tmp_path: Path) -> None:
    """A drill whose script stopped at a refused step, so `drill resume` has one to show."""
    steps = tmp_path / "steps.yaml"
    steps.write_text(
        "steps:\n  - at: 4m\n    reply: {to: u1, text: 'Checking - Alex'}\n  - reply: {to: b1, text: x}\n"
    )
    small = SCENARIOS.parent / "tests" / "data" / "drill_small.yaml"
    assert runner.invoke(app, ["drill", "run", str(small), "--script", str(steps)]).exit_code == 2


@pytest.mark.parametrize("command", list(JSON_INVOCATIONS), ids=" ".join)
def test_every_json_output_is_strict_json(command: tuple[str, ...], tmp_path: Path) -> None:
    if command == ("drill", "resume"):
        _leave_a_drill_half_way(tmp_path)
    extra = ["--out", str(tmp_path / "history.npz")] if command == ("history", "import") else []
    result = runner.invoke(app, [*command, *JSON_INVOCATIONS[command], *extra, "--json"])
    assert result.exit_code == 0, result.output
    assert strict_loads(result.stdout)


def test_undefined_figures_are_null() -> None:
    result = runner.invoke(app, ["run", STATIONARY, "-r", "2", "--json", *DAY])
    figures = strict_loads(result.stdout)["figures"]
    assert figures["kind.complaint.service_level"]["mean"] is None  # the scenario has no complaints
    question = figures["kind.question.service_level"]
    assert question["n"] == 2 and math.isfinite(question["low"])


def test_validate_json_locates_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        Path(STATIONARY).read_text(encoding="utf-8").replace("  seed: 7", "  sead: 7"), encoding="utf-8"
    )
    result = runner.invoke(app, ["scenario", "validate", str(bad), STATIONARY, "--json"])
    assert result.exit_code == 2
    data = strict_loads(result.stdout)
    assert data["valid"] is False
    assert [entry["valid"] for entry in data["files"]] == [False, True]
    (problem,) = data["problems"]
    assert set(problem) == {"file", "line", "column", "path", "message"}
    assert problem["file"] == str(bad) and problem["path"] == "meta.sead" and problem["line"] > 1


def test_help_lists_each_command_with_its_own_summary() -> None:
    for name, (_, summary) in COMMANDS.items():
        assert (load_command(name).help or "").splitlines()[0].strip() == summary


def test_service_level_by_local_hour_puts_each_region_on_its_own_clock() -> None:
    from sim.engine import simulate
    from sim.metrics import service_level_by_local_hour
    from sim.scenarios import apply_variant

    closed_at_night = apply_variant(load_scenario(Path(AIRLINE), ["meta.duration=3d"]), "business-hours")
    levels = service_level_by_local_hour(simulate(closed_at_night).records, closed_at_night)
    # 03:00 in London is 08:30 in Mumbai: each is dark at its own night and lit in its own day, if dimly
    # (every post of the night stays in the inbox, and the desk works through that backlog first).
    for region, day in (("UK", range(9, 19)), ("India", range(14, 24))):
        assert levels[region][3] < 0.01 < 0.02 < float(np.mean([levels[region][h] for h in day]))


def test_the_report_says_what_the_figures_mean_and_shows_local_hours(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    args = ["compare", AIRLINE, "--variants", "business-hours", "-r", "2", "-w", "1", "--report", str(report)]
    assert runner.invoke(app, [*args, *DAY]).exit_code == 0
    page = report.read_text(encoding="utf-8")
    assert "What the figures mean" in page and "<dt>negative reach</dt>" in page
    assert "Service level by local hour of arrival" in page
    assert all(
        f"<th>{region}: business-hours</th>" in page for region in ("UK", "US East", "US West", "India")
    )
    assert "▼" in page  # the marks are in the report too, not only its colours
