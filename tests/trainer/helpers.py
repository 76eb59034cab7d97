"""Shared helpers of the trainer tests: the test drills, sessions on them, scripted steps, verdict lookup."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from sim.scenarios import Scenario, load_scenario
from sim.scenarios.problems import Mark
from sim.scenarios.yaml_source import Loc
from trainer.rubric import Scorecard, Verdict
from trainer.script import LoadedScript, Script, play
from trainer.session import DrillSession

from ..conftest import ROOT

SMALL = Path(__file__).resolve().parent.parent / "data" / "drill_small.yaml"
"""The compact test drill: one mention per situation the rubric judges."""
BUNDLED = ROOT / "scenarios" / "drills" / "late_booking.yaml"
"""The bundled drill built on seed 003 (the traveller abroad at 9 pm)."""
PLAYTHROUGHS = BUNDLED.parent / "playthroughs"
"""The bundled drills' committed good and poor playthroughs, `<drill>.good.yaml` and `<drill>.poor.yaml`."""


@cache
def scenario(path: Path = SMALL) -> Scenario:
    """A drill scenario, loaded once per test process."""
    return load_scenario(path)


def new_session(path: Path = SMALL, seed: int = 7, trainee: str | None = None) -> DrillSession:
    """A fresh session on a test drill."""
    return DrillSession(scenario(path), rng=np.random.default_rng(seed), trainee=trainee)


def steps(items: list[dict[str, Any]]) -> LoadedScript:
    """Script steps written inline, as a script file would hold them."""
    return LoadedScript(Script.model_validate({"steps": items}), Loc(Mark("inline")))


def run(items: list[dict[str, Any]], path: Path = SMALL, seed: int = 7) -> tuple[DrillSession, Scorecard]:
    """Play steps (none: the trainee does nothing) to the drill's end and score it."""
    session = new_session(path, seed)
    play(steps(items or [{"at": "0m"}]), session)
    session.advance_to(session.drill.length)
    return session, session.finish()


def verdict(card: Scorecard, mention: str | None, criterion: str) -> Verdict:
    """A criterion's verdict on a mention (None: the shift's)."""
    pool = card.shift if mention is None else next(m for m in card.mentions if m.id == mention).criteria
    return next(v for v in pool if v.id == criterion)
