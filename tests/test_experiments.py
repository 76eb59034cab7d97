"""Manager what-ifs: replications, executors and the effects the bundled what-if shows."""

from __future__ import annotations

import math

import pytest

from sim.experiments.executors import DaskCluster, InProcess, LocalProcesses
from sim.experiments.replications import replicate
from sim.scenarios import apply_variant, load_scenario, with_values
from tests.conftest import SCENARIOS
from tests.golden import rounded

STATIONARY = SCENARIOS / "validation" / "stationary.yaml"
AIRLINE = SCENARIOS / "whatif" / "global_airline.yaml"


def _short_stationary() -> dict:
    base = load_scenario(STATIONARY, ["meta.duration=2d", "meta.warmup=2h"])
    return {
        f"agents={n}": with_values(base, {"staffing.teams.desk.shifts.0.agents": n}, "test") for n in (6, 8)
    }


def test_results_do_not_depend_on_the_executor() -> None:
    """Seeds come from the scenario and the run index, so worker processes give the in-process figures."""
    scenarios = _short_stationary()
    here = rounded(replicate(scenarios, 2, InProcess()).to_dict(), 12)  # NaN -> None, to compare
    there = rounded(replicate(scenarios, 2, LocalProcesses(2)).to_dict(), 12)
    assert here == there


def test_a_real_dask_cluster_gives_the_local_result() -> None:
    """A LocalCluster of worker processes over loopback runs the same sweep to the same numbers."""
    pytest.importorskip("distributed")
    scenarios = _short_stationary()
    local = rounded(replicate(scenarios, 2, LocalProcesses(2)).to_dict(), 12)
    cluster = DaskCluster(local_workers=2)
    try:
        assert "Dask" in cluster.name
        remote = rounded(replicate(scenarios, 2, cluster).to_dict(), 12)
    finally:
        cluster.close()
    assert remote == local


def test_common_random_numbers_make_differences_sharper_than_the_levels() -> None:
    """Both variants see the same customers, so the paired interval is narrower than either level's."""
    results = replicate(_short_stationary(), 4, InProcess())
    metric = "wait.mean"
    difference = results.difference("agents=8", "agents=6", metric)
    level = results.estimate("agents=6", metric)
    assert difference.mean < 0  # more agents, shorter waits
    assert difference.excludes_zero()
    assert difference.half_width < level.half_width


@pytest.fixture(scope="module")
def airline_week():  # type: ignore[no-untyped-def]
    """The bundled global airline what-if over a week, base and three variants, 3 replications each."""
    base = load_scenario(AIRLINE, ["meta.duration=7d"])
    scenarios = {"base": base} | {
        name: apply_variant(base, name) for name in ("business-hours", "influence-first", "no-listening")
    }
    return replicate(scenarios, 3, LocalProcesses(2))


@pytest.mark.parametrize("region", ["US West", "India"])
def test_business_hours_only_slows_the_regions_whose_night_goes_uncovered(airline_week, region: str) -> None:
    metric = f"region.{region}.first_response_p90"
    difference = airline_week.difference("business-hours", "base", metric)
    assert difference.excludes_zero()
    assert (
        airline_week.estimate("business-hours", metric).mean
        > 1.5 * airline_week.estimate("base", metric).mean
    )


def test_urgency_first_beats_influence_first_on_urgent_mentions(airline_week) -> None:
    metric = "kind.urgent.service_level"
    difference = airline_week.difference("influence-first", "base", metric)
    assert difference.excludes_zero()
    assert difference.mean < -0.05


def test_without_listening_untagged_mentions_go_unanswered(airline_week) -> None:
    assert airline_week.estimate("no-listening", "untagged.answered_share").mean == 0.0
    assert airline_week.estimate("base", "untagged.answered_share").mean > 0.5
    tagged = airline_week.difference("no-listening", "base", "tagged.answered_share")
    assert tagged.mean >= 0  # the time saved goes to the mentions that tag the brand


def test_leaving_untagged_posts_unanswered_never_looks_faster(airline_week) -> None:
    """Without listening a third of the posts get no reply: their p90 is not reached, and against the base
    that reads as slower, never as the faster p90 of the posts that were answered."""
    metric = "kind.complaint.first_response_p90"
    assert math.isinf(airline_week.estimate("no-listening", metric).mean)
    assert math.isfinite(airline_week.estimate("base", metric).mean)
    difference = airline_week.difference("no-listening", "base", metric)
    assert difference.excludes_zero() and difference.mean > 0


def test_replying_thins_the_reshares_and_the_whole_reach_of_complaints_shows_it() -> None:
    """What a reply buys: with fewer reshares kept after it, complaints reach fewer people in all, while the
    reach gained before the reply cannot change (the same customers, the same first replies)."""
    base = load_scenario(AIRLINE, ["meta.duration=2d"])
    scenarios = {
        "keep all": with_values(base, {"policies.replies.keep_reshares": 1.0}, "test"),
        "keep few": with_values(base, {"policies.replies.keep_reshares": 0.1}, "test"),
    }
    results = replicate(scenarios, 2, InProcess())
    whole = results.difference("keep few", "keep all", "complaint_reach")
    assert whole.mean < 0
    assert results.difference("keep few", "keep all", "complaint_reshares").mean < 0
    assert results.difference("keep few", "keep all", "negative_reach").mean == 0
