"""`carelab drill ...`: located script errors, history, resume, and help with examples."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sim.cli.main import app

from ..helpers import MINIMAL
from .helpers import SMALL

runner = CliRunner()


def script(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "steps.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def drill(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["drill", *args])
    return result.exit_code, result.stdout, result.stderr


def test_script_errors_are_located_like_scenario_errors(tmp_path: Path) -> None:
    path = script(
        tmp_path,
        "steps:\n  - at: 3\n    open: q1\n  - reply: {to: q1, txt: hi}\n  - ignore: t1\n    resolve: t1\n",
    )
    code, _, err = drill("run", str(SMALL), "--script", str(path))
    assert code == 2
    assert f"{path}:2:9: steps.0.at: a duration needs a unit: write 3m or 3s" in err
    assert f"{path}:4:21: steps.1.reply.txt: unknown key 'txt' (did you mean 'text'?)" in err
    assert f"{path}:5:5: steps.2: one action per step (this one has ignore, resolve)" in err
    assert "Traceback" not in err


def test_a_bare_list_of_steps_is_pointed_at_the_steps_key(tmp_path: Path) -> None:
    path = script(tmp_path, "- at: 3m\n  open: q1\n")
    code, _, err = drill("run", str(SMALL), "--script", str(path))
    assert code == 2
    assert f"{path}:1:1: the top level is a list (expected a mapping with `steps:`" in err


def test_unknown_mentions_and_teams_are_refused_before_playing(tmp_path: Path) -> None:
    path = script(tmp_path, "steps:\n  - open: q1\n  - escalate: {to: zz, team: legal}\n")
    code, _, err = drill("run", str(SMALL), "--script", str(path))
    assert code == 2
    assert f"{path}:3:5: steps.1: no mention 'zz' in this drill" in err
    assert f"{path}:3:5: steps.1: no team 'legal' (orders, refunds)" in err
    assert drill("history")[1].startswith("no drills yet")


def test_steps_out_of_time_order_are_refused(tmp_path: Path) -> None:
    path = script(tmp_path, "steps:\n  - at: 10m\n  - at: 5m\n    open: q1\n")
    code, _, err = drill("run", str(SMALL), "--script", str(path))
    assert code == 2
    assert f"{path}:3:9: steps.1.at: goes back in time" in err


def test_a_step_the_drill_refuses_stops_the_run_and_keeps_the_drill(tmp_path: Path) -> None:
    path = script(
        tmp_path, "steps:\n  - at: 9m\n    open: q1\n  - reply: {to: p1, text: 'Thanks Jen! - Alex'}\n"
    )
    code, _, err = drill("run", str(SMALL), "--script", str(path))
    assert code == 2
    assert f"{path}:4:5: steps.1: 'p1' is not in the inbox" in err
    assert "carelab drill resume 1 --script FILE" in err
    fixed = script(
        tmp_path,
        "steps:\n  - at: 9m\n    open: q1\n  - listen: true\n  - reply: {to: p1, text: 'Thanks Jen! - Alex'}\n",
    )
    code, out, _ = drill("resume", "--script", str(fixed), "--json")
    assert code == 0, out
    assert json.loads(out)["drill_id"] == 1


def test_a_scenario_without_a_drill_is_refused(tmp_path: Path) -> None:
    scenario = tmp_path / "whatif.yaml"
    scenario.write_text(MINIMAL, encoding="utf-8")
    path = script(tmp_path, "steps:\n  - at: 1m\n")
    code, _, err = drill("run", str(scenario), "--script", str(path))
    assert code == 2
    assert "has no `drill` section" in err


def test_history_lists_drills_with_csv_and_proficiency(tmp_path: Path) -> None:
    good = script(
        tmp_path,
        "trainee: Jo\nsteps:\n  - at: 3m\n    reply: {to: q1, text: 'Dana Reyes, dana.reyes@acme.example - Jo'}\n",
    )
    for _ in range(2):
        assert drill("run", str(SMALL), "--script", str(good))[0] == 0
    assert drill("run", str(SMALL), "--script", str(good), "--trainee", "Kim")[0] == 0
    code, out, _ = drill("history", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["trainee"] for r in rows] == ["Jo", "Jo", "Kim"]
    assert {r["status"] for r in rows} == {"finished"}
    code, out, _ = drill("history", "--trainee", "Jo")
    assert code == 0
    assert "Proficiency of Jo" in out and "BP04" in out


def test_resume_without_an_unfinished_drill_says_so() -> None:
    code, _, err = drill("resume")
    assert code == 2
    assert "no unfinished drill" in err


def test_resume_shows_where_a_drill_stands(tmp_path: Path) -> None:
    path = script(
        tmp_path,
        "steps:\n  - at: 4m\n    reply: {to: u1, text: 'Checking - Alex'}\n  - reply: {to: b1, text: x}\n",
    )
    assert drill("run", str(SMALL), "--script", str(path))[0] == 2
    code, out, err = drill("resume")
    assert code == 0
    assert "clock 4m of 1h (17:34 local), 1 actions so far" in out
    assert "u1" in out and "continue with: carelab drill resume 1" in err


@pytest.mark.parametrize("command", [[], ["run"], ["resume"], ["history"]])
def test_help_has_examples(command: list[str]) -> None:
    result = runner.invoke(app, ["drill", *command, "--help"])
    assert result.exit_code == 0
    if command:
        assert "Example:" in result.output
    else:
        assert "run" in result.output and "history" in result.output and "resume" in result.output


@pytest.mark.parametrize(
    ("args", "trainee"),
    [
        ([], None),
        (["FILE"], None),
        (["FILE", "--trainee", "Kim"], "Kim"),
        (["--trainee", "Kim", "FILE"], "Kim"),
        (["-t", "Kim"], "Kim"),
    ],
)
def test_drill_without_a_command_opens_the_app(
    args: list[str], trainee: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`carelab drill [--trainee NAME] [FILE...]` opens the app, whichever order the words come in."""
    from trainer import cli

    opened: list[tuple[list[Path], str | None]] = []
    monkeypatch.setattr(cli, "_open_app", lambda files, name: opened.append((files, name)))
    words = [str(SMALL) if a == "FILE" else a for a in args]
    code, _, err = drill(*words)
    assert code == 0, err
    files = [SMALL] if "FILE" in args else []
    assert opened == [(files, trainee)]
