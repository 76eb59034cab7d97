"""The bundled drill (seed 003's traveller abroad) played well and badly: far apart, for the stated reasons."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sim.cli.main import app

from .helpers import BUNDLED, PLAYTHROUGHS

runner = CliRunner()
GOOD = PLAYTHROUGHS / "late_booking.good.yaml"
BAD = PLAYTHROUGHS / "late_booking.poor.yaml"


def play(script: Path, home: Path) -> dict[str, Any]:
    """One playthrough, stored in its own CareLab home: module-scoped fixtures run before the autouse
    fixture that isolates each test's home, so they must keep out of the user's history themselves."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CARELAB_HOME", str(home))
        result = runner.invoke(app, ["drill", "run", str(BUNDLED), "--script", str(script), "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return play(GOOD, tmp_path_factory.mktemp("home"))


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return play(BAD, tmp_path_factory.mktemp("home"))


def criterion(card: dict[str, Any], mention: str, criterion_id: str) -> dict[str, Any]:
    found = next(m for m in card["mentions"] if m["id"] == mention)
    return next(c for c in found["criteria"] if c["id"] == criterion_id)


def test_scores_far_apart(good: dict[str, Any], bad: dict[str, Any]) -> None:
    assert good["score"] >= 90 and good["passed"] and good["tier"] == "gold"
    assert bad["score"] <= 35 and not bad["passed"] and bad["tier"] == "none"
    assert good["score"] - bad["score"] >= 60


def test_the_json_shape(good: dict[str, Any]) -> None:
    assert {"drill_id", "score", "passed", "tier", "mentions", "reach"} <= set(good)
    first = good["mentions"][0]
    assert {"id", "first_response_minutes", "score", "criteria"} <= set(first)
    assert {"id", "verdict", "evidence", "reason", "tip"} <= set(first["criteria"][0])
    assert first["first_response_minutes"] == 1.0


@pytest.mark.parametrize(
    ("mention", "criterion_id", "reason"),
    [
        ("m1", "urgent-first", "BP13: influence went before urgency"),
        ("m1", "no-repeat", "BP06: asks for what the thread already says"),
        ("m1", "no-deflection", "BP05: a redirect with nothing else"),
        ("m1", "privacy", "BP10: personal data"),
        ("m1", "escalation", "BP08: the customer will have to repeat everything"),
        ("m2", "apology-remedy", "BP11: scripted empathy"),
        ("m2", "remedy-policy", "BP12: above policy"),
        ("m2", "channel-asked", "BP07: didn't ask their channel first"),
        ("m2", "viral-response", "BP17: no public answer in time"),
        ("m3", "official-assets", "BP18: the answer lacks what was asked for"),
        ("m4", "listening", "BP14: no listening search found it"),
        ("m5", "no-abuse", "BP20: an insult or profanity"),
        ("m6", "facts", "BP04: the answer lacks what was asked for"),
    ],
)
def test_the_bad_playthrough_misses_for_the_stated_reasons(
    bad: dict[str, Any], good: dict[str, Any], mention: str, criterion_id: str, reason: str
) -> None:
    missed = criterion(bad, mention, criterion_id)
    assert missed["verdict"] == "missed"
    assert missed["reason"].startswith(reason)
    assert missed["tip"]
    assert criterion(good, mention, criterion_id)["verdict"] != "missed"


def test_tips_come_from_the_drill(bad: dict[str, Any]) -> None:
    assert criterion(bad, "m1", "no-deflection")["tip"].startswith("Answer the question she asked")
    hours = next(c for c in bad["shift"] if c["id"] == "hours-notice")
    assert hours["verdict"] == "missed" and hours["tip"].startswith("Before 22:00")


def test_the_premium_number_to_someone_abroad_is_named(bad: dict[str, Any]) -> None:
    m1 = next(m for m in bad["mentions"] if m["id"] == "m1")
    assert m1["fatal_breach"] and m1["score"] == 0
    texts = [c["evidence"] for c in m1["criteria"]]
    assert any(bad["variables"]["booking"] in t for t in texts)


def test_an_ignored_viral_complaint_reaches_more(good: dict[str, Any], bad: dict[str, Any]) -> None:
    reach = {
        card_id: {m["id"]: m["reach"] for m in card["mentions"]}
        for card_id, card in (("g", good), ("b", bad))
    }
    assert reach["b"]["m2"] > reach["g"]["m2"] >= 48_200
    assert bad["reach"] > good["reach"]


def test_the_human_scorecard_names_the_tiers_and_reasons() -> None:
    result = runner.invoke(app, ["drill", "run", str(BUNDLED), "--script", str(BAD)])
    assert result.exit_code == 0, result.output
    assert "NOT PASSED" in result.stdout
    assert "BP05" in result.stdout and "0 (fatal)" in result.stdout
