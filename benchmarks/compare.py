"""`python -m benchmarks.compare REV`: the benchmark year, M/M/14 and the export on this tree and on REV.

Shared machines change speed from minute to minute, so a speed claim is a ratio of two versions timed in one
sitting, never a figure held against one written down earlier. This checks REV out into a temporary git
worktree, then times the two trees in interleaved pairs (which tree goes first alternates from pair to
pair), each run a fresh interpreter with its own seed (the same seed for both trees of a pair), on this
tree's definition of the workloads. A run's figure is its CPU time (all threads of the process), which other
tenants of the machine disturb far less than wall time. The ratio reported is REV's time over this tree's,
pair by pair: above 1 means this tree is faster.

    python -m benchmarks.compare main --runs 3 [--days 365] [--customers 200000] [--json]
    python -m benchmarks.compare main --workloads export --runs 5 [--export-days 14]

The export workload times `carelab traffic --out` writing the bundled global airline's rows as CSV (the
stream is drawn before the clock starts, so the figure is the rows' authors, texts, times and file alone).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, sys, time
workload, size, seed = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
if workload == "export":
    import tempfile
    from pathlib import Path
    from benchmarks.bench_traffic import SCENARIO
    from sim.cli.traffic_cmd import _write_rows
    from sim.randomness import run_randomness
    from sim.scenarios import load_scenario
    from sim.traffic import generate_mentions
    from sim.traffic.export import StreamRows
    scenario = load_scenario(SCENARIO, [f"meta.duration={size}m", f"meta.seed={seed}"])
    randomness = run_randomness(seed, 0)
    stream = generate_mentions(scenario, randomness)
    with tempfile.TemporaryDirectory() as folder:
        start = time.process_time()
        _write_rows(StreamRows(scenario, stream, randomness), Path(folder) / "rows.csv")
        seconds = time.process_time() - start
else:
    from benchmarks.bench_engine import engine, year_scenario
    from sim.engine import simulate
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
"""What a comparison times unless told otherwise."""
ALL_WORKLOADS = (*WORKLOADS, "export")
EXPORT_DAYS = 14.0
"""The bundled global airline's own length: about 43,000 rows."""


def time_run(tree: Path, workload: str, size: float, seed: int) -> float:
    """CPU seconds of one run of `workload` in a fresh interpreter on `tree`'s code."""
    name = {"year": "year", "M/M/14": "mmc"}.get(workload, workload)
    return float(run_child(tree, CHILD, name, str(size), str(seed))["seconds"])


def run_child(tree: Path, code: str, *args: str) -> Any:
    """Run `code` with `args` in a fresh interpreter on `tree`'s `sim` (and this tree's `benchmarks`); the
    JSON it printed on its last line."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(tree / "src"), str(ROOT)))}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"the run on {tree} failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextmanager
def checkout(revision: str, scratch_root: Path | None = None) -> Iterator[Path]:
    """`revision` checked out in a temporary git worktree of this repository, removed on the way out.

    The worktree's folder lies under `scratch_root` (the system's temporary folder unless given)."""
    with tempfile.TemporaryDirectory(prefix="carelab-compare-", dir=scratch_root) as scratch:
        tree = Path(scratch) / "tree"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), revision],
            check=True,
            capture_output=True,
        )
        try:
            yield tree
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], capture_output=True
            )


def compare(
    revision: str,
    runs: int,
    days: float,
    console: Console,
    customers: int = 200_000,
    workloads: tuple[str, ...] = WORKLOADS,
    export_days: float = EXPORT_DAYS,
    scratch_root: Path | None = None,
) -> dict[str, Any]:
    """Interleaved pairs of runs of this tree and of `revision` (checked out under `scratch_root`) for each
    workload; figures and ratios."""
    sizes = {"year": days * 1440.0, "M/M/14": float(customers), "export": export_days * 1440.0}
    seconds: dict[str, dict[str, list[float]]] = {w: {"this tree": [], revision: []} for w in workloads}
    with checkout(revision, scratch_root) as other, Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"{runs} pairs of each workload", total=2 * runs * len(workloads))
        for pair in range(runs):
            trees = [("this tree", ROOT), (revision, other)]
            for workload in workloads:
                for name, tree in trees if pair % 2 == 0 else trees[::-1]:
                    seconds[workload][name].append(time_run(tree, workload, sizes[workload], pair))
                    progress.advance(task)
    return {
        "revision": revision,
        "days": days,
        "customers": customers,
        "export_days": export_days,
        "workloads": {w: _figures(seconds[w], revision) for w in workloads},
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
    parser.add_argument("--export-days", type=float, default=EXPORT_DAYS, help="days of traffic exported")
    parser.add_argument(
        "--workloads", nargs="+", choices=ALL_WORKLOADS, default=list(WORKLOADS), help="what to time"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    console = Console(stderr=args.json)
    figures = compare(
        args.revision, args.runs, args.days, console, args.customers, tuple(args.workloads), args.export_days
    )
    if args.json:
        print(json.dumps(figures, indent=2))
        return figures
    sizes = {"year": f"{args.days:g} days", "M/M/14": f"{args.customers:,} M/M/14 customers",
             "export": f"{args.export_days:g} days exported"}  # fmt: skip
    table = Table(title=f"CPU seconds, {', '.join(sizes[w] for w in args.workloads)}", title_justify="left")
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
