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
from sim.scenarios import load_scenario

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
