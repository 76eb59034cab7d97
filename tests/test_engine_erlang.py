"""The stationary scenario against queueing theory: Erlang C, Erlang A, and a Jackson network with replies.

Exact values are the 10-digit test cases of /work/shared/research/staffing.md (Erlang C E1 and E2, Erlang A
EA1, cross-checked there against pyworkforce and a truncated CTMC). Tolerances are honest: at 1M mentions
the measured standard deviation of a run's service level is about 0.0015 (0.0045 at 200k over ten seeds),
so 0.005 is three of them, and P(wait) (sd about 0.002) gets 0.01 as required.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.engine import RunResult, simulate
from sim.erlang import erlang_a, erlang_c
from sim.experiments.executors import InProcess
from sim.experiments.replications import replicate
from sim.scenarios import load_scenario
from sim.stats import Estimate, estimate

from .conftest import SCENARIOS
from .engine_helpers import poisson_stream

STATIONARY = SCENARIOS / "validation" / "stationary.yaml"
MENTIONS = 1_000_000

pytestmark = pytest.mark.slow


def _run(per_hour: float, agents: int, mentions: int, *sets: str) -> RunResult:
    days = mentions / per_hour / 24
    scenario = load_scenario(
        STATIONARY,
        [
            f"traffic.volume_per_day={per_hour * 24}",
            f"staffing.teams.desk.shifts.0.agents={agents}",
            f"meta.duration={days:.0f}d",
            *sets,
        ],
    )
    stream = poisson_stream(per_hour, scenario.meta.duration, np.random.default_rng(agents))
    result = simulate(scenario, 0, stream)
    assert len(result.records) >= mentions * 0.99
    return result


@pytest.mark.parametrize(
    ("per_hour", "agents", "service_level", "p_wait"),
    [
        (100, 8, 0.8801483108, 0.1672665067),  # E1: 5 Erlangs
        (200, 14, 0.8883500192, 0.1741319336),  # E2: 10 Erlangs
    ],
)
def test_stationary_scenario_reproduces_erlang_c(
    per_hour: float, agents: int, service_level: float, p_wait: float
) -> None:
    wait = _run(per_hour, agents, MENTIONS).summary.wait
    assert wait.service_level == pytest.approx(service_level, abs=0.005)
    assert wait.p_wait == pytest.approx(p_wait, abs=0.01)


def test_patience_reproduces_erlang_a() -> None:
    # EA1: 100 per 30 min, AHT 3 min, 13 agents, exponential patience with mean 5 min, t = 20 s.
    summary = _run(200, 13, MENTIONS, "policies.patience.mean.question=5m").summary
    assert summary.overall.abandonment == pytest.approx(0.02496330363, abs=0.01)
    assert summary.wait.service_level == pytest.approx(0.8581777000, abs=0.005)
    assert summary.wait.p_wait == pytest.approx(0.2257970840, abs=0.01)


def test_customer_replies_behave_as_a_jackson_network() -> None:
    """Replies re-enter the queue after a delay: with one service distribution for every turn the desk is
    the M/M/c node of an open Jackson network, whose arrivals (first messages and replies alike) see the
    M/M/c queue at the total rate. 140/h with 30% replies is 200 turns an hour: Erlang C's E2 again.

    This exercises the run-time inputs: replies due later, claims revoked when a reply comes first.
    At 400k mentions the sd is about 0.003, hence 0.01.
    """
    result = _run(
        140,
        14,
        400_000,
        "policies.threads.follow_up.question=0.3",
        "policies.threads.turn_factor=1",
        "policies.threads.max_turns=10",
        "policies.threads.delay=10m",
    )
    assert result.summary.wait.service_level == pytest.approx(0.8883500192, abs=0.01)
    assert result.summary.wait.p_wait == pytest.approx(0.1741319336, abs=0.01)
    assert (result.records.turns > 1).mean() == pytest.approx(0.3, abs=0.01)


def _pooled(
    sets: list[str], metric: str, seeds: tuple[int, ...] = (1, 2, 3, 4), replications: int = 5
) -> Estimate:
    """One figure pooled over several scenario seeds, so no single seed's luck decides the check.

    The interval is 99%: six such checks at 95% would miss by chance one time in four.
    """
    values: list[float] = []
    for seed in seeds:
        scenario = load_scenario(STATIONARY, [*sets, f"meta.seed={seed}", "meta.duration=8d"])
        values += replicate({"run": scenario}, replications, InProcess()).values("run", metric)
    return estimate(values, level=0.99)


def _load(per_hour: float, agents: int) -> list[str]:
    return [f"traffic.volume_per_day={per_hour * 24}", f"staffing.teams.desk.shifts.0.agents={agents}"]


@pytest.mark.parametrize(("per_hour", "agents", "target"), [(50, 4, 6.0), (100, 7, 5.0), (200, 12, 4.0)])
def test_erlang_replied_within_is_what_run_reports_for_a_target(
    per_hour: float, agents: int, target: float
) -> None:
    """`carelab run` counts a target as the reply posted within it; `erlang`'s replied-within figure is
    the same quantity for M/M/c, so it falls inside the run's interval at every load."""
    level = _pooled([*_load(per_hour, agents), f"targets.0.within={target:g}m"], "all.service_level")
    exact = erlang_c(per_hour, 3, agents, target).replied_within
    assert level.low <= exact <= level.high, (exact, level)
    assert erlang_c(per_hour, 3, agents, target).picked_up_within > level.high  # the other figure is not it


@pytest.mark.parametrize(("per_hour", "agents"), [(50, 4), (100, 8), (200, 14)])
def test_waiting_and_giving_up_pooled_over_seeds_match_erlang(per_hour: float, agents: int) -> None:
    """P(wait) without patience (Erlang C) and P(abandon) with it (Erlang A), each pooled over four seeds
    of five replications, inside their intervals at three loads."""
    p_wait = _pooled(_load(per_hour, agents), "wait.p_wait")
    assert p_wait.low <= erlang_c(per_hour, 3, agents, 0.0).p_wait <= p_wait.high, p_wait
    patient = [*_load(per_hour, agents - 1), "policies.patience.mean.question=5m"]
    abandonment = _pooled(patient, "all.abandonment")
    exact = erlang_a(per_hour, 3, 5, agents - 1, 0.0).p_abandon
    assert abandonment.low <= exact <= abandonment.high, (exact, abandonment)
