"""The bundled drill library: every drill is valid, says what it teaches, and has a committed good and poor
playthrough whose scorecards are pinned by golden files (tests/golden/drills/), so any change in the drills,
the rubric or the customers' reactions shows in review.

The playthroughs run through `carelab drill run --json`, the command trainers use to check a drill. To accept
an intended change: `CARELAB_UPDATE_GOLDEN=1 .venv/bin/pytest tests/trainer/test_drill_library.py`, then read
the diff of tests/golden/drills/ before committing it.
"""

from __future__ import annotations

import json
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sim.cli.main import app
from sim.scenarios import load_scenario

from ..conftest import SCENARIOS
from ..golden import check_golden
from .helpers import PLAYTHROUGHS

DRILLS = sorted((SCENARIOS / "drills").glob("*.yaml"))
NAMES = [path.stem for path in DRILLS]
KINDS = ("good", "poor")
GOOD_AT_LEAST = 85.0
MARGIN = 40.0
"""How far apart a good and a poor playthrough of the same drill must score, at least."""

PRACTICE = re.compile(r"\bBP(\d{2})\b")

STORY_POINTS: dict[str, list[tuple[str, str, str]]] = {
    "official_account": [
        ("m1", "official-assets", "BP18: the answer lacks what was asked for"),
        ("m1", "sign-off", "BP09: unsigned message"),
        ("m2", "no-deflection", "BP05: a redirect with nothing else"),
        ("m3", "listening", "BP14: no listening search found it"),
    ],
    "seen_to_help": [
        ("m1", "in-public", "BP10: only a redirect in public"),
        ("m1", "viral-response", "BP17: no public answer in time"),
        ("m1", "apology-remedy", "BP11: an apology with nothing done about it"),
        ("m3", "not-canned", "BP09: a canned reply"),
        ("m2", "troll-ignored", "BP13: fed a post that needed no answer"),
    ],
    "one_contact": [
        ("m1", "facts", "BP04: the answer lacks what was asked for"),
        ("m1", "no-deflection", "BP05: a redirect with nothing else; sends the customer to office hours"),
        ("m1", "follow-ups", "BP03: a follow-up was ignored"),
        ("m1", "first-response", "BP01: first response 10m late"),
    ],
    "late_booking": [
        ("m1", "urgent-first", "BP13: influence went before urgency"),
        ("m1", "no-deflection", "BP05: a redirect with nothing else; sends the customer to office hours; "
         "a premium-rate number, to a customer abroad"),
        ("m1", "no-repeat", "BP06: asks for what the thread already says"),
        ("m1", "channel-asked", "BP07: didn't ask which channel they prefer"),
        ("m1", "escalation", "BP08: the customer will have to repeat everything"),
        ("m1", "sign-off", "BP09: unsigned message"),
    ],
    "viral_rant": [
        ("m1", "viral-response", "BP17: public answer 15m late"),
        ("m1", "remedy-policy", "BP12: above policy"),
        ("m1", "escalation", "BP08: handed to the wrong team"),
        ("m2", "apology-remedy", "BP11: an apology with nothing done about it"),
    ],
    "morning_backlog": [
        ("b2", "urgent-first", "BP13: influence went before urgency"),
        ("b2", "escalation", "BP08: a case for another team stayed put"),
        ("b3", "listening", "BP14: no listening search found it"),
        ("b4", "warm-thanks", "BP20: warm words without their name or what they wrote about"),
        ("b5", "troll-ignored", "BP13: fed a post that needed no answer"),
    ],
}  # fmt: skip
"""Per drill, what its story is about: criteria the poor playthrough misses (with the reason's opening words)
and the good one does not."""

runner = CliRunner()


def drill_path(name: str) -> Path:
    return SCENARIOS / "drills" / f"{name}.yaml"


def playthrough(name: str, kind: str) -> Path:
    return PLAYTHROUGHS / f"{name}.{kind}.yaml"


@cache
def scorecard(name: str, kind: str) -> dict[str, Any]:
    """`carelab drill run DRILL --script PLAYTHROUGH --json`, in a CareLab home of its own (cached per
    process, so it runs once however many tests read it)."""
    with tempfile.TemporaryDirectory() as home, pytest.MonkeyPatch.context() as patch:
        patch.setenv("CARELAB_HOME", home)
        result = runner.invoke(
            app, ["drill", "run", str(drill_path(name)), "--script", str(playthrough(name, kind)), "--json"]
        )
    assert result.exit_code == 0, result.output
    card: dict[str, Any] = json.loads(result.stdout)
    card.pop("drill_id")
    return card


def verdict(card: dict[str, Any], mention: str, criterion: str) -> dict[str, Any]:
    found = next(m for m in card["mentions"] if m["id"] == mention)
    return next(c for c in found["criteria"] if c["id"] == criterion)


def header(path: Path) -> str:
    """The comment block a drill file opens with."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# "))
    return "\n".join(lines)


def test_the_library_holds_every_story() -> None:
    assert set(NAMES) == set(STORY_POINTS)
    kept = {p.name for p in PLAYTHROUGHS.glob("*.yaml")}
    assert kept == {f"{name}.{kind}.yaml" for name in NAMES for kind in KINDS}


@pytest.mark.parametrize("name", NAMES)
def test_each_drill_validates_and_says_what_it_teaches(name: str) -> None:
    path = drill_path(name)
    result = runner.invoke(app, ["scenario", "validate", str(path)])
    assert result.exit_code == 0, result.output
    scenario = load_scenario(path)
    assert scenario.drill is not None and scenario.drill.mentions
    assert len(scenario.meta.description) >= 80, "the Home screen shows the description"
    text = header(path)
    assert "What it teaches" in text
    practices = {int(n) for n in PRACTICE.findall(text)}
    assert practices and practices <= set(range(1, 21)), practices


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", NAMES)
def test_playthrough_scorecards_match_the_golden_files(name: str, kind: str) -> None:
    check_golden(f"drills/{name}.{kind}", scorecard(name, kind))


@pytest.mark.parametrize("name", NAMES)
def test_good_play_passes_well_and_poor_play_fails(name: str) -> None:
    good, poor = scorecard(name, "good"), scorecard(name, "poor")
    assert good["passed"] and good["score"] >= GOOD_AT_LEAST
    assert not poor["passed"] and poor["score"] < poor["pass_mark"]
    assert good["score"] - poor["score"] >= MARGIN


@pytest.mark.parametrize(
    ("name", "mention", "criterion", "reason"),
    [(name, *point) for name, points in STORY_POINTS.items() for point in points],
)
def test_poor_play_loses_points_for_what_the_story_is_about(
    name: str, mention: str, criterion: str, reason: str
) -> None:
    missed = verdict(scorecard(name, "poor"), mention, criterion)
    assert missed["verdict"] == "missed", missed
    assert missed["reason"].startswith(reason), missed["reason"]
    assert missed["tip"]
    assert verdict(scorecard(name, "good"), mention, criterion)["verdict"] != "missed"


def test_a_viral_rant_found_late_reaches_far_more_people() -> None:
    reach = {kind: verdict_reach(scorecard("viral_rant", kind), "m1") for kind in KINDS}
    assert reach["poor"] > 3 * reach["good"]


def verdict_reach(card: dict[str, Any], mention: str) -> int:
    reach: int = next(m["reach"] for m in card["mentions"] if m["id"] == mention)
    return reach
