"""Backtest: a scenario set against a history drawn from it agrees in volume and in response times."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from sim.history.backtest import Backtest, backtest, ks_distance
from sim.history.fitting import fit_history
from sim.history.importing import import_log
from sim.history.synthetic import write_run_log
from sim.scenarios import load_scenario

from .test_history import history_cli

runner = CliRunner()
DESK = """\
meta:
  id: desk
  title: A two-region desk
  seed: 4
  start: 2026-03-02
  duration: 14d
brand:
  name: Desk Co
regions:
  - name: UK
    timezone: Europe/London
    volume_per_day: 2800
  - name: India
    timezone: Asia/Kolkata
    volume_per_day: 1400
    curve: office
viral:
  enabled: false
staffing:
  teams:
    - name: desk
      timezone: Europe/London
      shifts:
        - {start: "07:00", end: "23:00", days: daily, agents: 24}
        - {start: "23:00", end: "07:00", days: daily, agents: 18}
targets:
  - {kind: all, within: 1h, share: 0.9}
"""


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The scenario, and a log of what its desk did in a replication the backtest does not run."""
    folder = tmp_path_factory.mktemp("backtest")
    scenario = folder / "desk.yaml"
    scenario.write_text(DESK, encoding="utf-8")
    write_run_log(load_scenario(scenario), folder / "log.csv", replication=9)
    return scenario, folder / "log.csv"


@pytest.fixture(scope="module")
def result(drawn: tuple[Path, Path]) -> Backtest:
    scenario, log = drawn
    return backtest(load_scenario(scenario), import_log(log)[0], replications=2)


def test_a_scenario_matches_a_history_drawn_from_it(result: Backtest) -> None:
    assert result.volume_mape < 0.10
    assert result.response_ks < 0.05
    assert result.overall.simulated.posts == pytest.approx(result.overall.actual.posts, rel=0.03)
    for row in result.by_region:
        assert row.simulated.p90 == pytest.approx(row.actual.p90, rel=0.15)
        assert row.simulated.within_target == pytest.approx(row.actual.within_target, abs=0.03)
    assert [r.group for r in result.by_region] == ["UK", "India"] and len(result.by_day) == 14


def test_a_different_desk_is_told_apart(drawn: tuple[Path, Path]) -> None:
    scenario, log = drawn
    thin = load_scenario(scenario, ["staffing.teams.desk.shifts.0.agents=12"])
    assert backtest(thin, import_log(log)[0], replications=1).response_ks > 0.2


def test_ks_distance_is_the_largest_gap_between_distributions() -> None:
    assert ks_distance(np.asarray([1.0, 2.0, 3.0]), np.asarray([1.0, 2.0, 3.0, np.nan])) == 0
    assert ks_distance(np.asarray([1.0, 2.0]), np.asarray([3.0, 4.0])) == 1
    assert ks_distance(np.asarray([1.0, 2.0, 3.0, 4.0]), np.asarray([3.0, 4.0])) == 0.5


def test_the_backtest_command_prints_80_columns_json_and_a_chart(
    drawn: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario, log = drawn
    app = history_cli()
    monkeypatch.setenv("COLUMNS", "80")
    chart = tmp_path / "backtest.png"
    args = ["backtest", str(scenario), "--history", str(log), "-r", "1", "--set", "meta.seed=5"]
    table = runner.invoke(app, [*args, "--plot", str(chart)])
    assert table.exit_code == 0, table.output
    assert max(len(line) for line in table.stdout.splitlines()) <= 80
    assert "volume MAPE by hour of week" in table.stdout and "India" in table.stdout
    assert chart.read_bytes()[:4] == b"\x89PNG"
    data = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert data["volume_mape_by_hour_of_week"] < 0.1 and len(data["by_kind"]) == 5


def test_a_history_with_regions_the_scenario_lacks_exits_2(drawn: tuple[Path, Path], tmp_path: Path) -> None:
    scenario, _ = drawn
    log = tmp_path / "other.csv"
    log.write_text("created_at,region,timezone\n2026-03-02T09:00:00Z,Mars,UTC\n", encoding="utf-8")
    app = history_cli()
    result = runner.invoke(app, ["backtest", str(scenario), "--history", str(log)])
    assert result.exit_code == 2
    assert "region(s) Mars are not in the scenario (regions: UK, India)" in " ".join(result.output.split())


def test_handle_times_are_estimated_from_first_responses(drawn: tuple[Path, Path]) -> None:
    scenario_path, log = drawn
    team = load_scenario(scenario_path).staffing.teams[0]
    fit = fit_history(import_log(log)[0])
    for kind in ("complaint", "question", "praise"):
        found, true = fit.handle_times[kind], team.handle_time_for(kind)
        assert found.mean == pytest.approx(true.mean, rel=0.1), kind
        assert found.cv == pytest.approx(true.cv, abs=0.1), kind
    out = log.parent / "fitted.yaml"
    result = runner.invoke(history_cli(), ["fit", str(log), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = load_scenario(out).staffing.teams[0].handle_time
    assert written["question"].mean == pytest.approx(fit.handle_times["question"].mean, abs=0.01)
    assert "an estimate from the history" in out.read_text(encoding="utf-8")
