"""Cascade benchmark: events (roots + reshares) per second drawn by `sim.cascade.grow`.

Run with `python -m benchmarks cascade` or `python benchmarks/bench_cascade.py [--roots N]`.
Prints a table and returns the figures as a dict; nothing asserts timings (they depend on the
machine). The target from research/traffic.md is at least 5 M events/s, against ~90 k/s for Ogata
thinning with a power-law kernel (tick).

Each figure is the median of `--repeats` runs, each with a fresh generator:
1. Ordinary customers: default parameters, roots with lognormal followers (median 20, log-sd 1.2),
   branching multiplier 1. Reshares are rare (~1.7 per 100 roots), so this mostly times the roots.
2. Hot roots: resharer-like followers (lognormal 5.217, 1.608) and a complaint-like multiplier 1.5:
   ~12 reshares per 100 roots, up to ~20 generations, so it times the generation loop too.
3. The engine's post-run hooks on the hot cascades: `thin_after_reply` then `reach_by_root`.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from sim.cascade import (
    CascadeParams,
    Cascades,
    FloatArray,
    IntArray,
    grow,
    reach_by_root,
    thin_after_reply,
)
from sim.scenarios.world import Viral

WEEK = 7 * 1440.0
SEED = 2015


def _roots(count: int, hot: bool, params: CascadeParams) -> tuple[FloatArray, IntArray]:
    """Root times over a week and followers, drawn outside the timed region."""
    rng = np.random.default_rng(SEED)
    times = np.sort(rng.uniform(0.0, WEEK, count))
    if hot:
        followers = rng.lognormal(params.resharer_mu, params.resharer_sigma, count)
    else:
        followers = 20.0 * np.exp(1.2 * rng.standard_normal(count))
    return times, np.rint(followers).astype(np.int64)


def _median_seconds(run: Callable[[int], object], repeats: int) -> float:
    """Median wall time of `run(repeat)` over the repeats."""
    seconds = []
    for repeat in range(repeats):
        start = time.perf_counter()
        run(repeat)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def _grow_case(count: int, hot: bool, repeats: int) -> tuple[Cascades, dict[str, float]]:
    """Time `grow` on one kind of root; return the last draw and its figures."""
    params = CascadeParams.of(Viral())
    times, followers = _roots(count, hot, params)
    multiplier = 1.5 if hot else 1.0
    drawn: list[Cascades] = []

    def run(repeat: int) -> None:
        rng = np.random.default_rng([SEED, repeat])
        drawn[:] = [grow(times, followers, params, rng, branching_multiplier=multiplier)]

    seconds = _median_seconds(run, repeats)
    return drawn[0], _figures(drawn[0], seconds)


def _hooks_case(cascades: Cascades, repeats: int) -> dict[str, float]:
    """Time reply thinning plus reach, replies 21 min after each root (the Kaggle median)."""
    reply = cascades.time[: cascades.n_roots] + 21.0

    def run(_: int) -> None:
        keep = thin_after_reply(cascades, reply, 0.3)
        reach_by_root(cascades, reply, keep)

    return _figures(cascades, _median_seconds(run, repeats))


def _figures(cascades: Cascades, seconds: float) -> dict[str, float]:
    return {
        "roots": float(cascades.n_roots),
        "events": float(len(cascades)),
        "generations": float(cascades.generation.max()),
        "seconds": seconds,
        "events_per_second": len(cascades) / seconds,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the three cases, print a table, return the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roots", type=int, default=1_000_000, help="roots per run")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (median)")
    args = parser.parse_args(argv)
    _, ordinary = _grow_case(args.roots, hot=False, repeats=args.repeats)
    hot_cascades, hot = _grow_case(args.roots, hot=True, repeats=args.repeats)
    results = {
        "grow_ordinary": ordinary,
        "grow_hot": hot,
        "thin_and_reach": _hooks_case(hot_cascades, args.repeats),
    }
    labels = {
        "grow_ordinary": "grow: ordinary",
        "grow_hot": "grow: hot x1.5",
        "thin_and_reach": "thin + reach",
    }
    table = Table(title=f"Cascades, median of {args.repeats} runs", title_justify="left")
    for column in ("case", "roots", "events", "generations", "seconds", "events/s"):
        table.add_column(column, justify="left" if column == "case" else "right")
    for key, figures in results.items():
        table.add_row(
            labels[key],
            f"{figures['roots']:,.0f}",
            f"{figures['events']:,.0f}",
            f"{figures['generations']:.0f}",
            f"{figures['seconds']:.3f}",
            f"{figures['events_per_second'] / 1e6:.1f} M",
        )
    Console().print(table)
    return results


if __name__ == "__main__":
    main()
