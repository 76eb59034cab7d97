"""`python -m benchmarks.compare REV`: the benchmark year and M/M/14 on this tree and on git revision REV.

Shared machines change speed from minute to minute, so a speed claim is a ratio of two versions timed in one
sitting, never a figure held against one written down earlier. This checks REV out into a temporary git
worktree, then times the two trees in interleaved pairs (which tree goes first alternates from pair to
pair), each run a fresh interpreter with its own seed (the same seed for both trees of a pair), on this
tree's definition of the workloads. A run's figure is its CPU time (all threads of the process), which other
tenants of the machine disturb far less than wall time. The ratio reported is REV's time over this tree's,
pair by pair: above 1 means this tree is faster.

    python -m benchmarks.compare main --runs 3 [--days 365] [--customers 200000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, sys, time
from benchmarks.bench_engine import engine, year_scenario
from sim.engine import simulate
workload, size, seed = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
start = time.process_time()
if workload == "year":
    scenario = year_scenario()
    meta = scenario.meta.model_copy(update={"duration": size, "seed": seed})
    simulate(scenario.model_copy(update={"meta": meta}), 0)
    seconds = time.process_time() - start
else:
    seconds = engine(int(size), seed, clock=time.process_time)[1]
print(json.dumps({"seconds": seconds}))
"""
"""One timed run; `benchmarks` comes from this tree, `sim` from the tree under test."""

WORKLOADS = ("year", "M/M/14")


def time_run(tree: Path, workload: str, size: float, seed: int) -> float:
    """CPU seconds of one run of `workload` in a fresh interpreter on `tree`'s code."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(tree / "src"), str(ROOT)))}
    name = "year" if workload == "year" else "mmc"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, name, str(size), str(seed)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the run on {tree} failed:\n{done.stderr.strip()}")
    return float(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])


def compare(
    revision: str, runs: int, days: float, console: Console, customers: int = 200_000
) -> dict[str, Any]:
    """Interleaved pairs of runs of this tree and of `revision` for each workload; figures and ratios."""
    sizes = {"year": days * 1440.0, "M/M/14": float(customers)}
    with tempfile.TemporaryDirectory(prefix="carelab-compare-") as scratch:
        other = Path(scratch) / "tree"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(other), revision],
            check=True,
            capture_output=True,
        )
        try:
            seconds = {w: {"this tree": [], revision: []} for w in WORKLOADS}
            with Progress(console=console, transient=True) as progress:
                task = progress.add_task(f"{runs} pairs of each workload", total=2 * runs * len(WORKLOADS))
                for pair in range(runs):
                    trees = [("this tree", ROOT), (revision, other)]
                    for workload in WORKLOADS:
                        for name, tree in trees if pair % 2 == 0 else trees[::-1]:
                            seconds[workload][name].append(time_run(tree, workload, sizes[workload], pair))
                            progress.advance(task)
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], capture_output=True
            )
    return {
        "revision": revision,
        "days": days,
        "customers": customers,
        "workloads": {w: _figures(seconds[w], revision) for w in WORKLOADS},
    }


def _figures(seconds: dict[str, list[float]], revision: str) -> dict[str, Any]:
    """Each version's runs, best and median, and the ratio of the pairs (REV's time over this tree's)."""
    ratios = [theirs / ours for ours, theirs in zip(seconds["this tree"], seconds[revision], strict=True)]
    return {
        "versions": {
            name: {"runs": times, "best": min(times), "median": statistics.median(times)}
            for name, times in seconds.items()
        },
        "pair_ratios": ratios,
        "median_ratio": statistics.median(ratios),
        "best_ratio": min(seconds[revision]) / min(seconds["this tree"]),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Parse the arguments, compare, print a table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", help="git revision to compare with, e.g. main or HEAD~3")
    parser.add_argument("--runs", type=int, default=3, help="runs of each version (default 3)")
    parser.add_argument("--days", type=float, default=365.0, help="simulated days (default the year)")
    parser.add_argument("--customers", type=int, default=200_000, help="customers per M/M/14 run")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    console = Console(stderr=args.json)
    figures = compare(args.revision, args.runs, args.days, console, args.customers)
    if args.json:
        print(json.dumps(figures, indent=2))
        return figures
    table = Table(
        title=f"CPU seconds, {args.days:g} days and {args.customers:,} M/M/14 customers", title_justify="left"
    )
    for column in ("workload", "version", "best", "median", "runs"):
        table.add_column(column, justify="left" if column in ("workload", "version") else "right")
    for workload, result in figures["workloads"].items():
        for name, version in result["versions"].items():
            runs = ", ".join(f"{s:.2f}" for s in version["runs"])
            table.add_row(workload, name, f"{version['best']:.2f}", f"{version['median']:.2f}", runs)
    console.print(table)
    for workload, result in figures["workloads"].items():
        pairs = ", ".join(f"{r:.2f}" for r in result["pair_ratios"])
        console.print(
            f"{workload}: {args.revision} takes {result['median_ratio']:.2f}x this tree's CPU time "
            f"(median of pairs: {pairs}; best against best {result['best_ratio']:.2f}x)"
        )
    return figures


if __name__ == "__main__":
    main()
