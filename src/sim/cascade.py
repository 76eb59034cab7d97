"""Viral complaint cascades: a marked self-exciting (Hawkes) process, drawn in its branching form.

A post with `m` followers begets a Poisson number of reshares, each after an independent delay from
the memory kernel, and every reshare begets reshares the same way: the cluster representation of a
Hawkes process without background rate (Rizoiu et al. 2017, "A Tutorial on Hawkes Processes for
Events in Social Media"). Drawn one generation at a time, with one numpy call per step for all
cascades at once, it is exact and runs at millions of events per second, where Ogata thinning with a
power-law kernel manages about 90 k/s (research/traffic.md, section 1). The caller places the roots.

Offspring mean. The marked power-law kernel `kappa * m**beta * (tau + c)**-(1 + theta)` gives a post
`kappa * m**beta / (theta * c**theta)` children. We parametrise by the branching factor `n*` instead
of `kappa`: a post's mean is `n* * m**beta / E[m**beta]`, with `E[m**beta]` taken over resharers'
followers (lognormal, so `E[m**beta] = exp(beta * mu + beta**2 * sigma**2 / 2)`). A reshare then has
`n*` children on average whatever `beta` is, so `n*` keeps its textbook meaning (reshares per
reshare; the expected size is finite iff `n* < 1`), and scenarios never need `kappa`, whose value
depends on the kernel and the time unit (`kappa_from_branching` and `branching_from_kappa` convert).
A root's mean (`A1`) follows from its own followers: a customer with 20 followers spreads less than
a typical resharer (median 183).

Branching factor per cascade. `n*` is drawn per root from Beta(a, b) and multiplied by the caller's
factor (complaints spread more than praise, an ignored customer's public follow-up more still). One
shared `n*` leaves only 48-66% of posts without a reshare (research/traffic.md, section 1), short of
the 93% observed for tweets; Beta(0.5, 6) gives 93% where followers do not matter (`beta` = 0). With
the default `beta` and horizon, authors who spread like resharers leave 94.5% of their posts
unshared and ordinary customers (median 20 followers) 98.65% (test_cascade). Without an audience cap
`n*` is clipped to `max_branching < 1`: a supercritical cascade without a cap explodes within the
horizon.

Layout of `Cascades`: roots first (index `i` is root `i`, in the caller's order), then generation 1,
2, ..., each generation grouped by root in ascending order. Parents therefore precede their
children, and whatever walks the tree (reply thinning) takes one vectorised slice per generation.

Randomness comes only from the generator passed in, in a fixed order: a Beta draw for every root
(even where the caller fixes `n*`, so scripting one root never shifts the draws of the others), the
roots' offspring counts, then per generation: delays, audience-cap uniforms (only with a cap),
followers, the thinning uniforms `u`, offspring counts. The same generator state gives identical
arrays.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, fields
from typing import Any, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sim.scenarios.world import ReshareKernel, Viral

Kernel = ReshareKernel
KERNELS: tuple[Kernel, ...] = get_args(ReshareKernel)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class CascadeParams:
    """How posts spread: delay kernel, branching, resharers' followers, horizon and audience cap.

    Plain values built from a scenario's `viral` section by `CascadeParams.of`, under the same names (times
    in minutes). `sim.scenarios.world.Viral` is their one home: it holds their defaults and sources and
    validates them, so nothing here repeats either. What stays behind in `Viral` is what only a scenario
    knows (whether cascades run at all, the kinds' factors, the scripted events).
    """

    kernel: Kernel
    """Delay shape. "seismic": flat for `scale` (s0), then a power law with exponent -(1 + theta).
    "power_law": Lomax, (tau + c)**-(1 + theta) with c = `scale`."""
    theta: float
    """Power-law exponent of the delay kernel."""
    scale: float
    """Kernel time scale in minutes: SEISMIC's plateau s0, or the power law's c."""
    beta: float
    """Exponent of followers in the offspring mean (m**beta): 0 makes followers irrelevant; 1 is SEISMIC's
    linear influence."""
    branching_a: float
    """First parameter of the Beta distribution of each cascade's branching factor."""
    branching_b: float
    """Second parameter of that Beta distribution."""
    resharer_mu: float
    """Log-mean of resharers' followers."""
    resharer_sigma: float
    """Log-standard deviation of resharers' followers."""
    horizon: float
    """Minutes after their root beyond which reshares are not drawn. Mandatory: the SEISMIC kernel has an
    infinite mean, so without a horizon nothing ends."""
    audience_cap: int | None
    """Most reshares one cascade can reach (HawkesN). With a cap `n*` may exceed 1: a hot scenario can run
    supercritical and still saturate. None: unbounded audience."""
    max_branching: float
    """Upper clip of `n*` when there is no audience cap; below 1 so every cascade stays finite."""

    @classmethod
    def of(cls, viral: Viral) -> CascadeParams:
        """The parameters of a validated `viral` section (every field here is one of its fields)."""
        return cls(**{field.name: getattr(viral, field.name) for field in fields(cls)})

    @property
    def mark_moment(self) -> float:
        """E[m**beta] over resharers' followers: the normaliser making `n*` reshares per reshare."""
        return math.exp(self.beta * self.resharer_mu + (self.beta * self.resharer_sigma) ** 2 / 2)

    @property
    def kernel_integral(self) -> float:
        """Integral over all delays of the kernel that `kappa` multiplies.

        For "power_law" the kernel is (tau + c)**-(1 + theta), with integral 1 / (theta c**theta),
        as in the tutorial. SEISMIC's memory kernel is a density (its c0 = theta / (s0 (1 + theta))
        makes it integrate to 1), so there `kappa` is SEISMIC's infectiousness p.
        """
        if self.kernel == "power_law":
            return 1.0 / (self.theta * self.scale**self.theta)
        return 1.0


@dataclass(frozen=True, eq=False)
class Cascades:
    """All posts of a batch of cascades as read-only parallel arrays, roots first.

    Index `i < n_roots` is root `i`; reshares follow generation by generation, each generation
    grouped by root. Arrays rather than objects, as a year of a global brand has millions of posts.
    """

    time: FloatArray
    """Minutes since the scenario's start (UTC)."""
    parent: IntArray
    """Index of the post this one reshared; -1 for roots."""
    root: IntArray
    """Index of the cascade's root (its own index for a root)."""
    generation: NDArray[np.int32]
    """0 for roots, 1 for reshares of a root, and so on; non-decreasing along the arrays."""
    followers: IntArray
    """The poster's followers (the caller's for roots, drawn for reshares)."""
    u: FloatArray
    """Uniform in [0, 1) drawn with each reshare, so that reply thinning is a deterministic function
    of the drawn cascades and the reply times (replies can change without redrawing). 0 for roots,
    which are never thinned."""
    branching: FloatArray
    """Branching factor `n*` of each cascade (one per root), after the multiplier and clipping."""

    @property
    def n_roots(self) -> int:
        """Number of cascades (roots)."""
        return int(self.branching.shape[0])

    def __len__(self) -> int:
        return int(self.time.shape[0])

    def size_by_root(self, keep: ArrayLike | None = None) -> IntArray:
        """Posts per cascade, root included (subtract 1 for reshares).

        Args:
            keep: Optional boolean mask over all posts (e.g. from `thin_after_reply`) to count.

        Returns:
            An int64 array of length `n_roots`.
        """
        roots = self.root if keep is None else self.root[_mask(keep, len(self))]
        return np.bincount(roots, minlength=self.n_roots).astype(np.int64)

    def generation_bounds(self) -> IntArray:
        """Offsets `b` such that generation `g` is the slice `b[g]:b[g + 1]` of every array."""
        last = int(self.generation[-1]) if len(self) else -1
        return np.searchsorted(self.generation, np.arange(last + 2)).astype(np.int64)


def expected_children(followers: ArrayLike, n_star: ArrayLike, params: CascadeParams) -> FloatArray:
    """Mean number of direct reshares of a post: `n* * m**beta / E[m**beta]`.

    For a root this is the tutorial's A1; over the resharer follower distribution it averages `n*`.

    Args:
        followers: The poster's followers `m` (broadcast against `n_star`).
        n_star: Branching factor of the post's cascade.
        params: Supplies `beta` and `E[m**beta]`.

    Returns:
        The Poisson mean of the number of children, as float64.
    """
    marks = np.asarray(followers, dtype=np.float64)
    return np.asarray(n_star, dtype=np.float64) * marks**params.beta / params.mark_moment


def expected_size(
    root_followers: ArrayLike,
    n_star: ArrayLike,
    params: CascadeParams,
) -> FloatArray:
    """Expected posts in a cascade under the horizon, root included: `1 + A1 F / (1 - n* F)`.

    Rizoiu et al. (2017)'s `1 + A1 / (1 - n*)` with the kernel truncated at the horizon: `F` is the
    share of reshare delays within it (`delay_cdf(horizon)`, 0.843 for the default three days), so
    every post's expected children are `F` times those of the untruncated kernel. The untruncated
    formula counts reshares that would come after the horizon, which are never drawn: at the default
    horizon it overstates the mean simulated size by 21% (n* = 0.5, a root with 1,000 followers) to
    126% (n* = 0.85, 20,000 followers). This one is still an upper bound, as a reshare has less of the
    horizon left than its root: by at most 3% at those settings (`tests/test_viral_claims.py`). It
    ignores the audience cap and the end of the run, which make cascades smaller still; `inf` when
    `n* F >= 1`, unless the root expects no children at all.

    Args:
        root_followers: The root author's followers.
        n_star: The cascade's branching factor.
        params: Supplies `beta`, `E[m**beta]`, the kernel and the horizon.

    Returns:
        Expected sizes as float64, broadcast over the two inputs.
    """
    within = float(delay_cdf(params.horizon, params))
    star = np.asarray(n_star, dtype=np.float64) * within
    first = expected_children(root_followers, n_star, params) * within
    with np.errstate(divide="ignore", invalid="ignore"):
        size = np.where(star < 1, 1 + first / (1 - star), np.inf)
    return np.where(first == 0, 1.0, size)


def kappa_from_branching(n_star: ArrayLike, params: CascadeParams) -> FloatArray:
    """The marked Hawkes `kappa` (time in minutes) that gives branching factor `n*`.

    `kappa = n* / (E[m**beta] * kernel_integral)`; for "power_law" that is
    `n* * theta * c**theta / E[m**beta]`, the tutorial's `n* = kappa E[m**beta] / (theta c**theta)`
    solved for `kappa`. For comparing with models fitted in the `kappa` form.
    """
    return np.asarray(n_star, dtype=np.float64) / (params.mark_moment * params.kernel_integral)


def branching_from_kappa(kappa: ArrayLike, params: CascadeParams) -> FloatArray:
    """The branching factor `n* = kappa * E[m**beta] * kernel_integral` of a fitted `kappa`.

    The fit's `kappa` must be in minutes and its marks must follow these parameters' follower model:
    the same `kappa` with other marks (e.g. the tutorial's Pareto) gives another `n*`.
    """
    return np.asarray(kappa, dtype=np.float64) * params.mark_moment * params.kernel_integral


def delay_cdf(minutes: ArrayLike, params: CascadeParams) -> FloatArray:
    """Probability that a reshare comes within `minutes` of the post it reshares.

    SEISMIC: `theta t / (s0 (1 + theta))` up to s0, then `1 - (t / s0)**-theta / (1 + theta)`.
    Power law (Lomax): `1 - (1 + t / c)**-theta`. Zero for negative times.
    """
    t = np.maximum(np.asarray(minutes, dtype=np.float64), 0.0)
    theta, scale = params.theta, params.scale
    if params.kernel == "power_law":
        return 1.0 - (1.0 + t / scale) ** -theta
    head = theta * t / (scale * (1.0 + theta))
    tail = 1.0 - (np.maximum(t, scale) / scale) ** -theta / (1.0 + theta)
    return np.where(t <= scale, head, tail)


def grow(
    root_times: ArrayLike,
    root_followers: ArrayLike,
    params: CascadeParams,
    rng: np.random.Generator,
    *,
    branching_multiplier: ArrayLike = 1.0,
    branching: ArrayLike | None = None,
    end_time: float | None = None,
) -> Cascades:
    """Draw the reshare cascades of a batch of roots, one generation of all cascades at a time.

    Call it again with another generator (e.g. `rng.spawn(1)[0]`) for a later batch, such as the
    public follow-ups of ignored customers with a boosted multiplier; each batch is its own
    `Cascades`, so the first batch's draws never depend on whether there is a second.

    The audience cap (HawkesN) multiplies the offspring intensity by `1 - N_t / N`. Generation-wise,
    each new reshare is kept with probability `max(0, 1 - r / N)`, `r` being the cascade's reshares
    of earlier generations, and a generation that would still overshoot keeps only its first `N - r`
    reshares (in parent order), so no cascade ever exceeds `N` reshares. The approximation: siblings
    in one generation do not deplete each other's audience, and earlier generations deplete it even
    where they come later in time. What-ifs care about the saturation level, which both forms share.

    Args:
        root_times: Posting time of each root, minutes since the scenario's start.
        root_followers: Each root author's followers (non-negative; rounded to whole numbers).
        params: Kernel, branching and follower parameters.
        rng: The only source of randomness, advanced in the order given in the module docstring.
        branching_multiplier: Factor on each root's Beta-drawn `n*` (scalar or one per root), e.g.
            by mention kind, or a silence boost for follow-ups.
        branching: Optional fixed `n*` per root (scripted viral posts); NaN entries are drawn as
            usual. Without an audience cap fixed values are clipped to `max_branching` too.
        end_time: Optional absolute time after which no reshare is drawn (the end of the run).

    Returns:
        The cascades, root `i` being the `i`-th root given.

    Raises:
        ValueError: On mismatched lengths, non-finite times, negative followers or factors.
    """
    times = _vector(root_times, "root_times")
    n = len(times)
    if not np.isfinite(times).all():
        raise ValueError("root_times must be finite")
    root_marks = _vector(root_followers, "root_followers")
    if root_marks.shape != (n,) or not (np.isfinite(root_marks) & (root_marks >= 0)).all():
        raise ValueError("root_followers needs one finite, non-negative count per root")
    factor, fixed = _branching_inputs(n, branching_multiplier, branching)
    limit = times + params.horizon
    if end_time is not None:
        np.minimum(limit, end_time, out=limit)
    rounded = np.rint(root_marks)
    followers = rounded.astype(np.int64)
    # The roots' m**beta of `expected_children`.
    expected = np.power(rounded, params.beta, out=rounded)

    n_star = _branching(rng.beta(params.branching_a, params.branching_b, n), factor, fixed, params)
    expected *= n_star
    expected /= params.mark_moment
    counts = rng.poisson(expected)
    index = np.arange(n, dtype=np.int64)
    reshares = np.zeros(n, dtype=np.int64)
    gen_index, gen_time, gen_root = index, times, index
    offset, generation = n, 0
    columns: list[tuple[NDArray[Any], ...]] = []  # per generation: time, parent, root, generation, marks, u
    while counts.any():
        generation += 1
        # Position of each new reshare's parent in the previous generation: one pass over what may be
        # millions of roots, then work on the few that have children.
        parents = np.flatnonzero(counts)
        begat = np.repeat(parents, counts[parents])
        root, parent = gen_root[begat], gen_index[begat]
        time = gen_time[begat] + _delays(root.shape[0], params, rng)
        born = time <= limit[root]
        root, parent, time = root[born], parent[born], time[born]
        if params.audience_cap is not None:
            fits = _within_audience(root, reshares, params.audience_cap, rng)
            root, parent, time = root[fits], parent[fits], time[fits]
            reshares += np.bincount(root, minlength=n)
        k = int(root.shape[0])
        drawn = rng.lognormal(params.resharer_mu, params.resharer_sigma, k)
        marks = np.rint(drawn).astype(np.int64)
        u = rng.random(k)
        counts = rng.poisson(expected_children(marks, n_star[root], params))
        columns.append((time, parent, root, np.full(k, generation, np.int32), marks, u))
        gen_index, gen_time, gen_root = np.arange(offset, offset + k, dtype=np.int64), time, root
        offset += k

    reshare_columns = list(zip(*columns, strict=True)) or [()] * 6
    n_star.flags.writeable = False
    return Cascades(
        time=_column(times, reshare_columns[0], n, np.float64),
        parent=_column(-1, reshare_columns[1], n, np.int64),
        root=_column(index, reshare_columns[2], n, np.int64),
        generation=_column(0, reshare_columns[3], n, np.int32),
        followers=_column(followers, reshare_columns[4], n, np.int64),
        u=_column(0.0, reshare_columns[5], n, np.float64),
        branching=n_star,
    )


def thin_after_reply(
    cascades: Cascades,
    reply_time_per_root: ArrayLike,
    keep_prob: ArrayLike,
) -> BoolArray:
    """Which posts still happen once the brand has replied: a reply damps the cascade from then on.

    A reshare is kept iff its parent is kept and it came before its root's reply or its pre-drawn
    `u` is below `keep_prob`. That is exact thinning of a Hawkes process whose intensity drops to
    `keep_prob` times its value after the reply: each later reshare survives independently, and a
    removed reshare takes its subtree with it. As `u` was drawn with the cascade, the result is
    deterministic, and a better reply (higher `keep_prob`) keeps a superset of what a worse one
    keeps.

    Args:
        cascades: Drawn cascades.
        reply_time_per_root: The brand's first reply to each root; NaN or inf: never replied.
        keep_prob: Share of later reshares that still happen: scalar, or per root (reply quality).

    Returns:
        A boolean mask over all posts; roots are always kept.
    """
    n = cascades.n_roots
    reply = _per_root(reply_time_per_root, n, "reply_time_per_root")
    reply = np.where(np.isnan(reply), np.inf, reply)
    prob = _per_root(keep_prob, n, "keep_prob")
    if not ((prob >= 0) & (prob <= 1)).all():
        raise ValueError("keep_prob must lie in [0, 1]")
    keep = np.ones(len(cascades), dtype=bool)
    for start, stop in itertools.pairwise(cascades.generation_bounds()[1:]):
        root = cascades.root[start:stop]
        before = cascades.time[start:stop] < reply[root]
        spared = cascades.u[start:stop] < prob[root]
        keep[start:stop] = keep[cascades.parent[start:stop]] & (before | spared)
    return keep


def reach_by_root(
    cascades: Cascades,
    until_time_per_root: ArrayLike | None = None,
    keep: ArrayLike | None = None,
) -> FloatArray:
    """Followers reached per cascade: the author's plus every (kept) resharer's before `until`.

    With `until` = the first response time this is a complaint's negative reach: the people who saw
    it while it went unanswered. A sum of followers, so an upper bound on distinct people (audiences
    overlap).

    Args:
        cascades: Drawn cascades.
        until_time_per_root: Count reshares strictly before this time (scalar or per root); None,
            NaN or inf count them all. The author's own followers always count.
        keep: Optional boolean mask over all posts, e.g. from `thin_after_reply`.

    Returns:
        Reach per root as float64, length `n_roots`.
    """
    counted = np.ones(len(cascades), dtype=bool)
    if until_time_per_root is not None:
        until = _per_root(until_time_per_root, cascades.n_roots, "until_time_per_root")
        until = np.where(np.isnan(until), np.inf, until)
        counted = (cascades.parent < 0) | (cascades.time < until[cascades.root])
    if keep is not None:
        counted &= _mask(keep, len(cascades))
    weights = np.where(counted, cascades.followers, 0).astype(np.float64)
    reach = np.bincount(cascades.root, weights=weights, minlength=cascades.n_roots)
    return np.asarray(reach, dtype=np.float64)


def reach_curve(
    cascades: Cascades,
    root: int,
    times: ArrayLike,
    keep: ArrayLike | None = None,
) -> FloatArray:
    """Cumulative reach of one cascade at each of `times`, for charts and a live reach meter.

    Args:
        cascades: Drawn cascades.
        root: Index of the cascade's root.
        times: When to read the curve (minutes since the scenario's start), in any order.
        keep: Optional boolean mask over all posts, e.g. from `thin_after_reply`.

    Returns:
        Followers of the cascade's (kept) posts made at or before each time, as float64 (0 before
        the root was posted).
    """
    if not 0 <= root < cascades.n_roots:
        raise ValueError(f"root {root} is not one of the {cascades.n_roots} cascades")
    mine = np.flatnonzero(cascades.root == root)
    if keep is not None:
        mine = mine[_mask(keep, len(cascades))[mine]]
    order = np.argsort(cascades.time[mine], kind="stable")
    posted = cascades.time[mine][order]
    total = np.concatenate(([0.0], np.cumsum(cascades.followers[mine][order], dtype=np.float64)))
    return total[np.searchsorted(posted, np.asarray(times, dtype=np.float64), side="right")]


def _branching_inputs(
    n: int, multiplier: ArrayLike, fixed: ArrayLike | None
) -> tuple[FloatArray, tuple[IntArray, FloatArray]]:
    """The checked multiplier per root, and which roots have a fixed `n*` (indices, values)."""
    factor = _per_root(multiplier, n, "branching_multiplier")
    if not (np.isfinite(factor) & (factor >= 0)).all():
        raise ValueError("branching_multiplier must be finite and >= 0")
    if fixed is None:
        return factor, (np.empty(0, dtype=np.int64), np.empty(0))
    chosen = _per_root(fixed, n, "branching")
    if (chosen < 0).any() or np.isinf(chosen).any():
        raise ValueError("branching must be finite and >= 0 (NaN to draw)")
    scripted = np.flatnonzero(~np.isnan(chosen))
    return factor, (scripted, chosen[scripted])


def _branching(
    draws: FloatArray, factor: FloatArray, fixed: tuple[IntArray, FloatArray], params: CascadeParams
) -> FloatArray:
    """Each root's `n*`: Beta draw times multiplier, or the caller's value; clipped if uncapped."""
    n_star = draws * factor
    scripted, values = fixed
    n_star[scripted] = values
    if params.audience_cap is None:
        np.minimum(n_star, params.max_branching, out=n_star)
    return n_star


def _delays(k: int, params: CascadeParams, rng: np.random.Generator) -> FloatArray:
    """`k` delays from the kernel, by inverting its CDF (see `delay_cdf`).

    `w = 1 - U` lies in (0, 1], so the power stays finite; with a tiny `theta` a delay may still
    overflow to inf, which lies beyond any horizon and is dropped with it.
    """
    w = 1.0 - rng.random(k)
    theta, scale = params.theta, params.scale
    with np.errstate(over="ignore"):
        if params.kernel == "power_law":
            return scale * (w ** (-1.0 / theta) - 1.0)
        stretched = w * (1.0 + theta)
        tail = scale * stretched ** (-1.0 / theta)
    head = scale * (1.0 - w) * (1.0 + theta) / theta
    return np.where(stretched >= 1.0, head, tail)


def _within_audience(
    root: IntArray,
    reshares: IntArray,
    cap: int,
    rng: np.random.Generator,
) -> BoolArray:
    """HawkesN thinning of one generation (see `grow`): which new reshares the audience allows.

    Relies on the generation being grouped by root in ascending order: a reshare's rank among its
    cascade's survivors is its position minus the position of the cascade's first survivor.
    """
    room = 1.0 - reshares[root] / cap
    alive = rng.random(root.shape[0]) < room
    survivors = root[alive]
    rank = np.arange(survivors.shape[0]) - np.searchsorted(survivors, survivors)
    alive[np.flatnonzero(alive)[rank >= cap - reshares[survivors]]] = False
    return alive


def _column(roots: ArrayLike, reshares: tuple[NDArray[Any], ...], n: int, dtype: type[Any]) -> NDArray[Any]:
    """One read-only column of `Cascades`: the `n` roots' values (or one value for all), then the reshares'.

    Filled in place: with millions of roots and few reshares, building the roots' part and then
    concatenating would copy the largest part twice.
    """
    column = np.empty(n + sum(len(part) for part in reshares), dtype=dtype)
    column[:n] = roots
    if reshares:
        np.concatenate(reshares, out=column[n:])
    column.flags.writeable = False
    return column


def _vector(values: ArrayLike, name: str) -> FloatArray:
    """`values` as a 1-D float64 array, or a ValueError naming the argument."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    return array


def _per_root(values: ArrayLike, n: int, name: str) -> FloatArray:
    """A scalar or one value per root, as a float64 array of length `n`."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 0:
        return np.full(n, float(array))
    if array.shape != (n,):
        raise ValueError(f"{name} needs a scalar or one value per root ({n}), not {array.shape}")
    return array


def _mask(keep: ArrayLike, n: int) -> BoolArray:
    """`keep` as a boolean mask over the `n` posts."""
    mask = np.asarray(keep, dtype=bool)
    if mask.shape != (n,):
        raise ValueError(f"keep needs one flag per post ({n}), not shape {mask.shape}")
    return mask
