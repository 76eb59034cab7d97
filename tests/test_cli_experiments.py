"""`carelab compare`, `sweep` and `staff` as a manager types them: tables, JSON, CSV, reports, clear errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from sim.cli.main import app
from tests.conftest import SCENARIOS

AIRLINE = str(SCENARIOS / "whatif" / "global_airline.yaml")
STATIONARY = str(SCENARIOS / "validation" / "stationary.yaml")
SHORT = ["--set", "meta.duration=2d", "--set", "meta.warmup=6h", "--workers", "2"]
runner = CliRunner()


def test_compare_prints_a_table_of_variants_with_intervals() -> None:
    result = runner.invoke(app, ["compare", AIRLINE, "--variants", "no-listening", "-r", "2", *SHORT])
    assert result.exit_code == 0, result.output
    assert "base" in result.output and "no-listening" in result.output
    assert "complaint: replied within 1h" in result.output
    assert "untagged: answered at all" in result.output
    assert "±" in result.output


def test_compare_json_has_every_figure_per_variant(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["compare", AIRLINE, "--variants", "business-hours", "-r", "2", "--json", *SHORT]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["labels"] == ["base", "business-hours"]
    figure = data["figures"]["business-hours"]["kind.complaint.service_level"]
    assert figure["n"] == 2 and figure["low"] <= figure["mean"] <= figure["high"]


def test_compare_writes_a_self_contained_report_and_charts(tmp_path: Path) -> None:
    report, plots = tmp_path / "report.html", tmp_path / "plots"
    args = ["compare", AIRLINE, "--variants", "business-hours", "-r", "2", "--report", str(report)]
    result = runner.invoke(app, [*args, "--plots", str(plots), *SHORT])
    assert result.exit_code == 0, result.output
    page = report.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") >= 4  # charts are inside the page, not beside it
    assert "business-hours" in page
    assert sorted(p.suffix for p in plots.iterdir()) == [".png"] * len(list(plots.iterdir()))
    assert len(list(plots.iterdir())) >= 4


def test_compare_names_an_unknown_variant() -> None:
    result = runner.invoke(app, ["compare", AIRLINE, "--variants", "night-shift", *SHORT])
    assert result.exit_code != 0
    assert "night-shift" in result.output
    assert "Traceback" not in result.output


def test_sweep_writes_csv_with_intervals(tmp_path: Path) -> None:
    out = tmp_path / "sweep.csv"
    args = ["sweep", STATIONARY, "--vary", "staffing.teams.desk.shifts.0.agents=6..8", "-r", "2"]
    result = runner.invoke(app, [*args, "--out", str(out), *SHORT])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["staffing.teams.desk.shifts.0.agents"] for r in rows] == ["6", "7", "8"]
    levels = [float(r["kind.question.service_level"]) for r in rows]
    assert levels == sorted(levels)  # more agents, more answered in time
    assert all(float(r["cost.low"]) <= float(r["cost"]) <= float(r["cost.high"]) for r in rows)


def test_sweep_rejects_a_path_that_is_not_in_the_scenario() -> None:
    result = runner.invoke(app, ["sweep", STATIONARY, "--vary", "staffing.teams.desk.agentz=1..2", *SHORT])
    assert result.exit_code != 0
    assert "agentz" in result.output
    assert "Traceback" not in result.output
