"""History in SQLite: actions kept as they happen, resume by replay, and a drill killed mid-way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sim.cli.main import app
from trainer import drills
from trainer.rubric import proficiency
from trainer.script import load_script, play
from trainer.store import DB_NAME, Store, home

from ..conftest import ROOT
from .helpers import BUNDLED, PLAYTHROUGHS, SMALL, scenario

runner = CliRunner()
GOOD = PLAYTHROUGHS / "late_booking.good.yaml"


def test_the_store_lives_under_carelab_home(tmp_path: Path) -> None:
    assert home() == tmp_path / "carelab-home"
    with Store() as store:
        assert store.path == home() / DB_NAME
        assert store.drills() == []


def test_every_action_is_kept_as_it_happens() -> None:
    with Store() as store:
        drill_id, session = drills.start(scenario(), SMALL, store)
        session.advance_to(4)
        session.reply("u1", "Checking - Alex")
        assert [json.loads(p)["type"] for p in store.actions(drill_id)] == ["reply"]
        session.advance_to(9)
        row = store.drill(drill_id)
        assert row is not None and row.clock == 9.0 and row.status == "in progress"
        assert row.trainee == "Alex Brown" and row.seed == 7


def test_resume_rebuilds_the_same_drill() -> None:
    loaded = load_script(GOOD)
    bundled = scenario(BUNDLED)
    with Store() as store:
        _, straight = drills.start(bundled, BUNDLED, store)
        play(loaded, straight)
        drill_id, interrupted = drills.start(bundled, BUNDLED, store)
        for step in loaded.script.steps[:7]:
            step.perform(interrupted)
        resumed = drills.resume(drill_id, store)
        assert resumed.record() == interrupted.record()
        play(loaded, resumed)
        assert resumed.record() == straight.record()
        assert resumed.finish().to_json() == straight.finish().to_json()
        assert len(store.actions(drill_id)) == len(straight.actions)


def test_resume_refuses_unknown_finished_and_changed_drills(tmp_path: Path) -> None:
    copy = tmp_path / "drill.yaml"
    copy.write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    with Store() as store:
        with pytest.raises(drills.DrillError, match="no drill 99"):
            drills.resume(99, store)
        done_id, done = drills.start(scenario(), SMALL, store)
        done.finish()
        with pytest.raises(drills.DrillError, match="is finished"):
            drills.resume(done_id, store)
        changed_id, _ = drills.start(scenario(), copy, store)
        copy.write_text(copy.read_text(encoding="utf-8").replace("length: 60m", "length: 50m"))
        with pytest.raises(drills.DrillError, match="changed since"):
            drills.resume(changed_id, store)


def test_proficiency_weighs_recent_drills_more() -> None:
    history = [
        {"BP05": (0.0, 2.0)},
        {"BP05": (0.0, 2.0)},
        {"BP05": (2.0, 2.0)},
        {"BP05": (2.0, 2.0), "BP01": (3.0, 3.0)},
    ]
    levels = {p.practice: p for p in proficiency(history)}
    assert levels["BP05"].score > 50  # an average of all four would be exactly 50
    assert levels["BP05"].drills == 4 and levels["BP05"].latest == 100
    assert levels["BP01"].level == "excellent"


_DRIVER = """
import sys
from pathlib import Path
from sim.scenarios import load_scenario
from trainer import drills
from trainer.script import load_script
from trainer.store import Store

path, script = Path(sys.argv[1]), load_script(Path(sys.argv[2]))
drill_id, session = drills.start(load_scenario(path), path, Store(), trainee=script.script.trainee)
print(f"drill {drill_id}", flush=True)
for index, step in enumerate(script.script.steps):
    sys.stdin.readline()  # the test decides when the next step is taken
    step.perform(session)
    print(f"step {index}", flush=True)
sys.stdin.readline()
"""


def test_a_drill_killed_mid_way_resumes_with_every_action_kept() -> None:
    steps_before_kill = 9
    driver = subprocess.Popen(
        [sys.executable, "-c", _DRIVER, str(BUNDLED), str(GOOD)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=os.environ.copy(),
    )
    assert driver.stdin is not None and driver.stdout is not None
    try:
        drill_id = int(driver.stdout.readline().split()[1])
        for index in range(steps_before_kill):
            driver.stdin.write("\n")
            driver.stdin.flush()
            assert driver.stdout.readline().strip() == f"step {index}"
    finally:
        driver.send_signal(signal.SIGKILL)
        driver.wait(timeout=10)
    assert driver.returncode == -signal.SIGKILL

    played = load_script(GOOD).script.steps[:steps_before_kill]
    with Store() as store:
        kept = [json.loads(p)["type"] for p in store.actions(drill_id)]
        assert kept == [s.action for s in played if s.action is not None]
        assert store.drill(drill_id).clock == 15.0  # type: ignore[union-attr]

    standing = runner.invoke(app, ["drill", "resume", str(drill_id), "--json"])
    assert standing.exit_code == 0, standing.output
    assert json.loads(standing.stdout)["actions"] == len(kept)

    resumed = runner.invoke(app, ["drill", "resume", str(drill_id), "--script", str(GOOD), "--json"])
    straight = runner.invoke(app, ["drill", "run", str(BUNDLED), "--script", str(GOOD), "--json"])
    assert resumed.exit_code == 0, resumed.output
    first, second = json.loads(resumed.stdout), json.loads(straight.stdout)
    assert first.pop("drill_id") == drill_id
    second.pop("drill_id")
    assert first == second
