"""`python -m benchmarks.compare REV`: the benchmark year on this tree and on git revision REV, side by side.

Shared machines change speed from hour to hour, so a speed claim is a ratio of two versions timed in one
sitting, never a figure held against one written down earlier. This checks REV out into a temporary git
worktree, then alternates fresh interpreters between the two trees (this one first), each simulating the
benchmark year of `bench_engine` (this tree's definition for both, so the workload is the same), and reports
each version's best and median wall time and their ratios.

    python -m benchmarks.compare HEAD~3 --runs 3 [--days 365] [--json]
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
from benchmarks.bench_engine import year_scenario
from sim.engine import simulate
scenario = year_scenario()
meta = scenario.meta.model_copy(update={"duration": float(sys.argv[1])})
scenario = scenario.model_copy(update={"meta": meta})
start = time.perf_counter()
simulate(scenario, 0)
print(json.dumps({"seconds": time.perf_counter() - start}))
"""
"""One timed run; `benchmarks` comes from this tree, `sim` from the tree under test."""


def time_run(tree: Path, minutes: float) -> float:
    """Wall seconds of one `simulate` of the benchmark year in a fresh interpreter on `tree`'s code."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(tree / "src"), str(ROOT)))}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(minutes)], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"the run on {tree} failed:\n{done.stderr.strip()}")
    return float(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])


def compare(revision: str, runs: int, days: float, console: Console) -> dict[str, Any]:
    """Alternate runs of this tree and of `revision`; the figures of both and the ratios."""
    with tempfile.TemporaryDirectory(prefix="carelab-compare-") as scratch:
        other = Path(scratch) / "tree"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(other), revision],
            check=True,
            capture_output=True,
        )
        try:
            seconds: dict[str, list[float]] = {"this tree": [], revision: []}
            with Progress(console=console, transient=True) as progress:
                task = progress.add_task(f"{days:g} days, {runs} runs each", total=2 * runs)
                for _ in range(runs):
                    for name, tree in (("this tree", ROOT), (revision, other)):
                        seconds[name].append(time_run(tree, days * 1440.0))
                        progress.advance(task)
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], capture_output=True
            )
    figures: dict[str, dict[str, Any]] = {
        name: {"runs": times, "best": min(times), "median": statistics.median(times)}
        for name, times in seconds.items()
    }
    ours, theirs = figures["this tree"], figures[revision]
    return {
        "days": days,
        "versions": figures,
        "best_ratio": theirs["best"] / ours["best"],
        "median_ratio": theirs["median"] / ours["median"],
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Parse the arguments, compare, print a table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", help="git revision to compare with, e.g. main or HEAD~3")
    parser.add_argument("--runs", type=int, default=3, help="runs of each version (default 3)")
    parser.add_argument("--days", type=float, default=365.0, help="simulated days (default the year)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    console = Console(stderr=args.json)
    figures = compare(args.revision, args.runs, args.days, console)
    if args.json:
        print(json.dumps(figures, indent=2))
        return figures
    table = Table(title=f"The benchmark year, {args.days:g} days, side by side", title_justify="left")
    for column in ("version", "best s", "median s", "runs"):
        table.add_column(column, justify="left" if column == "version" else "right")
    for name, version in figures["versions"].items():
        runs = ", ".join(f"{s:.1f}" for s in version["runs"])
        table.add_row(name, f"{version['best']:.2f}", f"{version['median']:.2f}", runs)
    console.print(table)
    console.print(
        f"{args.revision} takes {figures['best_ratio']:.2f}x this tree's time at best, "
        f"{figures['median_ratio']:.2f}x at the median."
    )
    return figures


if __name__ == "__main__":
    main()
