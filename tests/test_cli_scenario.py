"""`carelab scenario ...` and the command line's conventions: help with examples, clean errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from sim.cli.main import app
from sim.scenarios import load_scenario
from sim.scenarios.reference import scenario_reference
from sim.scenarios.schema import scenario_json_schema

from .conftest import ROOT, SCENARIOS
from .helpers import MINIMAL

runner = CliRunner()


def test_committed_schema_is_current() -> None:
    committed = json.loads((SCENARIOS / "scenario.schema.json").read_text(encoding="utf-8"))
    assert committed == scenario_json_schema(), (
        "run: carelab scenario schema --out scenarios/scenario.schema.json"
    )


def test_committed_reference_is_current() -> None:
    committed = (ROOT / "docs" / "scenario-reference.md").read_text(encoding="utf-8")
    assert committed == scenario_reference() + "\n", (
        "run: carelab scenario reference --out docs/scenario-reference.md"
    )


def test_schema_describes_fields_from_their_docstrings() -> None:
    schema = scenario_json_schema()
    team = schema["$defs"]["Team"]["properties"]
    assert "Conversations an agent can hold at once" in team["concurrency"]["description"]
    assert schema["$defs"]["Team"]["additionalProperties"] is False


BUNDLED_SCENARIOS = sorted(p for p in SCENARIOS.rglob("*.yaml") if "playthroughs" not in p.parts)
"""Every bundled scenario; the drills' scripted playthroughs are scripts, run by test_drill_library."""


@pytest.mark.parametrize("path", BUNDLED_SCENARIOS, ids=lambda p: p.name)
def test_bundled_scenarios_validate(path: Path) -> None:
    result = runner.invoke(app, ["scenario", "validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok ")


def test_validate_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("title: Tiny", "titel: Tiny").replace("agents: 2", "agents: -1"))
    result = runner.invoke(app, ["scenario", "validate", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:3:3: meta.titel: unknown key 'titel' (did you mean 'title'?)" in result.output
    assert "agents: got -1 (expected a number at least 0)" in result.output
    assert "Traceback" not in result.output


def test_show_fills_defaults_and_applies_set(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(MINIMAL)
    result = runner.invoke(app, ["scenario", "show", str(path), "--json", "--set", "meta.seed=9"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["meta"]["seed"] == 9
    assert data["policies"]["triage"]["policy"] == "fifo"
    assert data["staffing"]["teams"][0]["shifts"][0] == {
        "start": "09:00", "end": "17:00", "days": "mon-fri", "agents": 2,
    }  # fmt: skip
    shown = runner.invoke(app, ["scenario", "show", str(path)])
    assert yaml.safe_load(shown.stdout)["meta"]["duration"] == "1w"


@pytest.mark.parametrize("kind", ["whatif", "drill"])
def test_new_writes_a_valid_commented_template(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "ideas" / "night-shift"
    result = runner.invoke(app, ["scenario", "new", str(target), "--kind", kind])
    assert result.exit_code == 0, result.output
    written = target.with_suffix(".yaml")
    text = written.read_text()
    assert text.startswith("# yaml-language-server: $schema=scenario.schema.json")
    assert (written.parent / "scenario.schema.json").exists()
    scenario = load_scenario(written)
    assert scenario.meta.id == "night-shift"
    again = runner.invoke(app, ["scenario", "new", str(target)])
    assert again.exit_code == 2
    assert "exists (use --force to overwrite it)" in again.output


def test_every_command_explains_itself_with_an_example() -> None:
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    commands = [name for name in ("scenario", "erlang", "run", "traffic", "compare", "sweep", "staff", "drill")
                if f" {name} " in top.output]  # fmt: skip
    assert "scenario" in commands
    for path in (["scenario", "validate"], ["scenario", "show"], ["scenario", "schema"], ["scenario", "new"],
                 ["scenario", "reference"],
                 *[[c] for c in commands if c not in ("scenario", "drill")]):  # fmt: skip
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Example:" in result.output, path


def test_python_m_sim_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sim", "scenario", "validate", str(SCENARIOS / "validation/stationary.yaml")],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout
