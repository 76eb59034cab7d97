"""Erlang C / Erlang A baselines: golden values, a brute-force CTMC, properties, staffing, CLI.

Golden values are the 10-digit cases of /work/shared/research/staffing.md (E1, E2, EA1), computed
independently of this code. The CTMC cross-check solves the truncated birth–death chain
numerically and follows a tagged customer through the queue by uniformization with Poisson
weights in log space, so it shares no formula with `sim.erlang` and stays exact for hour-long
targets.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from decimal import Decimal, localcontext

import numpy as np
import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from sim.cli.erlang_cmd import register
from sim.erlang import (
    QueueFigures,
    UnreachableTargetError,
    _erlang_a_series,
    _harmonic,
    _log_poisson_kernel,
    agents_for_reply_level,
    erlang_a,
    erlang_b,
    erlang_c,
    halfin_whitt_beta,
    halfin_whitt_p_wait,
    log_lower_gamma,
    log_lower_gamma_regularized,
    offered_wait_exceeds,
    queue_figures,
    required_agents,
    service_level_bound,
    square_root_staffing,
)

GOLDEN = 1e-9
SECONDS = 1 / 60
PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# --- golden values --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("per_hour", "agents", "service_level", "p_wait", "asa_seconds"),
    [
        (100, 8, 0.8801483108, 0.1672665067, 10.0359904),  # E1: 5 Erlangs
        (200, 14, 0.8883500192, 0.1741319336, 7.835937012),  # E2: 10 Erlangs
    ],
)
def test_erlang_c_golden_values(
    per_hour: float, agents: int, service_level: float, p_wait: float, asa_seconds: float
) -> None:
    figures = required_agents(per_hour, 180 * SECONDS, 20 * SECONDS, 0.8, measure="picked_up")
    assert figures.agents == agents
    assert figures.model == "erlang_c"
    assert figures.picked_up_within == pytest.approx(service_level, rel=GOLDEN)
    assert figures.p_wait == pytest.approx(p_wait, rel=GOLDEN)
    assert figures.asa_minutes * 60 == pytest.approx(asa_seconds, rel=GOLDEN)
    assert figures.mean_wait_minutes == figures.asa_minutes
    assert figures.occupancy == pytest.approx(per_hour * 3 / 60 / agents)
    assert figures.p_abandon is None
    assert erlang_c(per_hour, 3, agents - 1, 20 * SECONDS).picked_up_within < 0.8


def test_erlang_a_golden_values() -> None:
    # EA1: 100 per 30 min, AHT 3 min, patience 5 min, 13 agents, t = 20 s.
    figures = erlang_a(200, 3, 5, 13, 20 * SECONDS)
    assert figures.p_wait == pytest.approx(0.2257970840, rel=GOLDEN)
    assert figures.p_abandon == pytest.approx(0.02496330363, rel=GOLDEN)
    assert figures.mean_wait_minutes == pytest.approx(0.1248165182, rel=GOLDEN)
    assert figures.picked_up_within == pytest.approx(0.8581777000, rel=GOLDEN)
    assert figures.occupancy == pytest.approx(10 * (1 - 0.02496330363) / 13, rel=GOLDEN)
    # ASA counts answered contacts only, so it is below E[W] (abandoners wait their whole patience).
    assert figures.asa_minutes < figures.mean_wait_minutes
    assert required_agents(200, 3, 20 * SECONDS, 0.85, patience_minutes=5, measure="picked_up").agents == 13


def test_erlang_b_matches_hand_values() -> None:
    assert erlang_b(0, 3.0) == 1.0
    assert erlang_b(1, 2.0) == pytest.approx(2 / 3)
    assert erlang_b(2, 1.0) == pytest.approx(0.2)
    assert erlang_b(5, 0.0) == 0.0
    # Many agents on a small load: underflows gracefully to 0, never an error.
    assert 0.0 <= erlang_b(5000, 1.0) < 1e-300


# --- special functions ----------------------------------------------------------------------------


@pytest.mark.parametrize("z", [1e-8, 0.3, 1.0, 2.5, 7.0, 40.0, 700.0])
def test_regularized_lower_gamma_matches_closed_forms(z: float) -> None:
    def p(a: float) -> float:
        return math.exp(log_lower_gamma_regularized(a, z))

    assert p(1.0) == pytest.approx(-math.expm1(-z), rel=1e-13)
    assert p(0.5) == pytest.approx(math.erf(math.sqrt(z)), rel=1e-13)
    # Integer a: P(a, z) = P(Poisson(z) >= a).
    for a in (2, 5, 30):
        below = math.fsum(math.exp(k * math.log(z) - z - math.lgamma(k + 1)) for k in range(a))
        if below < 0.5:
            assert p(a) == pytest.approx(1 - below, rel=1e-12)
    assert log_lower_gamma(1.0, z) == pytest.approx(math.log(-math.expm1(-z)), rel=1e-12, abs=1e-13)


def test_lower_gamma_handles_large_and_extreme_arguments() -> None:
    # Deep left tail: exp would underflow, the log does not.
    series = math.fsum(math.exp(-math.lgamma(501.0 + k) + math.lgamma(501.0)) for k in range(6))
    assert log_lower_gamma_regularized(500.0, 1.0) == pytest.approx(
        -1.0 - math.lgamma(501.0) + math.log(series), rel=1e-14
    )
    # Large shape, argument near it (both expansions at their slowest): the median of Gamma(a)
    # is about a - 1/3.
    for a in (1e4, 1e6):
        assert math.exp(log_lower_gamma_regularized(a, a - 1 / 3)) == pytest.approx(0.5, abs=1e-4)
    # Continuity across the switch between series and continued fraction at z = a + 1.
    for a in (0.7, 12.0, 3000.0):
        below = log_lower_gamma_regularized(a, (a + 1) * (1 - 1e-14))
        above = log_lower_gamma_regularized(a, (a + 1) * (1 + 1e-14))
        assert above == pytest.approx(below, rel=1e-10, abs=1e-13)
    assert log_lower_gamma_regularized(3.0, 0.0) == -math.inf
    assert log_lower_gamma_regularized(3.0, math.inf) == 0.0


def test_poisson_kernel_keeps_its_digits_for_huge_shapes() -> None:
    """a ln z - z - ln Gamma(a+1) against 50-digit Decimal arithmetic (Stirling, exact here)."""
    pi = Decimal("3.14159265358979323846264338327950288419716939937510")

    def exact(a: float, z: float) -> float:
        with localcontext() as context:
            context.prec = 50
            big_a, big_z = Decimal(a), Decimal(z)
            log_gamma = (big_a + Decimal("0.5")) * big_a.ln() - big_a + (2 * pi).ln() / 2
            for j, denominator in enumerate((12, -360, 1260)):
                log_gamma += 1 / (denominator * big_a ** (2 * j + 1))
            return float(big_a * big_z.ln() - big_z - log_gamma)

    for a in (1e3, 1e4 + 0.3, 1e6, 1e9, 1e12):
        for ratio in (1e-3, 0.5, 0.95, 0.9999, 1.0, 1.00001, 1.05, 3.0):
            z = a * ratio
            assert _log_poisson_kernel(a, z, math.log(z)) == pytest.approx(exact(a, z), rel=1e-14)


@pytest.mark.parametrize(
    ("a", "count"),
    [(0.3, 600), (1.0, 513), (7.5, 5000), (1e6, 2000), (123.4, 100000)],
)
def test_harmonic_sum_matches_direct_sum(a: float, count: int) -> None:
    direct = math.fsum(1 / (a + j) for j in range(count))
    assert _harmonic(a, count) == pytest.approx(direct, rel=1e-13)


@PROPERTY
@given(
    x=st.floats(0.05, 2000.0),
    y=st.floats(0.05, 2000.0),
)
def test_erlang_a_series_agrees_with_incomplete_gamma_closed_forms(x: float, y: float) -> None:
    """A(x, y) = x e^y y^-x gamma(x, y) and P(served | wait) = gamma(x+1, y) / (y gamma(x, y))."""
    series = _erlang_a_series(x, y)
    log_a = math.log(x) + y - x * math.log(y) + log_lower_gamma(x, y)
    served = math.exp(log_lower_gamma(x + 1, y) - math.log(y) - log_lower_gamma(x, y))
    assert series.log_a == pytest.approx(log_a, rel=1e-10, abs=1e-10)
    assert series.served == pytest.approx(served, rel=1e-9, abs=1e-12)
    assert series.served + series.abandon == pytest.approx(1.0, rel=1e-12)


# --- brute-force CTMC ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Truth:
    p_wait: float
    p_abandon: float
    mean_wait: float
    asa: float
    service_level: list[float]
    """Answered within each target (abandoners fail)."""
    offered_over: list[float]
    """P(offered wait > each target)."""


def _poisson(mean: float, jumps: np.ndarray, log_factorial: np.ndarray) -> np.ndarray:
    """Poisson probabilities of 0..N jumps, from logs: e^-mean alone underflows for long targets."""
    if mean == 0:
        return (jumps == 0).astype(np.float64)
    return np.exp(jumps * math.log(mean) - mean - log_factorial)


def _ctmc(per_hour: float, aht: float, patience: float, n: int, targets: list[float]) -> _Truth:
    """Erlang A figures from the truncated birth–death chain, numerically.

    A tagged arrival that finds all n agents busy joins at position i = (customers queueing) + 1.
    Customers ahead leave by service (rate n mu, from position 1 into service) or by abandoning
    (theta each), and the tagged one abandons at rate theta. Its chance of being answered within
    t comes from uniformizing that chain, weighting the jump counts by Poisson probabilities
    computed in logs (exp(-rate t) alone underflows for an hour's target). Answered-or-abandoned
    probabilities and mean waits come from first-step recursions over positions.
    """
    lam, mu, theta = per_hour / 60, 1 / aht, 1 / patience
    nmu, y = n * mu, lam / theta
    extra = int(max(0.0, (lam - nmu) / theta) + 15 * math.sqrt(y + 1) + 100)
    log_pi = np.empty(n + extra + 1)
    k = np.arange(n + 1)
    log_pi[: n + 1] = k * math.log(lam / mu) - np.array([math.lgamma(i + 1.0) for i in k])
    log_pi[n + 1 :] = log_pi[n] + np.cumsum(np.log(lam / (nmu + np.arange(1, extra + 1) * theta)))
    pi = np.exp(log_pi - log_pi.max())
    pi /= pi.sum()
    assert pi[-1] < 1e-30, "truncation must be far in the tail"
    queue = pi[n:]  # an arrival finding n + i - 1 customers waits at position i (PASTA)
    positions = np.arange(1, extra + 2)
    down = nmu + (positions - 1) * theta  # the tagged customer moves up a place (or into service)
    leave = nmu + positions * theta  # ... or gives up
    served = np.cumprod(down / leave)
    wait_if_served = np.zeros_like(served)
    wait = np.zeros_like(served)
    previous_served_wait = previous_wait = 0.0
    for i in range(len(positions)):
        move = down[i] / leave[i]
        previous_served_wait = served[i] / leave[i] + move * previous_served_wait
        previous_wait = 1 / leave[i] + move * previous_wait
        wait_if_served[i], wait[i] = previous_served_wait, previous_wait
    p_wait = float(queue.sum())
    p_abandon = float(queue @ (1 - served))

    rate = nmu + (extra + 1) * theta
    longest = max(targets) * rate
    steps = int(longest + 12 * math.sqrt(longest) + 60)
    answered = np.zeros(steps + 1)  # answered after m jumps (the tagged customer may abandon)
    reached = np.zeros(steps + 1)  # reached service after m jumps (ignoring its own patience)
    v, w = queue.copy(), queue.copy()
    stay_v, stay_w, up = 1 - leave / rate, 1 - down / rate, down[1:] / rate
    for m in range(1, steps + 1):
        answered[m] = answered[m - 1] + v[0] * nmu / rate
        reached[m] = reached[m - 1] + w[0] * nmu / rate
        v_next, w_next = v * stay_v, w * stay_w
        v_next[:-1] += v[1:] * up
        w_next[:-1] += w[1:] * up
        v, w = v_next, w_next
    jumps = np.arange(steps + 1)
    log_factorial = np.array([math.lgamma(m + 1.0) for m in jumps])
    service_level, offered_over = [], []
    for t in targets:
        mean = rate * t
        poisson = _poisson(mean, jumps, log_factorial)
        assert poisson.sum() == pytest.approx(1.0, abs=1e-9)
        service_level.append(1 - p_wait + float(poisson @ answered))
        offered_over.append(p_wait - float(poisson @ reached))
    return _Truth(
        p_wait=p_wait,
        p_abandon=p_abandon,
        mean_wait=float(queue @ wait),
        asa=float(queue @ wait_if_served) / (1 - p_abandon),
        service_level=service_level,
        offered_over=offered_over,
    )


def _ctmc_cases() -> list[tuple[float, float, float, int]]:
    rng = np.random.default_rng(20240607)
    cases: list[tuple[float, float, float, int]] = [
        (200, 3, 5, 13),  # EA1
        (2880, 3, 5, 150),  # 150 agents near their load: (n mu) t = 3000 at t = 60 min
        (200, 3, 10, 8),  # overloaded (8 agents, 10 Erlangs): stable only through abandonment
        (600, 2, 0.5, 18),  # very impatient customers
    ]
    for _ in range(3):
        aht = float(rng.uniform(1, 8))
        agents = int(rng.integers(2, 40))
        load = agents * float(rng.uniform(0.6, 1.2))
        patience = float(rng.uniform(0.5, 20))
        cases.append((round(load * 60 / aht, 3), round(aht, 3), round(patience, 3), agents))
    return cases


@pytest.mark.parametrize(("per_hour", "aht", "patience", "agents"), _ctmc_cases())
def test_erlang_a_matches_brute_force_ctmc(
    per_hour: float,
    aht: float,
    patience: float,
    agents: int,
) -> None:
    targets = [0.0, 20 * SECONDS, 5.0, 60.0]
    truth = _ctmc(per_hour, aht, patience, agents, targets)
    for index, target in enumerate(targets):
        figures = erlang_a(per_hour, aht, patience, agents, target)
        assert figures.picked_up_within == pytest.approx(truth.service_level[index], abs=1e-9)
        over = offered_wait_exceeds(per_hour, aht, agents, target, patience)
        assert over == pytest.approx(truth.offered_over[index], abs=1e-9)
    assert figures.p_wait == pytest.approx(truth.p_wait, rel=1e-10)
    assert figures.p_abandon == pytest.approx(truth.p_abandon, rel=1e-10)
    assert figures.mean_wait_minutes == pytest.approx(truth.mean_wait, rel=1e-10)
    assert figures.asa_minutes == pytest.approx(truth.asa, rel=1e-10)
    assert figures.picked_up_within == pytest.approx(1 - truth.p_abandon, abs=1e-9)


# --- long targets ---------------------------------------------------------------------------------


@pytest.mark.parametrize("patience", [None, 5.0, 60.0])
def test_long_targets_approach_one_and_never_collapse(patience: float | None) -> None:
    """An hour's target with 150 agents: (n mu) t = 3000, far past where exp(-rate t) underflows."""
    targets = [0.0, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 480, 1440, math.inf]
    levels = [queue_figures(2880, 3, 150, t, patience).picked_up_within for t in targets]
    assert all(b >= a for a, b in itertools.pairwise(levels))
    ceiling = 1.0 if patience is None else 1 - (erlang_a(2880, 3, patience, 150, 0).p_abandon or 0)
    assert levels[targets.index(60)] == pytest.approx(ceiling, abs=1e-12)
    assert levels[-1] == pytest.approx(ceiling, abs=1e-15)
    assert levels[targets.index(60)] > 0.98


def test_erlang_c_long_target_needs_barely_more_than_the_load() -> None:
    # 90% within an hour at AHT 6 min: the bound is A + 0.23 agents.
    assert service_level_bound(800, 6, 60, 0.9) == 81
    figures = required_agents(800, 6, 60, 0.9, measure="picked_up")
    assert figures.agents == 81
    assert figures.picked_up_within > 0.9


# --- properties -----------------------------------------------------------------------------------

loads = st.floats(0.05, 120.0)
ahts = st.floats(0.2, 30.0)
patiences = st.floats(0.05, 120.0)
targets = st.floats(0.0, 240.0, allow_subnormal=False)


def _per_hour(load: float, aht: float) -> float:
    return load * 60 / aht


@PROPERTY
@given(
    load=loads,
    aht=ahts,
    patience=st.none() | patiences,
    extra=st.integers(-10, 30),
    t1=targets,
    t2=targets,
)
def test_service_level_is_monotone_in_the_target(
    load: float, aht: float, patience: float | None, extra: int, t1: float, t2: float
) -> None:
    agents = max(0, math.ceil(load) + extra)
    short, long = sorted((t1, t2))
    first = queue_figures(_per_hour(load, aht), aht, agents, short, patience)
    second = queue_figures(_per_hour(load, aht), aht, agents, long, patience)
    assert second.picked_up_within >= first.picked_up_within - 1e-12
    assert second.replied_within >= first.replied_within - 1e-9
    for figures in (first, second):
        assert 0.0 <= figures.p_wait <= 1.0
        assert 0.0 <= figures.picked_up_within <= 1.0
        # A reply is never posted before its pick-up.
        assert figures.replied_within <= figures.picked_up_within + 1e-9
        assert 0.0 <= figures.occupancy <= 1.0
        assert figures.p_abandon is None or 0.0 <= figures.p_abandon <= figures.p_wait
        assert figures.picked_up_within <= 1.0 - (figures.p_abandon or 0.0) + 1e-12


@PROPERTY
@given(
    load=loads,
    aht=ahts,
    patience=st.none() | patiences,
    target=targets,
    agents=st.integers(0, 160),
)
def test_more_agents_never_hurt(
    load: float, aht: float, patience: float | None, target: float, agents: int
) -> None:
    fewer = queue_figures(_per_hour(load, aht), aht, agents, target, patience)
    more = queue_figures(_per_hour(load, aht), aht, agents + 1, target, patience)
    assert more.picked_up_within >= fewer.picked_up_within - 1e-12
    assert more.p_wait <= fewer.p_wait + 1e-12
    if patience is not None and agents > 0:
        assert more.occupancy <= fewer.occupancy + 1e-12
        assert more.p_abandon is not None and fewer.p_abandon is not None
        assert more.p_abandon <= fewer.p_abandon + 1e-12


@PROPERTY
@given(load=st.floats(0.05, 60.0), aht=ahts, target=targets, spare=st.floats(0.5, 20.0))
def test_erlang_a_approaches_erlang_c_as_patience_grows(
    load: float, aht: float, target: float, spare: float
) -> None:
    # The gap closes only linearly in 1/patience, with a large factor near the load (1e-4 at a
    # patience of 1e7 min for 18 Erlangs on 19 agents), so "infinite" is a billion minutes here.
    agents = math.ceil(load + spare)
    patient = erlang_a(_per_hour(load, aht), aht, 1e9, agents, target)
    never_leaving = erlang_c(_per_hour(load, aht), aht, agents, target)
    assert patient.p_wait == pytest.approx(never_leaving.p_wait, rel=1e-4, abs=1e-12)
    assert patient.picked_up_within == pytest.approx(never_leaving.picked_up_within, rel=1e-4, abs=1e-12)
    assert patient.asa_minutes == pytest.approx(never_leaving.asa_minutes, rel=1e-4, abs=1e-12)
    expected_wait = never_leaving.mean_wait_minutes
    assert patient.mean_wait_minutes == pytest.approx(expected_wait, rel=1e-4, abs=1e-12)
    assert patient.p_abandon is not None and patient.p_abandon < 1e-6


@PROPERTY
@given(
    load=loads,
    aht=ahts,
    target=targets,
    level=st.floats(0.05, 0.995),
    patience=st.none() | patiences,
    cap=st.none() | st.floats(0.5, 1.0),
)
def test_required_agents_is_the_smallest_staffing_that_meets_the_target(
    load: float, aht: float, target: float, level: float, patience: float | None, cap: float | None
) -> None:
    per_hour = _per_hour(load, aht)
    figures = required_agents(per_hour, aht, target, level, patience, cap, measure="picked_up")

    def meets(f: QueueFigures) -> bool:
        return f.stable and f.picked_up_within >= level and (cap is None or f.occupancy <= cap)

    assert meets(figures)
    if figures.agents > 0:
        assert not meets(queue_figures(per_hour, aht, figures.agents - 1, target, patience))
    if patience is None and target > 1e-9 and cap is None:
        assert figures.agents <= service_level_bound(per_hour, aht, target, level)


@PROPERTY
@given(load=loads, aht=ahts, target=st.floats(0.01, 240.0), level=st.floats(0.01, 0.9999))
def test_the_service_level_bound_always_suffices_for_erlang_c(
    load: float, aht: float, target: float, level: float
) -> None:
    agents = service_level_bound(_per_hour(load, aht), aht, target, level)
    assert agents >= load + aht * math.log(1 / (1 - level)) / target
    assert erlang_c(_per_hour(load, aht), aht, agents, target).picked_up_within >= level


# --- square-root staffing -------------------------------------------------------------------------


def test_halfin_whitt_safety_factors() -> None:
    for p_wait, beta in ((0.5, 0.5061), (0.2, 1.0615), (0.1, 1.4202)):
        assert halfin_whitt_beta(p_wait) == pytest.approx(beta, abs=1e-4)
        assert halfin_whitt_p_wait(halfin_whitt_beta(p_wait)) == pytest.approx(p_wait, rel=1e-10)
    assert halfin_whitt_p_wait(0.0) == 1.0
    assert 0.0 <= halfin_whitt_p_wait(60.0) < 1e-300  # no overflow far in the tail


@pytest.mark.parametrize(("load", "agents"), [(5, 8), (10, 14), (80, 90)])
def test_square_root_staffing_matches_exact_p_wait_staffing(load: float, agents: int) -> None:
    # t = 0: the service level is 1 - P(wait), so 80% means P(wait) <= 0.2 (beta = 1.0615).
    assert square_root_staffing(load * 20, 3, 0.0, 0.8) == agents
    assert required_agents(load * 20, 3, 0.0, 0.8, measure="picked_up").agents == agents


def test_square_root_guess_is_close_to_the_exact_answer() -> None:
    for per_hour in (30, 100, 200, 1000, 3000):
        guess = square_root_staffing(per_hour, 3, 20 * SECONDS, 0.8)
        assert abs(guess - required_agents(per_hour, 3, 20 * SECONDS, 0.8, measure="picked_up").agents) <= 1


# --- edges and errors -----------------------------------------------------------------------------


def test_unstable_erlang_c_says_so_without_crashing() -> None:
    for agents in (0, 4, 5):
        figures = erlang_c(100, 3, agents, 20 * SECONDS)
        assert not figures.stable
        assert (figures.p_wait, figures.picked_up_within, figures.asa_minutes) == (1.0, 0.0, math.inf)
    assert offered_wait_exceeds(100, 3, 5, 1.0) == 1.0
    # Erlang A is stable below the load: impatience keeps the queue finite.
    overloaded = erlang_a(100, 3, 5, 4, 20 * SECONDS)
    assert overloaded.stable
    assert 0 < overloaded.picked_up_within < 0.8
    assert overloaded.p_abandon is not None
    assert overloaded.occupancy == pytest.approx(5 * (1 - overloaded.p_abandon) / 4, rel=1e-12)


def test_no_arrivals_and_no_agents() -> None:
    idle = required_agents(0, 3, 20 * SECONDS, 0.8, measure="picked_up")
    assert (idle.agents, idle.picked_up_within, idle.p_wait) == (0, 1.0, 0.0)
    nobody = erlang_a(100, 3, 5, 0, 20 * SECONDS)
    assert (nobody.p_wait, nobody.p_abandon, nobody.picked_up_within) == (1.0, 1.0, 0.0)
    assert nobody.mean_wait_minutes == 5


def test_unreachable_and_invalid_targets() -> None:
    with pytest.raises(UnreachableTargetError, match="100%"):
        required_agents(100, 3, 20 * SECONDS, 1.0, measure="picked_up")
    with pytest.raises(UnreachableTargetError):
        required_agents(100, 3, 20 * SECONDS, 1.0, patience_minutes=5, measure="picked_up")
    for bad in (
        lambda: required_agents(100, 3, 20 * SECONDS, 0.0, measure="picked_up"),
        lambda: required_agents(100, 3, 20 * SECONDS, 1.5, measure="picked_up"),
        lambda: required_agents(100, 3, 20 * SECONDS, 0.8, max_occupancy=0.0, measure="picked_up"),
        lambda: erlang_c(100, 0, 5, 1),
        lambda: erlang_c(-1, 3, 5, 1),
        lambda: erlang_c(100, 3, -1, 1),
        lambda: erlang_c(100, math.nan, 5, 1),
        lambda: erlang_a(100, 3, 0, 5, 1),
        lambda: erlang_a(100, 3, 5, 5, -1),
    ):
        with pytest.raises(ValueError):
            bad()


def test_occupancy_cap_adds_agents() -> None:
    figures = required_agents(100, 3, 20 * SECONDS, 0.8, max_occupancy=0.5, measure="picked_up")
    assert figures.agents == 10
    assert figures.occupancy == 0.5


# --- command line ---------------------------------------------------------------------------------

runner = CliRunner()


def _app() -> typer.Typer:
    """A throwaway app like the real one: a callback makes `erlang` a subcommand, not the root."""
    app = typer.Typer(rich_markup_mode="rich")

    @app.callback()
    def main() -> None:
        """CareLab (test)."""

    register(app)
    return app


def _invoke(command: str) -> Result:
    return runner.invoke(_app(), command.split())


def test_cli_json_for_the_e1_case() -> None:
    command = "erlang --arrivals-per-hour 100 --aht 180s --target 20s --service-level 0.8 --measure picked-up"
    result = _invoke(f"{command} --json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["model"] == "erlang_c"
    assert data["agents"] == 8
    assert data["offered_load"] == pytest.approx(5.0)
    assert data["picked_up_within"] == pytest.approx(0.8801483108, rel=GOLDEN)
    assert data["replied_within"] == pytest.approx(erlang_c(100, 3, 8, 20 * SECONDS).replied_within)
    assert data["measure"] == "picked_up"
    assert data["p_wait"] == pytest.approx(0.1672665067, rel=GOLDEN)
    assert data["asa_seconds"] == pytest.approx(10.0359904, rel=GOLDEN)
    assert data["occupancy"] == pytest.approx(0.625)
    assert data["p_abandon"] is None
    assert data["patience_seconds"] is None
    inputs = (data["target_seconds"], data["aht_seconds"], data["arrivals_per_hour"])
    assert inputs == (20, 180, 100)


def test_cli_table_names_both_service_levels_and_the_one_it_sized_for() -> None:
    result = _invoke(
        "erlang --arrivals-per-hour 100 --aht 3m --target 20s --service-level 0.8 --measure picked-up"
    )
    assert result.exit_code == 0, result.output
    assert "8 agents needed to have 80.0% picked up within 20s" in result.stdout
    assert "picked up within 20s" in result.stdout
    assert "replied within 20s" in result.stdout
    assert "88.0%" in result.stdout


def test_cli_sizes_for_the_posted_reply_by_default_as_run_and_staff_count_a_target() -> None:
    # 30 an hour, 10-minute handling: 7 agents pick 98.4% up within 15m, but only 72.1% of replies are
    # posted by then, the figure `carelab run` reports for the same desk.
    result = _invoke("erlang --arrivals-per-hour 30 --aht 10m --target 15m --service-level 0.7 --json")
    data = json.loads(result.stdout)
    assert (data["agents"], data["measure"]) == (7, "replied")
    assert data["replied_within"] == pytest.approx(0.7207, abs=1e-4)
    assert data["picked_up_within"] == pytest.approx(0.9839, abs=1e-4)
    out_of_reach = _invoke("erlang --arrivals-per-hour 30 --aht 10m --target 15m --service-level 0.9")
    assert out_of_reach.exit_code == 2
    assert "only 77.7% take that long or less" in out_of_reach.stderr


def test_cli_erlang_a_with_given_agents() -> None:
    command = "erlang --arrivals-per-hour 200 --aht 3m --target 20s --patience 5m --agents 13"
    result = _invoke(f"{command} --json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["model"] == "erlang_a"
    assert data["agents"] == 13
    assert data["p_abandon"] == pytest.approx(0.02496330363, rel=GOLDEN)
    assert data["picked_up_within"] == pytest.approx(0.8581777000, rel=GOLDEN)
    table = _invoke(f"{command} --service-level 0.85 --measure picked-up")
    assert table.exit_code == 0, table.output
    assert "P(abandon)" in table.stdout
    assert "give up count as misses" in table.stdout
    assert "With 13 agents the desk meets 85.0% picked up within 20s" in table.stdout


def test_cli_bad_duration_is_a_clean_usage_error() -> None:
    result = _invoke("erlang --arrivals-per-hour 100 --aht 180 --target 20s")
    assert result.exit_code == 2
    assert "180s or 180m" in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, ValueError)


def test_cli_unstable_staffing_is_reported_not_fatal() -> None:
    command = "erlang --arrivals-per-hour 100 --aht 3m --target 20s --agents 5"
    result = _invoke(command)
    assert result.exit_code == 0, result.output
    assert "unstable" in result.stderr
    assert "agents" in result.stdout
    as_json = _invoke(f"{command} --json")
    data = json.loads(as_json.stdout)
    assert (data["stable"], data["asa_seconds"], data["picked_up_within"]) == (False, None, 0.0)
    assert data["replied_within"] == 0.0


def test_cli_unreachable_service_level_exits_1() -> None:
    result = _invoke("erlang --arrivals-per-hour 100 --aht 3m --target 20s --service-level 1")
    assert result.exit_code == 2
    assert "100%" in result.stderr
    assert "Traceback" not in result.output


def test_cli_help_shows_an_example() -> None:
    result = _invoke("erlang --help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "carelab erlang --arrivals-per-hour 100" in result.output


def _convolved_reply_level(per_hour: float, aht: float, patience: float, agents: int, target: float) -> float:
    """Replied within t the slow way: the picked-up curve convolved with Exp handling by quadrature."""
    nodes, weights = np.polynomial.legendre.leggauss(64)
    edges = np.linspace(0.0, target, 41)
    total = 0.0
    for low, high in itertools.pairwise(edges):
        waits = (high - low) / 2 * nodes + (high + low) / 2
        picked = [erlang_a(per_hour, aht, patience, agents, float(w)).picked_up_within for w in waits]
        density = np.exp(-(target - waits) / aht) / aht
        total += float(weights @ (density * picked)) * (high - low) / 2
    return total


@pytest.mark.parametrize(
    ("per_hour", "aht", "patience", "agents", "target"),
    [(200, 3, 5, 13, 5), (100, 3, 2, 6, 10), (60, 10, 30, 8, 15), (2880, 3, 5, 150, 60)],
)
def test_erlang_a_reply_level_is_the_wait_convolved_with_handling(
    per_hour: float, aht: float, patience: float, agents: int, target: float
) -> None:
    exact = erlang_a(per_hour, aht, patience, agents, target).replied_within
    assert exact == pytest.approx(_convolved_reply_level(per_hour, aht, patience, agents, target), abs=1e-9)


def test_erlang_a_reply_level_tends_to_erlang_c_for_patient_customers_and_its_limits() -> None:
    assert erlang_a(100, 3, 1e6, 8, 5).replied_within == pytest.approx(
        erlang_c(100, 3, 8, 5).replied_within, abs=1e-6
    )
    never_waits = erlang_a(100, 3, 5, 400, 5)
    assert never_waits.replied_within == pytest.approx(1 - math.exp(-5 / 3), abs=1e-9)
    forever = erlang_a(200, 3, 5, 13, math.inf)
    assert forever.replied_within == pytest.approx(1 - (forever.p_abandon or 0.0), abs=1e-12)
    assert erlang_a(200, 3, 5, 13, 0.0).replied_within == 0.0


class TestReplyWithin:
    """The posted-reply service level: waiting plus exponential handling in M/M/c."""

    def test_with_plenty_of_agents_only_the_handling_counts(self) -> None:
        assert erlang_c(100, 3, 60, 5).replied_within == pytest.approx(1 - math.exp(-5 / 3), abs=1e-9)

    def test_never_better_than_waiting_alone(self) -> None:
        for agents in (6, 7, 8, 10):
            assert erlang_c(100, 3, agents, 5).replied_within < erlang_c(100, 3, agents, 5).picked_up_within

    def test_continuous_where_the_two_rates_meet(self) -> None:
        # A = 5 Erlangs: with c = 6 the waiting rate (c - A) mu equals the handling rate mu.
        at = erlang_c(100, 3, 6, 4).replied_within
        near = erlang_c(100 * (1 - 1e-7), 3, 6, 4).replied_within
        assert at == pytest.approx(near, abs=1e-6)

    def test_agrees_with_a_monte_carlo_queue(self) -> None:
        rng = np.random.default_rng(3)
        n, agents, aht = 200_000, 7, 3.0
        arrivals = np.cumsum(rng.exponential(60 / 100, n))
        service = rng.exponential(aht, n)
        free = np.zeros(agents)
        done = np.empty(n)
        for i in range(n):  # FIFO: each customer takes the agent that frees up first
            k = int(np.argmin(free))
            start = max(arrivals[i], free[k])
            free[k] = done[i] = start + service[i]
        observed = float(np.mean(done[n // 10 :] - arrivals[n // 10 :] <= 5))
        assert observed == pytest.approx(erlang_c(100, aht, agents, 5).replied_within, abs=0.01)

    def test_fewest_agents_and_the_unreachable_case(self) -> None:
        agents = agents_for_reply_level(100, 3, 5, 0.8)
        assert agents == required_agents(100, 3, 5, 0.8, measure="replied").agents
        assert (
            erlang_c(100, 3, agents, 5).replied_within >= 0.8 > erlang_c(100, 3, agents - 1, 5).replied_within
        )
        with pytest.raises(UnreachableTargetError, match="out of reach"):
            agents_for_reply_level(100, 3, 4, 0.8)
