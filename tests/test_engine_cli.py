"""`carelab run`: the table a manager reads, JSON for programs, the per-mention CSV, replications."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from sim.cli import run_cmd
from sim.scenarios import KINDS

from .conftest import SCENARIOS

STATIONARY = str(SCENARIOS / "validation" / "stationary.yaml")
SHORT = ["--set", "meta.duration=2d", "--set", "meta.warmup=2h"]
runner = CliRunner()


@pytest.fixture
def app() -> typer.Typer:
    """A `carelab` with only `run`, on the real traffic generator and engine."""
    cli = typer.Typer()
    cli.callback()(lambda: None)
    run_cmd.register(cli)
    return cli


def _invoke(app: typer.Typer, *args: str) -> Any:
    result = runner.invoke(app, ["run", STATIONARY, *SHORT, *args])
    assert result.exit_code == 0, result.output
    return result


def test_run_prints_a_table_per_kind_and_the_desk(app: typer.Typer) -> None:
    output = _invoke(app).output
    for text in ("question", "target", "p90", "occupancy", "cost", "reach"):
        assert text in output


def test_json_gives_flat_figures_for_one_run(app: typer.Typer) -> None:
    data = json.loads(_invoke(app, "--json").stdout)
    assert data["replications"] == 1
    assert 0 <= data["figures"]["kind.question.service_level"] <= 1
    assert data["figures"]["all.mentions"] > 0


def test_several_replications_give_means_with_intervals(app: typer.Typer) -> None:
    data = json.loads(_invoke(app, "--json", "--replications", "3", "--seed", "11").stdout)
    assert data["seed"] == 11
    level = data["figures"]["all.service_level"]
    assert level["n"] == 3 and level["low"] <= level["mean"] <= level["high"]
    assert len(data["runs"]) == 3
    assert "±" in _invoke(app, "--replications", "2").output


def test_records_csv_has_one_row_per_mention_and_names_not_codes(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    data = json.loads(_invoke(app, "--json", "--records", str(path)).stdout)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == data["figures"]["all.mentions"] + sum(1 for r in rows if float(r["arrival"]) < 120)
    assert {r["kind"] for r in rows} <= set(KINDS)
    assert {r["outcome"] for r in rows} <= {"answered", "abandoned", "ignored", "open"}
    assert rows[0]["replication"] == "0"


def test_a_bad_file_is_a_located_error_not_a_traceback(app: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(Path(STATIONARY).read_text(encoding="utf-8").replace("agents: 8", "agents: -8"))
    result = runner.invoke(app, ["run", str(bad)])
    assert result.exit_code == 2
    assert "agents" in result.output and "Traceback" not in result.output


def test_help_shows_an_example(app: typer.Typer) -> None:
    assert "Example:" in runner.invoke(app, ["run", "--help"]).output
