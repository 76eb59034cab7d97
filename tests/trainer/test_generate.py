"""`carelab drill generate`: drills cut from a what-if's simulated traffic validate, play headless, tell good
handling from poor across seeds, differ by seed, and refuse a window outside the horizon."""

from __future__ import annotations

import statistics
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from sim.cli.main import app
from sim.scenarios import Scenario, load_scenario
from sim.scenarios.drill import Drill, DrillMention
from sim.scenarios.units import parse_duration
from trainer.generate import generate_drill, parse_window, write_drill
from trainer.rubric import Scorecard
from trainer.session import DrillSession

from ..conftest import ROOT

AIRLINE = ROOT / "scenarios" / "whatif" / "global_airline.yaml"
RETAIL = ROOT / "scenarios" / "whatif" / "retail_holiday_peak.yaml"
runner = CliRunner()


@cache
def whatif(path: Path) -> Scenario:
    return load_scenario(path)


def generated(tmp_path: Path, seed: int, difficulty: str = "normal", source: Path = AIRLINE) -> Scenario:
    """A generated drill, written to a file and loaded back as any drill file is."""
    scenario = whatif(source)
    window = parse_window(scenario, "Tue 10:00 Europe/London", 45.0)
    out = tmp_path / f"drill-{seed}-{difficulty}.yaml"
    write_drill(generate_drill(scenario, window, difficulty, seed), out, source)  # type: ignore[arg-type]
    return load_scenario(out)


def _first_name(mention: DrillMention) -> str:
    return mention.author.name.split()[0]


def _good_reply(drill: Drill, mention: DrillMention) -> str:
    """A reply written against the mention's expectations: its facts, the remedy inside policy, warmth."""
    name = _first_name(mention)
    parts = [f"{name},"]
    if mention.kind in ("complaint", "urgent"):
        parts.append("I'm sorry about this, that is not good enough.")
    for fact in mention.expect.facts:
        entry = drill.entry(fact)
        parts.append(f"I've checked for you: {entry.text}")
    if mention.expect.remedy is not None:
        limit = drill.entry(mention.expect.remedy).max_compensation or 0
        parts.append(
            f"I've added a {limit / 2:g} {drill.currency} voucher to your account as our policy allows."
        )
    if mention.kind == "praise":
        parts.append(
            f"thank you so much for your kind words about '{mention.text[:40]}', we'll pass them on!"
        )
    elif mention.kind == "question" and not mention.expect.facts:
        parts.append(f"good question about '{mention.text[:40]}': yes, here is how it works for your trip.")
    parts.append("^AL")
    return " ".join(parts)


def play_good(scenario: Scenario, seed: int) -> Scorecard:
    """Urgent posts first, every post answered within minutes from the knowledge base, spam ignored."""
    session = DrillSession(scenario, rng=np.random.default_rng(seed), trainee="Alex")
    drill = session.drill
    ordered = sorted(drill.mentions, key=lambda m: (m.at, m.kind != "urgent"))
    for mention in ordered:
        session.advance_to(max(session.now, mention.at + 0.5))
        if not mention.tagged:
            session.listen()
        if mention.kind == "spam":
            session.ignore(mention.id)
            continue
        session.open(mention.id)
        for fact in mention.expect.facts:
            session.lookup(drill.entry(fact).title)
        session.reply(mention.id, _good_reply(drill, mention))
    _answer_follow_ups(session)
    session.advance_to(drill.length)
    return session.finish()


def _answer_follow_ups(session: DrillSession) -> None:
    """Answer whatever the customers wrote back, until the drill ends."""
    while session.now < session.drill.length - 1:
        session.advance(1.0)
        for item in session.inbox():
            if item.waiting is not None and item.kind != "spam":
                session.reply(
                    item.id, f"{item.name.split()[0]}, thanks for coming back to us, glad to help. ^AL"
                )


def play_poor(scenario: Scenario, seed: int) -> Scorecard:
    """Late, canned, unsigned deflections to everyone, trolls included."""
    session = DrillSession(scenario, rng=np.random.default_rng(seed), trainee="Alex")
    drill = session.drill
    session.advance_to(min(drill.length - 1, 25.0))
    for mention in drill.mentions:
        session.advance_to(max(session.now, mention.at + 0.1))
        if mention.tagged:
            session.reply(mention.id, "Please DM us.")
    session.advance_to(drill.length)
    return session.finish()


def test_generated_drills_validate_and_good_handling_scores_well_above_poor(tmp_path: Path) -> None:
    good, poor = [], []
    for seed in range(20):
        scenario = generated(tmp_path, seed)
        assert scenario.drill is not None and scenario.drill.mentions
        good.append(play_good(scenario, seed).score)
        poor.append(play_poor(scenario, seed).score)
    assert statistics.mean(good) >= 75, good
    assert statistics.mean(poor) <= 50, poor
    assert min(g - p for g, p in zip(good, poor, strict=True)) >= 25, (good, poor)


def test_two_seeds_give_different_posts_and_one_seed_the_same(tmp_path: Path) -> None:
    def texts(seed: int) -> list[str]:
        drill = generated(tmp_path, seed).drill
        assert drill is not None
        return [m.text for m in drill.mentions]

    assert texts(3) == texts(3)
    assert set(texts(3)).isdisjoint(texts(4)) or texts(3) != texts(4)
    assert len(set(texts(3)) & set(texts(4))) < len(texts(3)) / 2


def test_difficulty_moves_volume_urgency_and_patience(tmp_path: Path) -> None:
    def stats(difficulty: str) -> tuple[float, float, float]:
        counts, urgent, patience = [], [], 0.0
        for seed in range(5):
            drill = generated(tmp_path, seed, difficulty).drill
            assert drill is not None
            counts.append(len(drill.mentions))
            urgent.append(sum(m.kind in ("urgent", "spam") for m in drill.mentions) / len(drill.mentions))
            patience = drill.reactions.patience["complaint"]
        return statistics.mean(counts), statistics.mean(urgent), patience

    easy, hard = stats("easy"), stats("hard")
    assert hard[0] > 2 * easy[0]
    assert hard[1] > easy[1]
    assert hard[2] < easy[2]


def test_records_match_the_posts_that_quote_them(tmp_path: Path) -> None:
    drill = generated(tmp_path, 5, "hard", RETAIL).drill
    assert drill is not None
    with_facts = [m for m in drill.mentions if m.expect.facts]
    assert with_facts
    for mention in with_facts:
        record = drill.entry(mention.expect.facts[0])
        assert record.tags[0].upper() in mention.text.upper()
        assert mention.author.name in record.title


def test_cli_writes_a_playable_drill_and_refuses_bad_windows(tmp_path: Path) -> None:
    out = tmp_path / "d.yaml"
    base = ["drill", "generate", str(AIRLINE), "--length", "45m", "--seed", "2", "--out", str(out)]
    result = runner.invoke(app, [*base, "--at", "Mon 08:00 Europe/London", "--difficulty", "hard"])
    assert result.exit_code == 0, result.stderr
    assert f"wrote {out}" in result.stderr
    drill = load_scenario(out).drill
    assert drill is not None and drill.length == parse_duration("45m")

    outside = runner.invoke(app, [*base, "--at", "2027-01-04 08:00"])
    assert outside.exit_code == 2
    assert "outside the scenario's horizon" in outside.stderr
    bad_day = runner.invoke(app, [*base, "--at", "Someday 08:00"])
    assert bad_day.exit_code == 2 and "is not a day" in bad_day.stderr
    bad_level = runner.invoke(app, [*base, "--at", "Mon 08:00", "--difficulty", "brutal"])
    assert bad_level.exit_code == 2 and "easy, normal, hard" in bad_level.stderr


@pytest.mark.parametrize("length", ["0m", "1s"])
def test_a_window_without_posts_is_refused(tmp_path: Path, length: str) -> None:
    result = runner.invoke(
        app,
        [
            "drill",
            "generate",
            str(AIRLINE),
            "--at",
            "Mon 03:00",
            "--length",
            length,
            "--out",
            str(tmp_path / "x.yaml"),
        ],
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
