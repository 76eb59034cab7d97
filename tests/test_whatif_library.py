"""The bundled what-ifs: each validates, says what it answers, runs to a committed golden summary, and shows its
headline effect in the direction a manager expects.

Golden runs use one replication per variant with the scenario's own seed, shortened where the full run is slow,
and keep a compact set of figures so a diff is readable in review. Rewrite them after an intended change with
`CARELAB_UPDATE_GOLDEN=1 pytest tests/test_whatif_library.py` and read the diff before committing.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from sim.experiments.executors import InProcess
from sim.experiments.replications import Figures, Replicated, replicate
from sim.scenarios import KINDS, Scenario, apply_variant, load_scenario
from tests.conftest import SCENARIOS
from tests.golden import check_golden

WHATIFS = sorted((SCENARIOS / "whatif").glob("*.yaml"))
SHORT_RUNS: dict[str, tuple[str, ...]] = {
    "global_airline": ("meta.duration=2d", "meta.warmup=6h"),
    "retail_holiday_peak": (),  # 8 days at 1,400 mentions a day: already quick
    "university_desk": (),
    "telecom_outage": (),
}
"""`--set` overrides of each golden run: every bundled what-if must choose one (an empty tuple: the full run)."""
PRACTICE = re.compile(r"\bBP(\d{2})\b")


def header(path: Path) -> list[str]:
    """The leading comment lines of a file, without the `#`."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return lines


@cache
def scenario(stem: str, overrides: tuple[str, ...] = ()) -> Scenario:
    return load_scenario(SCENARIOS / "whatif" / f"{stem}.yaml", overrides)


@cache
def replicated(
    stem: str, variants: tuple[str, ...], replications: int, overrides: tuple[str, ...] = ()
) -> Replicated:
    """Base and the named variants (all when empty), replicated in this process."""
    base = scenario(stem, overrides)
    names = variants or tuple(base.variants)
    scenarios = {"base": base} | {name: apply_variant(base, name) for name in names}
    return replicate(scenarios, replications, InProcess())


# --- every what-if ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", WHATIFS, ids=lambda p: p.stem)
def test_it_validates_with_every_variant(path: Path) -> None:
    loaded = load_scenario(path)
    assert loaded.staffing is not None and loaded.variants, "a what-if needs a care team and variants"
    for name in loaded.variants:
        assert loaded.variants[name].description, f"variant {name} should say what it changes"
        apply_variant(loaded, name)


@pytest.mark.parametrize("path", WHATIFS, ids=lambda p: p.stem)
def test_its_header_says_what_it_answers_and_which_practices(path: Path) -> None:
    lines = header(path)
    text = "\n".join(lines)
    assert len(lines) >= 5, "start the file with a comment: the question, the command to run, the practices"
    assert f"carelab compare scenarios/whatif/{path.name}" in text
    practices = {int(n) for n in PRACTICE.findall(text)}
    assert practices, "name the practices it exercises, e.g. BP16 (staff to the load)"
    assert all(1 <= n <= 20 for n in practices), practices


def test_every_whatif_chooses_its_golden_run() -> None:
    assert {p.stem for p in WHATIFS} == set(SHORT_RUNS)


def summary(figures: Figures, scenario: Scenario) -> dict[str, object]:
    """The figures a reviewer reads: service level and p90 per kind, abandonment and give-ups, backlog, reach,
    load (per slot and per agent), breaks taken, cost."""

    def value(name: str, digits: int) -> float | None:
        number = figures.get(name)
        return None if number is None or number != number else round(number, digits)

    kinds = [k for k in KINDS if k != "spam"]
    assert scenario.staffing is not None
    return {
        "mentions": value("all.mentions", 0),
        "service_level": {k: value(f"kind.{k}.service_level", 4) for k in kinds},
        "p90_minutes": {k: value(f"kind.{k}.first_response_p90", 1) for k in kinds},
        "abandonment": value("all.abandonment", 4),
        "gave_up": value("all.gave_up", 4),
        "morning_backlog": value("morning_backlog.desk_open", 1),
        "negative_reach": value("negative_reach", 0),
        "occupancy": {t.name: value(f"team.{t.name}.occupancy", 4) for t in scenario.staffing.teams},
        "agent_occupancy": {
            t.name: value(f"team.{t.name}.agent_occupancy", 4) for t in scenario.staffing.teams
        },
        "shrinkage": {t.name: value(f"team.{t.name}.shrinkage", 4) for t in scenario.staffing.teams},
        "cost": value("cost", 2),
    }


@pytest.mark.parametrize("path", WHATIFS, ids=lambda p: p.stem)
def test_a_fixed_seed_run_matches_its_golden_summary(path: Path) -> None:
    overrides = SHORT_RUNS.get(path.stem, ("meta.duration=2d", "meta.warmup=0m"))
    results = replicated(path.stem, (), 1, overrides)
    base = scenario(path.stem, overrides)
    data = {
        "overrides": list(overrides),
        "variants": {label: summary(results.figures[label][0], base) for label in results.labels},
    }
    check_golden(f"whatif/{base.meta.id}", data)


# --- headline effects ---------------------------------------------------------------------------------------
# Three replications with common random numbers: each claim is a paired difference whose 95% interval excludes
# zero, with a margin well inside what `carelab compare` shows, so a change in the model that flips or halves an
# effect fails here.


def test_retail_temps_rescue_the_peak() -> None:
    """Every post stays in the inbox until answered, so fifo works through the night's backlog first and no
    complaint is answered within the hour, temps or not; what temps buy is answers: a third more complaints
    answered at all, half the backlog at opening, fewer customers giving up."""
    results = replicated("retail_holiday_peak", ("surge-staffing", "half-surge"), 3)
    answered = results.difference("surge-staffing", "base", "kind.complaint.answered_share")
    assert answered.excludes_zero() and answered.mean > 0.25  # about +38 points
    backlog = results.difference("surge-staffing", "base", "morning_backlog.desk_open")
    assert backlog.excludes_zero() and backlog.mean < -1000  # about -1,800 posts
    gave_up = results.difference("surge-staffing", "base", "all.gave_up")
    assert gave_up.excludes_zero() and gave_up.mean < -0.04  # about -8 points
    half = results.estimate("half-surge", "kind.complaint.answered_share").mean
    assert (
        results.estimate("base", "kind.complaint.answered_share").mean
        < half
        < results.estimate("surge-staffing", "kind.complaint.answered_share").mean
    )
    assert results.difference("surge-staffing", "base", "cost").mean > 0


def test_university_second_agent_answers_more_and_in_the_evening_sooner() -> None:
    """One agent cannot keep up once no post vanishes: a second one, mornings or evenings, answers twice as
    many questions and halves the backlog at opening; in the evenings it meets the complaint target more."""
    results = replicated("university_desk", ("part-timer-mornings", "part-timer-evenings"), 3)
    for variant in ("part-timer-mornings", "part-timer-evenings"):
        answered = results.difference(variant, "base", "kind.question.answered_share")
        assert answered.excludes_zero() and answered.mean > 0.3  # about +50 points
        backlog = results.difference(variant, "base", "morning_backlog.desk_open")
        assert backlog.excludes_zero() and backlog.mean < -200  # about -440 posts
        gave_up = results.difference(variant, "base", "all.gave_up")
        assert gave_up.excludes_zero() and gave_up.mean < -0.02  # about -7 points
    evenings = results.difference("part-timer-evenings", "base", "kind.complaint.service_level")
    assert evenings.excludes_zero() and evenings.mean > 0.1  # about +20 points
    mornings = results.estimate("part-timer-mornings", "kind.complaint.service_level").mean
    assert results.estimate("part-timer-evenings", "kind.complaint.service_level").mean > mornings
    costs = [results.estimate(v, "cost").mean for v in ("part-timer-mornings", "part-timer-evenings")]
    assert costs[0] == pytest.approx(costs[1], rel=0.01)  # the same four paid hours a day


def test_telecom_outage_urgency_first_protects_urgent_posts() -> None:
    results = replicated("telecom_outage", ("urgency-first", "influence-first", "deadline-first"), 3)
    metric = "kind.urgent.service_level"
    over_fifo = results.difference("urgency-first", "base", metric)
    assert over_fifo.excludes_zero() and over_fifo.mean > 0.3  # about +50 points in compare
    over_influence = results.difference("urgency-first", "influence-first", metric)
    assert over_influence.excludes_zero() and over_influence.mean > 0.1
    assert results.estimate("urgency-first", metric).mean > results.estimate("deadline-first", metric).mean
    questions = results.difference("urgency-first", "base", "kind.question.service_level")
    assert questions.mean < 0  # the price: questions wait behind the outage
