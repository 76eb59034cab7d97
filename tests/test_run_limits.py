"""Runs that cannot fit are refused before anything is drawn; outputs are checked before the work starts."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sim.cli.main import app
from sim.experiments.estimate import estimate_run, run_refusal
from sim.scenarios import load_scenario
from sim.scenarios.bundled import bundled_path
from sim.spreadsheet import InertWriter

AIRLINE = "scenarios/whatif/global_airline.yaml"
MACHINE = 16 * 2**30
"""A machine with 16 GiB free, so the refusals below do not depend on the one running the tests."""


@pytest.mark.parametrize(
    ("sets", "replications", "knob"),
    [(["traffic.volume_per_day=240000000"], 1, "volume_per_day"),
     (["meta.duration=36500d"], 1, "meta.duration"),
     (["staffing.teams.0.shifts.0.agents=10000000"], 1, "agents"),
     (["viral.audience_cap=1000000000", "viral.kind_factor.complaint=40"], 1, "audience_cap"),
     (["traffic.volume_per_day=300000"], 1000, "--replications")],
)  # fmt: skip
def test_runs_that_cannot_fit_are_refused_with_their_estimate(
    sets: list[str], replications: int, knob: str
) -> None:
    scenario = load_scenario(AIRLINE, sets)
    refusal = run_refusal(scenario, replications, available=MACHINE)
    assert refusal is not None and knob in refusal
    assert "mentions per replication" in refusal and "of memory" in refusal


def test_the_bundled_scenarios_fit_and_their_estimate_is_close_to_a_run() -> None:
    scenario = load_scenario(AIRLINE)
    assert run_refusal(scenario, 10, available=MACHINE) is None
    from sim.engine import simulate

    drawn = len(simulate(scenario).records.kind)
    assert 0.5 * drawn < estimate_run(scenario).mentions < 2 * drawn


def test_the_cli_refuses_a_huge_run_and_a_huge_sweep_with_exit_2() -> None:
    runner = CliRunner()
    huge = runner.invoke(app, ["run", AIRLINE, "--set", "traffic.volume_per_day=2.4e12"])
    assert huge.exit_code == 2 and "would not fit in memory" in huge.output
    sweep = runner.invoke(app, ["sweep", AIRLINE, "--vary", "meta.seed=1..1000000"])
    assert sweep.exit_code == 2 and "1,000,000 values" in sweep.output
    erlang = runner.invoke(app, ["erlang", "--arrivals-per-hour", "1e300", "--aht", "3m", "--target", "20s"])
    assert erlang.exit_code == 2 and "Erlangs of work" in erlang.output


@pytest.mark.parametrize("command", [["run", AIRLINE, "--records"], ["scenario", "schema", "--out"]])
def test_an_output_that_is_a_folder_is_refused_before_the_work(command: list[str], tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [*command, str(tmp_path)])
    assert result.exit_code == 2
    assert "is a folder (expected a file name)" in result.output
    assert "service level" not in result.output  # refused before simulating


def test_csv_cells_that_would_run_as_formulas_are_inert() -> None:
    buffer = io.StringIO()
    InertWriter(buffer).writerow(['=HYPERLINK("x")', "+1", "-cmd", "@SUM(A1)", "plain", -3, 2.5])
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == [
        "'=HYPERLINK(\"x\")", "'+1", "'-cmd", "'@SUM(A1)", "plain", "-3", "2.5",
    ]  # fmt: skip


def test_a_bundled_scenario_loads_by_its_name_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert bundled_path("global_airline") is not None
    assert (
        load_scenario("global_airline").meta.id == load_scenario(bundled_path("global_airline.yaml")).meta.id
    )
    assert bundled_path("../etc/passwd") is None
