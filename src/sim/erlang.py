"""Analytic queueing baselines: Erlang C (M/M/c), Erlang A (M/M/c+M) and staffing from them.

The simulator is checked against these numbers, and `carelab staff` and `carelab erlang` start
from them, so they have to be exact, not "close enough": every figure is a closed form evaluated
so that it keeps its digits for the targets social care uses (an hour's answer time against a
three-minute handle time, a few hundred agents).

Conventions:

- Time is float minutes, as everywhere in CareLab; arrivals are given per hour because that is
  how planners quote them. The offered load is A = arrivals per minute x AHT, in Erlangs.
- Two service levels, named apart because they answer different questions. *Picked up within t*
  (`picked_up_within`, the call centre's classic figure and the simulator's `wait.service_level`):
  the share of *all* arrivals an agent starts on within t. *Replied within t* (`replied_within`,
  what a social-care target means and what `carelab run` and `carelab staff` count): the share
  whose reply is posted within t, waiting plus handling. Customers who give up count as failures
  in both, so neither exceeds 1 - P(abandon). `Measure` names the two for callers that choose.
- ASA (average speed of answer) is the mean wait of *answered* contacts, as the simulator
  measures it. The mean wait of all arrivals (abandoners counted until they leave, Erlang A's
  E[W]) is `mean_wait_minutes`. Without abandonment the two are the same.

Numerics. Erlang A's closed forms (Garnett, Mandelbaum & Reiman 2002; Mandelbaum & Zeltyn 2007,
"The Palm/Erlang-A queue") need the lower incomplete gamma function. scipy is not a dependency,
so it is implemented here in log space (series below a + 1, Lentz's continued fraction above).
Nothing is ever formed as exp(-rate x t): pyworkforce's uniformised service level does that and
collapses to about 0.1 once the total rate times the target passes ~745, which is exactly the
long-target regime of social care. The t-independent Erlang A quantities come from one positive
series summed around its largest term, so the small abandonment probabilities of patient
customers are not lost to cancellation.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

__all__ = [
    "Measure",
    "QueueFigures",
    "UnreachableTargetError",
    "agents_for_reply_level",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "halfin_whitt_beta",
    "halfin_whitt_p_wait",
    "log_lower_gamma",
    "log_lower_gamma_regularized",
    "offered_load",
    "offered_wait_exceeds",
    "queue_figures",
    "required_agents",
    "service_level_bound",
    "square_root_staffing",
]

Model = Literal["erlang_c", "erlang_a"]
Measure = Literal["replied", "picked_up"]
"""Which service level a target means: the posted reply within t, or the pick-up within t."""
_MEASURE_WORDS: dict[Measure, str] = {"replied": "replied within", "picked_up": "picked up within"}

_MINUTES_PER_HOUR = 60.0
_ROUNDING = 2.220446049250313e-16
"""Machine epsilon: expansions stop once a term no longer changes the sum."""
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
_LOG_NEGLIGIBLE = 50.0
"""Series terms below exp(-50) of the largest are dropped (together they stay below 1e-20)."""


class UnreachableTargetError(ValueError):
    """No number of agents meets the target (a 100% service level: some arrival always waits)."""


@dataclass(frozen=True)
class QueueFigures:
    """Steady-state figures of one queue at one staffing, with the inputs that produced them.

    The inputs are kept so a result can be printed, compared or serialised without its call.
    """

    agents: int
    offered_load: float
    """Work arriving, in Erlangs: arrivals per minute x AHT."""
    picked_up_within: float
    """Share of all arrivals an agent picks up within `target_minutes`; abandoners count as failures."""
    replied_within: float
    """Share of all arrivals whose reply is posted within `target_minutes` (wait plus handling);
    abandoners count as failures."""
    p_wait: float
    """Share of arrivals finding every agent busy (including those who then give up)."""
    asa_minutes: float
    """Mean wait of answered arrivals; inf when unstable, nan when nobody is answered."""
    occupancy: float
    """Share of agent time spent handling: carried load / agents."""
    p_abandon: float | None
    """Share of arrivals who give up before an answer; None for Erlang C (nobody gives up)."""
    mean_wait_minutes: float
    """Mean wait of all arrivals, abandoners counted until they leave (Erlang A's E[W])."""
    model: Model
    stable: bool
    """False only for Erlang C with agents <= offered load: the queue grows without limit."""
    target_minutes: float
    arrivals_per_hour: float
    aht_minutes: float
    patience_minutes: float | None
    """Mean (exponential) patience for Erlang A; None for Erlang C."""

    def level(self, measure: Measure) -> float:
        """The service level a target of this measure is held against."""
        return self.replied_within if measure == "replied" else self.picked_up_within


# --- input checks -------------------------------------------------------------------------------


def _check_non_negative(name: str, value: float, *, allow_inf: bool = False) -> None:
    if math.isnan(value) or value < 0 or (math.isinf(value) and not allow_inf):
        raise ValueError(f"{name} must be a finite number of at least 0, got {value!r}")


def _check_positive(name: str, value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number above 0, got {value!r}")


def _check_agents(agents: int) -> None:
    if isinstance(agents, bool) or not isinstance(agents, int | np.integer) or agents < 0:
        raise ValueError(f"agents must be a whole number of at least 0, got {agents!r}")


def _check_inputs(
    arrivals_per_hour: float,
    aht_minutes: float,
    target_minutes: float,
    patience_minutes: float | None,
) -> None:
    _check_non_negative("arrivals_per_hour", arrivals_per_hour)
    _check_positive("aht_minutes", aht_minutes)
    _check_non_negative("target_minutes", target_minutes, allow_inf=True)
    if patience_minutes is not None:
        _check_positive("patience_minutes", patience_minutes)


def offered_load(arrivals_per_hour: float, aht_minutes: float) -> float:
    """Offered load in Erlangs, A = arrivals per minute x AHT.

    Multiplied before dividing so that round inputs give round loads (100/h x 3 min is exactly
    5.0, not 5.000000000000001), which matters at the stability edge c = A.
    """
    return arrivals_per_hour * aht_minutes / _MINUTES_PER_HOUR


# --- special functions --------------------------------------------------------------------------


def _log_erlang_b(agents: int, load: float) -> float:
    """ln B(agents, load) by the classic recursion B_k = A B_(k-1) / (k + A B_(k-1)), in logs.

    In logs because B underflows for many agents on a small load, and Erlang A multiplies it by
    a factor that is astronomically large when the desk is overloaded.
    """
    if agents == 0:
        return 0.0
    if load <= 0:
        return -math.inf
    log_load = math.log(load)
    log_b = 0.0
    for k in range(1, agents + 1):
        log_b = log_load + log_b - math.log(k + load * math.exp(log_b))
    return log_b


def erlang_b(agents: int, offered_load: float) -> float:
    """Blocking probability of M/M/c/c (Erlang B): the share of arrivals finding all agents busy.

    Args:
        agents: Number of servers c (0 blocks everything).
        offered_load: Offered load A in Erlangs.
    """
    _check_agents(agents)
    _check_non_negative("offered_load", offered_load)
    return math.exp(_log_erlang_b(int(agents), offered_load))


def _stirling_error(a: float) -> float:
    """ln Gamma(a+1) - [(a + 1/2) ln a - a + ln(2 pi)/2], the remainder of Stirling's formula."""
    if a < 15.0:
        return math.lgamma(a + 1.0) - (a + 0.5) * math.log(a) + a - _HALF_LOG_2PI
    w = 1.0 / (a * a)
    return (1 / 12 - w * (1 / 360 - w * (1 / 1260 - w * (1 / 1680 - w / 1188)))) / a


def _log1p_minus(v: float) -> float:
    """ln(1 + v) - v; by its alternating series for small |v|, where the subtraction cancels."""
    if abs(v) > 0.1:
        return math.log1p(v) - v
    total, power = 0.0, v
    for k in range(2, 40):
        power *= -v
        term = power / k
        total += term
        if abs(term) <= abs(total) * _ROUNDING:
            break
    return total


def _log_poisson_kernel(a: float, z: float, log_z: float) -> float:
    """a ln z - z - ln Gamma(a+1), the log prefactor of both incomplete gamma expansions.

    Written naively its three terms are each ~ a ln a and cancel: with long patience (a ~ 1e9)
    that leaves errors of 1e-6 in the logarithm. Loader's saddle-point form, the trick behind R's
    dpois, keeps full relative precision: -a D(z/a) - ln(2 pi a)/2 - stirling_error(a), with
    D(r) = r - 1 - ln r summed as a series near r = 1.
    """
    if a < 15.0:
        return a * log_z - z - math.lgamma(a + 1.0)
    v = (z - a) / a
    if abs(v) <= 0.1:
        deviation = a * _log1p_minus(v)
    else:
        log_ratio = math.log(z / a) if z > 0 else log_z - math.log(a)
        deviation = a * log_ratio - (z - a)
    return deviation - 0.5 * math.log(a) - _HALF_LOG_2PI - _stirling_error(a)


def _iteration_limit(a: float, z: float) -> int:
    # Near z = a both expansions need O(sqrt(a)) terms; far from it they converge geometrically.
    return 1000 + int(40.0 * math.sqrt(a + z))


def _log_p_series(a: float, z: float, log_z: float) -> float:
    """ln P(a, z) from P = z^a e^-z / Gamma(a+1) * sum_k z^k / ((a+1)...(a+k)), for z < a + 1."""
    term = total = 1.0
    denominator = a
    for _ in range(_iteration_limit(a, z)):
        denominator += 1.0
        term *= z / denominator
        total += term
        if term <= total * _ROUNDING:
            return _log_poisson_kernel(a, z, log_z) + math.log(total)
    raise ArithmeticError(f"incomplete gamma series did not converge for a={a}, z={z}")


def _log_q_continued_fraction(a: float, z: float, log_z: float) -> float:
    """ln Q(a, z) = ln(Gamma(a, z) / Gamma(a)) by Lentz's continued fraction, for z >= a + 1."""
    tiny = 1e-300
    b = z + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, _iteration_limit(a, z)):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        if abs(d) < tiny:
            d = tiny
        c = b + an / c
        if abs(c) < tiny:
            c = tiny
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) <= 2 * _ROUNDING:
            # z^a e^-z / Gamma(a) = a x the kernel's z^a e^-z / Gamma(a+1)
            return _log_poisson_kernel(a, z, log_z) + math.log(a) + math.log(h)
    raise ArithmeticError(f"incomplete gamma fraction did not converge for a={a}, z={z}")


def _log_p(a: float, log_z: float) -> float:
    """ln P(a, z) given ln z, so callers can pass ln y - theta t without forming a tiny z."""
    if log_z == -math.inf:
        return -math.inf
    z = math.exp(log_z)
    if z < a + 1.0:
        return _log_p_series(a, z, log_z)
    # Here P is at least ~0.5, so ln(1 - Q) loses nothing.
    return math.log1p(-math.exp(_log_q_continued_fraction(a, z, log_z)))


def log_lower_gamma_regularized(a: float, z: float) -> float:
    """ln P(a, z) = ln(gamma(a, z) / Gamma(a)), the regularized lower incomplete gamma.

    In logs because Erlang A needs ratios like gamma(x, y e^(-theta t)) / gamma(x, y) whose parts
    underflow long before the ratio does. Series for z < a + 1, Lentz's continued fraction
    otherwise, with an iteration budget growing like sqrt(a + z) so that large arguments
    (thousands of agents, patient customers) converge too.

    Args:
        a: Shape, > 0.
        z: Argument, >= 0 (0 gives -inf, inf gives 0).
    """
    _check_positive("a", a)
    _check_non_negative("z", z, allow_inf=True)
    if z == 0:
        return -math.inf
    if math.isinf(z):
        return 0.0
    return _log_p(a, math.log(z))


def log_lower_gamma(a: float, z: float) -> float:
    """ln gamma(a, z), the (unregularized) lower incomplete gamma function."""
    return log_lower_gamma_regularized(a, z) + math.lgamma(a)


def _digamma_tail(z: float) -> float:
    """psi(z) - ln z by its asymptotic series; accurate to ~1e-17 for z >= 16."""
    w = 1.0 / (z * z)
    return -0.5 / z - w * (1 / 12 - w * (1 / 120 - w * (1 / 252 - w * (1 / 240 - w / 132))))


def _harmonic(a: float, count: int) -> float:
    """sum_{j < count} 1/(a + j) = psi(a + count) - psi(a), without subtracting two digammas."""
    if count <= 0:
        return 0.0
    if count <= 512:
        return math.fsum(1.0 / (a + j) for j in range(count))
    total = 0.0
    while a < 16.0:
        total += 1.0 / a
        a += 1.0
        count -= 1
    return total + math.log1p(count / a) + _digamma_tail(a + count) - _digamma_tail(a)


@dataclass(frozen=True)
class _ErlangASeries:
    """The t-independent parts of Erlang A, from u_k = y^k / ((x+1)(x+2)...(x+k))."""

    log_a: float
    """ln A(x, y), where A(x, y) = x e^y y^-x gamma(x, y) = sum_k u_k."""
    served: float
    """P(answered | waited) = gamma(x+1, y) / (y gamma(x, y))."""
    abandon: float
    """1 - served, summed directly (no cancellation when customers are patient)."""
    served_wait: float
    """theta x E[wait | waited and answered]."""


def _erlang_a_series(x: float, y: float) -> _ErlangASeries:
    """Sum the Erlang A series around its largest term.

    With a = x + 1, gamma(x, y) = y^x e^-y / x * sum_k u_k. So A is sum_k u_k, and the answered
    and abandoning shares among waiters, x sum_k u_k/(a+k) / sum_k u_k and
    sum_k u_k (k+1)/(a+k) / sum_k u_k, are weighted means of positive terms: no cancellation,
    whatever the patience. The mean wait of answered waiters, E[V e^(-theta V)] over the offered
    wait's density theta u^x e^-u / gamma(x, y) (u = y e^(-theta s)), reduces to the same
    weights: theta E = sum_k v_k H_k / sum_k v_k with v_k = u_k/(a+k), H_k = sum_{j<=k} 1/(a+j).

    The terms grow while y > a + k, so the sum starts at the peak and walks out until the terms
    are negligible: O(sqrt(y)) work even when the peak is millions of terms away.
    """
    a = x + 1.0
    peak = max(0, math.ceil(y - a))
    spread = 10.0 * math.sqrt(a + peak) + 60.0
    above = spread
    if y < a and (gap := math.log(a) - math.log(y)) > 0:
        above = min(above, _LOG_NEGLIGIBLE / gap + 2.0)  # terms fall at least like (y/a)^k
    lo = max(0, peak - math.ceil(spread))
    hi = peak + math.ceil(above)
    k = np.arange(lo, hi + 1, dtype=np.float64)
    log_w = np.concatenate(([0.0], np.cumsum(np.log(y / (a + k[:-1])))))
    top = float(log_w.max())
    w = np.exp(log_w - top)
    total = float(w.sum())
    # ln u_lo = lo ln y - ln[Gamma(a+lo) / Gamma(a)], as a difference of two precise kernels.
    log_y = math.log(y)
    log_u_lo = 0.0
    if lo:
        log_u_lo = _log_poisson_kernel(x + lo, y, log_y) - _log_poisson_kernel(x, y, log_y)
    inverse = 1.0 / (a + k)
    served = x * float(np.dot(w, inverse)) / total
    abandon = float(np.dot(w, (k + 1.0) * inverse)) / total
    v = w * inverse
    tails = np.cumsum(v[::-1])[::-1]  # sum_k v_k H_k = sum_j tail_j / (a+j)
    served_wait = _harmonic(a, lo) + float(np.dot(tails, inverse)) / float(v.sum())
    return _ErlangASeries(log_u_lo + top + math.log(total), served, abandon, served_wait)


def _one_over_one_plus_exp(r: float) -> float:
    """1 / (1 + e^r) without overflow for large r."""
    if r > 0:
        e = math.exp(-r)
        return e / (1.0 + e)
    return 1.0 / (1.0 + math.exp(r))


# --- Erlang C and Erlang A ----------------------------------------------------------------------


def _idle(
    model: Model,
    arrivals_per_hour: float,
    aht_minutes: float,
    agents: int,
    target_minutes: float,
    patience_minutes: float | None,
) -> QueueFigures:
    """A desk nobody contacts: nobody waits, nobody is busy, the service level holds vacuously.

    The other cases start from this record and `replace` the figures, so the inputs are copied
    in one place.
    """
    return QueueFigures(
        agents=agents,
        offered_load=0.0,
        picked_up_within=1.0,
        replied_within=_handled_within(aht_minutes, target_minutes),
        p_wait=0.0,
        asa_minutes=0.0,
        occupancy=0.0,
        p_abandon=None if patience_minutes is None else 0.0,
        mean_wait_minutes=0.0,
        model=model,
        stable=True,
        target_minutes=target_minutes,
        arrivals_per_hour=arrivals_per_hour,
        aht_minutes=aht_minutes,
        patience_minutes=patience_minutes,
    )


def _handled_within(aht_minutes: float, target_minutes: float) -> float:
    """P(Exp handling <= t): the replied-within level of a desk where nobody waits, and its ceiling."""
    return -math.expm1(-target_minutes / aht_minutes)


def _replied_within_c(p_wait: float, spare: float, aht_minutes: float, target_minutes: float) -> float:
    """Erlang C's share of replies done within t: wait plus handling, for a stable queue.

    With mu = 1/AHT and r = (c - A) mu (`spare` = c - A), the wait is 0 with probability 1 - C and
    Exp(r) otherwise, independent of the Exp(mu) handling, so P(T > t) = e^(-mu t) +
    C mu (e^(-mu t) - e^(-r t)) / (r - mu), whose limit at r = mu is e^(-mu t) (1 + C mu t).
    """
    if math.isinf(target_minutes):
        return 1.0
    mu = 1.0 / aht_minutes
    r = spare * mu
    t = target_minutes
    if math.isclose(r, mu, rel_tol=1e-9):
        late = math.exp(-mu * t) * (1.0 + p_wait * mu * t)
    else:
        late = math.exp(-mu * t) + p_wait * mu * (math.exp(-mu * t) - math.exp(-r * t)) / (r - mu)
    return min(max(1.0 - late, 0.0), 1.0)


def _replied_within_a(
    p_wait: float,
    served: float,
    x: float,
    y: float,
    patience_minutes: float,
    aht_minutes: float,
    target_minutes: float,
) -> float:
    """Erlang A's share of replies done within t: the served wait convolved with Exp(mu) handling.

    With G(w) = P(served with wait <= w) = 1 - P(W>0) + P(W>0) P(served | W>0) (1 - R1(w)),
    R1(w) = gamma(x+1, y e^(-theta w)) / gamma(x+1, y), the answer is the integral of
    mu e^(-mu (t - w)) G(w) over [0, t]. Swapping the order of the inner gamma integral gives a closed
    form in lower incomplete gammas, with b = mu/theta (patience / AHT) and z0 = y e^(-theta t):
    J / gamma(x+1, y) = R1(t) - e^(-mu t) + z0^b gamma(x+1-b, y) / gamma(x+1, y) (1 - R2(t)),
    R2 the same ratio as R1 at x+1-b, and the share is
    (1 - e^(-mu t)) (1 - P(W>0) + P(W>0) served) - P(W>0) served J / gamma(x+1, y).
    Every ratio is formed in logs, so no quadrature error and no overflow for large desks.
    """
    if math.isinf(target_minutes):
        return 1.0 - p_wait + p_wait * served
    handled = _handled_within(aht_minutes, target_minutes)
    if target_minutes == 0:
        return 0.0
    theta_t = target_minutes / patience_minutes
    log_y = math.log(y)
    b = patience_minutes / aht_minutes
    ratio_served = math.exp(_log_gamma_ratio(x + 1.0, log_y, theta_t))
    shifted_gone = -math.expm1(_log_gamma_ratio(x + 1.0 - b, log_y, theta_t))
    log_scale = b * (log_y - theta_t) + log_lower_gamma(x + 1.0 - b, y) - log_lower_gamma(x + 1.0, y)
    # z0^b gamma(x+1-b, y) / gamma(x+1, y) alone can overflow; times the share gone it is at most 1.
    shifted = math.exp(log_scale + math.log(shifted_gone)) if shifted_gone > 0 else 0.0
    late_part = ratio_served - (1.0 - handled) + shifted
    share = handled * (1.0 - p_wait + p_wait * served) - p_wait * served * late_part
    return min(max(share, 0.0), 1.0)


def _log_erlang_c(agents: int, load: float) -> float:
    """ln C = ln[c B / (c - A (1 - B))] for a stable queue (c > A)."""
    log_b = _log_erlang_b(agents, load)
    return math.log(agents) + log_b - math.log(agents - load + load * math.exp(log_b))


def erlang_c(
    arrivals_per_hour: float, aht_minutes: float, agents: int, target_minutes: float
) -> QueueFigures:
    """Erlang C (M/M/c): Poisson arrivals, exponential handle times, nobody gives up.

    P(wait) = C = c B / (c - A (1 - B)) with B = Erlang B; picked up within t: 1 - C e^(-(c - A) t / AHT);
    replied within t: see `_replied_within_c`; ASA = C AHT / (c - A); occupancy A / c. With c <= A the
    queue grows without limit: the figures are then their limits (P(wait) 1, service levels 0,
    ASA inf, occupancy 1) and `stable` is False, so callers can say so instead of crashing on a
    division by zero.

    Args:
        arrivals_per_hour: Poisson arrival rate.
        aht_minutes: Mean (exponential) handle time.
        agents: Agents handling the queue.
        target_minutes: Target t of both service levels (inf allowed).
    """
    _check_inputs(arrivals_per_hour, aht_minutes, target_minutes, None)
    _check_agents(agents)
    agents = int(agents)
    idle = _idle("erlang_c", arrivals_per_hour, aht_minutes, agents, target_minutes, None)
    if arrivals_per_hour == 0:
        return idle
    load = offered_load(arrivals_per_hour, aht_minutes)
    if agents <= load:
        return replace(
            idle,
            offered_load=load,
            picked_up_within=0.0,
            replied_within=0.0,
            p_wait=1.0,
            asa_minutes=math.inf,
            occupancy=1.0,
            mean_wait_minutes=math.inf,
            stable=False,
        )
    log_c = _log_erlang_c(agents, load)
    p_wait = math.exp(log_c)
    asa = p_wait * aht_minutes / (agents - load)
    return replace(
        idle,
        offered_load=load,
        # 1 - C e^(-(c-A)t/AHT) with the product in logs: a long target just drives it to 0.
        picked_up_within=-math.expm1(log_c - (agents - load) * target_minutes / aht_minutes),
        replied_within=_replied_within_c(p_wait, agents - load, aht_minutes, target_minutes),
        p_wait=p_wait,
        asa_minutes=asa,
        occupancy=load / agents,
        mean_wait_minutes=asa,
    )


def _log_gamma_ratio(a: float, log_y: float, theta_t: float) -> float:
    """ln[gamma(a, y e^(-theta t)) / gamma(a, y)]; one function for both, so t = 0 gives 0."""
    if theta_t == 0:
        return 0.0
    return _log_p(a, log_y - theta_t) - _log_p(a, log_y)


def erlang_a(
    arrivals_per_hour: float,
    aht_minutes: float,
    patience_minutes: float,
    agents: int,
    target_minutes: float,
) -> QueueFigures:
    """Erlang A (M/M/n+M, Palm's queue): Erlang C plus customers who give up.

    Patience is exponential. Closed forms of Mandelbaum & Zeltyn (2007), with mu = 1/AHT,
    theta = 1/patience, x = n mu/theta, y = lambda/theta, E = ErlangB(n, lambda/mu),
    rho = lambda/(n mu) and A(x, y) = x e^y y^-x gamma(x, y):

    - P(W>0) = A E / (1 + (A - 1) E)
    - P(Ab | W>0) = 1/(rho A) + 1 - 1/rho, P(Ab) = P(Ab | W>0) P(W>0), E[W] = P(Ab) / theta
    - occupancy = lambda (1 - P(Ab)) / (n mu)
    - picked up within t, abandoners as failures:
      1 - P(W>0) + P(W>0) [gamma(x+1, y) - gamma(x+1, y e^(-theta t))] / (y gamma(x, y))
    - replied within t: that distribution of the wait convolved with Exp(mu) handling
      (`_replied_within_a`)

    P(Ab | W>0) is summed as a positive series (`_erlang_a_series`) rather than by the
    difference above, which cancels for patient customers. Unlike Erlang C the queue is stable
    for any n, including n <= A: impatience keeps it finite.

    Args:
        arrivals_per_hour: Poisson arrival rate.
        aht_minutes: Mean (exponential) handle time.
        patience_minutes: Mean (exponential) time a customer waits before giving up.
        agents: Agents handling the queue (0: everybody waits and gives up).
        target_minutes: Target t of both service levels (inf allowed).
    """
    _check_inputs(arrivals_per_hour, aht_minutes, target_minutes, patience_minutes)
    _check_agents(agents)
    agents = int(agents)
    idle = _idle(
        "erlang_a",
        arrivals_per_hour,
        aht_minutes,
        agents,
        target_minutes,
        patience_minutes,
    )
    if arrivals_per_hour == 0:
        return idle
    load = offered_load(arrivals_per_hour, aht_minutes)
    if agents == 0:
        return replace(
            idle,
            offered_load=load,
            picked_up_within=0.0,
            replied_within=0.0,
            p_wait=1.0,
            asa_minutes=math.nan,
            occupancy=0.0,
            p_abandon=1.0,
            mean_wait_minutes=patience_minutes,
        )
    x = agents * patience_minutes / aht_minutes
    y = arrivals_per_hour / _MINUTES_PER_HOUR * patience_minutes
    if y == 0:  # arrivals so rare that lambda/theta underflows: as good as none
        return idle
    series = _erlang_a_series(x, y)
    log_e = _log_erlang_b(agents, load)
    not_blocked = -math.expm1(log_e)  # 1 - E; rounds to 0 only for absurd overloads
    # P(W>0) = 1 / (1 + (1 - E) / (A E)), in logs: A overflows when the desk is overloaded.
    log_odds = math.log(not_blocked) - series.log_a - log_e if not_blocked > 0 else -math.inf
    p_wait = _one_over_one_plus_exp(log_odds)
    p_abandon = p_wait * series.abandon
    answered = 1.0 - p_abandon
    not_yet = _log_gamma_ratio(x + 1.0, math.log(y), target_minutes / patience_minutes)
    return replace(
        idle,
        offered_load=load,
        picked_up_within=1.0 - p_wait + p_wait * series.served * -math.expm1(not_yet),
        replied_within=_replied_within_a(
            p_wait, series.served, x, y, patience_minutes, aht_minutes, target_minutes
        ),
        p_wait=p_wait,
        asa_minutes=p_wait * series.served * series.served_wait * patience_minutes / answered,
        occupancy=min(1.0, load * answered / agents),  # overloaded: 1 up to rounding
        p_abandon=p_abandon,
        mean_wait_minutes=p_abandon * patience_minutes,
    )


def queue_figures(
    arrivals_per_hour: float,
    aht_minutes: float,
    agents: int,
    target_minutes: float,
    patience_minutes: float | None = None,
) -> QueueFigures:
    """Erlang A when a patience is given, Erlang C otherwise: one entry point for an option."""
    if patience_minutes is None:
        return erlang_c(arrivals_per_hour, aht_minutes, agents, target_minutes)
    return erlang_a(arrivals_per_hour, aht_minutes, patience_minutes, agents, target_minutes)


def offered_wait_exceeds(
    arrivals_per_hour: float,
    aht_minutes: float,
    agents: int,
    wait_minutes: float,
    patience_minutes: float | None = None,
) -> float:
    """P(offered wait > t): the chance an arrival would wait longer than t if it never gave up.

    The offered wait is what the queue offers whatever the customer's patience, so it is the
    figure to hold against a "we respond within t" promise. Erlang A:
    P(W>0) gamma(x, y e^(-theta t)) / gamma(x, y); Erlang C: C e^(-(c - A) t / AHT), 1 when
    unstable.
    """
    figures = queue_figures(arrivals_per_hour, aht_minutes, agents, wait_minutes, patience_minutes)
    if figures.p_wait == 0 or not figures.stable or agents == 0:
        return figures.p_wait
    load = figures.offered_load
    if patience_minutes is None:
        decay = (agents - load) * wait_minutes / aht_minutes
        return math.exp(_log_erlang_c(agents, load) - decay)
    x = agents * patience_minutes / aht_minutes
    log_y = math.log(arrivals_per_hour / _MINUTES_PER_HOUR * patience_minutes)
    theta_t = wait_minutes / patience_minutes
    return figures.p_wait * math.exp(_log_gamma_ratio(x, log_y, theta_t))


# --- staffing -----------------------------------------------------------------------------------


def _log_halfin_whitt(beta: float) -> float:
    """ln [1 + beta Phi(beta) / phi(beta)]^-1, in logs: phi(beta) underflows near beta = 38."""
    if beta <= 0:
        return 0.0
    log_cdf = math.log(0.5 * math.erfc(-beta / math.sqrt(2.0)))
    r = math.log(beta) + log_cdf + 0.5 * beta * beta + _HALF_LOG_2PI
    return -(r + math.log1p(math.exp(-r))) if r > 0 else -math.log1p(math.exp(r))


def halfin_whitt_p_wait(beta: float) -> float:
    """Halfin–Whitt's P(wait) ~ [1 + beta Phi(beta) / phi(beta)]^-1 for A + beta sqrt(A) agents."""
    return math.exp(_log_halfin_whitt(beta))


def _solve_beta(wait_share: float, decay_per_beta: float) -> float:
    """The beta >= 0 with P_HW(beta) e^(-decay_per_beta beta) = wait_share (falls in beta)."""

    def excess(beta: float) -> float:
        return _log_halfin_whitt(beta) - decay_per_beta * beta - math.log(wait_share)

    lo, hi = 0.0, 1.0
    while excess(hi) > 0:
        lo, hi = hi, 2.0 * hi
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if excess(mid) > 0:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-12 * hi:
            break
    return hi


def halfin_whitt_beta(p_wait: float) -> float:
    """The safety factor beta for which Halfin–Whitt predicts this P(wait) (0.2 -> 1.0615)."""
    if not 0 < p_wait < 1:
        raise ValueError(f"p_wait must be strictly between 0 and 1, got {p_wait!r}")
    return _solve_beta(p_wait, 0.0)


def square_root_staffing(
    arrivals_per_hour: float, aht_minutes: float, target_minutes: float, service_level: float
) -> int:
    """Square-root (QED) staffing c = ceil(A + beta sqrt(A)), the first guess of the search.

    beta solves 1 - P_HW(beta) e^(-beta sqrt(A) t / AHT) = service level: Erlang C's service
    level with P(wait) replaced by Halfin–Whitt's asymptotic one, so the guess accounts for the
    target time too (with t = 0 it is the classic P(wait) rule). It is usually exact or one agent
    off, which keeps the exact search to a few evaluations.
    """
    _check_inputs(arrivals_per_hour, aht_minutes, target_minutes, None)
    if not 0 < service_level < 1:
        raise ValueError(f"service_level must be strictly between 0 and 1, got {service_level!r}")
    load = offered_load(arrivals_per_hour, aht_minutes)
    if load == 0:
        return 0
    root = math.sqrt(load)
    decay = root * target_minutes / aht_minutes
    beta = 0.0 if math.isinf(decay) else _solve_beta(1.0 - service_level, decay)
    return max(1, math.ceil(load + beta * root))


def service_level_bound(
    arrivals_per_hour: float, aht_minutes: float, target_minutes: float, service_level: float
) -> int:
    """Agents that always meet an Erlang C service level: c >= A + AHT ln(1/(1 - s)) / t.

    Since P(wait) <= 1, such c gives 1 - C e^(-(c - A) t / AHT) >= s. It caps the search and
    shows how little long targets ask for (t = 60 min, AHT 6 min, s = 90%: A + 0.23).
    """
    if not (target_minutes > 0 and 0 < service_level < 1):
        raise ValueError("the bound needs a target above 0 and a service level between 0 and 1")
    load = offered_load(arrivals_per_hour, aht_minutes)
    if math.isinf(target_minutes):
        return math.floor(load) + 1
    extra = aht_minutes * math.log(1.0 / (1.0 - service_level)) / target_minutes
    if not math.isfinite(extra):
        raise ValueError(f"a target of {target_minutes!r} min is too short for a finite bound")
    return max(math.floor(load) + 1, math.ceil(load + extra))


def _search(
    evaluate: Callable[[int], QueueFigures],
    meets: Callable[[QueueFigures], bool],
    guess: int,
    floor: int,
    cap: int,
) -> QueueFigures | None:
    """Smallest c in [floor, cap] with meets(evaluate(c)) for a monotone criterion, else None.

    Gallops from the guess (down while it meets, up while it does not) to bracket the answer,
    then bisects: a good guess costs two or three evaluations, a bad one a logarithmic number.
    """
    cache: dict[int, QueueFigures] = {}

    def good(c: int) -> bool:
        if c not in cache:
            cache[c] = evaluate(c)
        return meets(cache[c])

    start = min(max(guess, floor), cap)
    if good(start):
        hi, lo, step = start, start - 1, 1
        while lo >= floor and good(lo):
            hi, lo, step = lo, lo - step, 2 * step
        lo = max(lo, floor - 1)  # nothing below the floor meets
    else:
        lo, hi, step = start, start + 1, 1
        while True:
            if hi >= cap:
                if not good(cap):
                    return None
                hi = cap
                break
            if good(hi):
                break
            lo, step = hi, 2 * step
            hi = lo + step
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if good(mid):
            hi = mid
        else:
            lo = mid
    return cache[hi]


def required_agents(
    arrivals_per_hour: float,
    aht_minutes: float,
    target_minutes: float,
    service_level: float,
    patience_minutes: float | None = None,
    max_occupancy: float | None = None,
    *,
    measure: Measure,
) -> QueueFigures:
    """The fewest agents meeting a service level (and an occupancy cap), with their figures.

    Exact: starts from square-root staffing and searches the model itself (Erlang A with a
    patience, Erlang C without), so the answer c meets the target and c - 1 does not. Erlang C's
    search is capped by `service_level_bound`; Erlang A needs at least s x A agents, since at
    most n/A of the work can be answered. A replied-within level needs at least the agents of the
    same picked-up level (a reply is never posted before its pick-up), so the same first guess
    serves both, and it is out of reach once the handling alone is too often longer than t.

    Args:
        arrivals_per_hour: Poisson arrival rate.
        aht_minutes: Mean handle time.
        target_minutes: Answer-time target t.
        service_level: Share to answer within t, strictly between 0 and 1.
        patience_minutes: Mean patience; switches to Erlang A (abandoners count as failures).
        max_occupancy: Highest acceptable occupancy, in (0, 1]; agents are added until it holds.
        measure: Which service level the target means: "replied" (the reply posted within t) or
            "picked_up" (an agent starts within t). Named by every caller, so none assumes one.

    Raises:
        UnreachableTargetError: For a service level of 1 (with random arrivals some always
            wait), or when nothing up to a generous cap meets the target.
        ValueError: For inputs outside their ranges.
    """
    _check_inputs(arrivals_per_hour, aht_minutes, target_minutes, patience_minutes)
    if service_level == 1:
        gives_up = "" if patience_minutes is None else " and some give up"
        raise UnreachableTargetError(
            "no staffing answers 100% of arrivals within a target: with random arrivals some "
            f"always wait{gives_up}; aim below 100%"
        )
    if not 0 < service_level < 1:
        raise ValueError(f"service_level must be a share between 0 and 1, got {service_level!r}")
    if max_occupancy is not None and not 0 < max_occupancy <= 1:
        raise ValueError(f"max_occupancy must be above 0 and at most 1, got {max_occupancy!r}")
    ceiling = _handled_within(aht_minutes, target_minutes)
    if measure == "replied" and service_level >= ceiling:
        raise UnreachableTargetError(
            f"{100 * service_level:g}% of replies within {target_minutes:g} min is out of reach: with "
            f"{aht_minutes:g}-minute handling only {100 * ceiling:.1f}% take that long or less"
        )
    if arrivals_per_hour == 0:
        model: Model = "erlang_c" if patience_minutes is None else "erlang_a"
        return _idle(model, arrivals_per_hour, aht_minutes, 0, target_minutes, patience_minutes)
    load = offered_load(arrivals_per_hour, aht_minutes)

    def evaluate(agents: int) -> QueueFigures:
        return queue_figures(
            arrivals_per_hour,
            aht_minutes,
            agents,
            target_minutes,
            patience_minutes,
        )

    def meets(figures: QueueFigures) -> bool:
        calm_enough = max_occupancy is None or figures.occupancy <= max_occupancy
        return figures.stable and figures.level(measure) >= service_level and calm_enough

    guess = square_root_staffing(arrivals_per_hour, aht_minutes, target_minutes, service_level)
    bound = guess
    if patience_minutes is None:
        floor = math.floor(load) + 1
        with contextlib.suppress(ValueError):  # no finite bound for t = 0
            bound = service_level_bound(
                arrivals_per_hour,
                aht_minutes,
                target_minutes,
                service_level,
            )
    else:
        floor = max(1, math.floor(service_level * load))
    if max_occupancy is not None:
        bound = max(bound, math.ceil(load / max_occupancy))
    cap = 4 * max(bound, guess, floor) + 1000
    found = _search(evaluate, meets, guess, floor, cap)
    if found is None:
        raise UnreachableTargetError(
            f"no staffing up to {cap} agents meets {100 * service_level:g}% {_MEASURE_WORDS[measure]} "
            f"{target_minutes:g} min (offered load {load:.4g} Erlangs)"
        )
    return found


def agents_for_reply_level(
    arrivals_per_hour: float, aht_minutes: float, target_minutes: float, service_level: float
) -> int:
    """The fewest M/M/c agents with `service_level` of replies posted within the target."""
    figures = required_agents(
        arrivals_per_hour, aht_minutes, target_minutes, service_level, measure="replied"
    )
    return figures.agents
