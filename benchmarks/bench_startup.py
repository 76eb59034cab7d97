"""Start-up: how long `carelab` takes before it does anything, and a tiny run from the shell.

Targets: `carelab --help` under 0.5 s; `carelab run` of one stationary day under 1 s. Each case starts a fresh
interpreter (as a person or a sweep worker does), so every import is paid again; the figures are the median
wall time and the median CPU time of the child (user + system), which is what a busy machine does not
inflate. Run with `python -m benchmarks startup` or `python benchmarks/bench_startup.py [--repeats N]`.

The last table is `python -X importtime` for `import sim.cli.main`: the modules that cost most, cumulative,
so a heavy import that creeps back into start-up shows by name. Nothing here asserts timings.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
STATIONARY = ROOT / "scenarios" / "validation" / "stationary.yaml"
CARELAB = [sys.executable, "-c", "from sim.cli.main import main; main()"]
CASES: dict[str, tuple[list[str], float]] = {
    "carelab --help": (["--help"], 0.5),
    "carelab run (stationary, one day)": (
        ["run", str(STATIONARY), "--set", "meta.duration=1d", "--set", "meta.warmup=0m"],
        1.0,
    ),
}
"""Case -> (arguments, target seconds)."""
IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s+)(\S+)")


def time_command(arguments: list[str], repeats: int) -> dict[str, float]:
    """Median wall and child-CPU seconds of `carelab ARGUMENTS` in a fresh interpreter (after a warm-up)."""
    environment = {**os.environ, "COLUMNS": "100"}
    subprocess.run([*CARELAB, *arguments], capture_output=True, check=True, env=environment)
    walls, cpus = [], []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([*CARELAB, *arguments], capture_output=True, check=True, env=environment)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {"wall_median": statistics.median(walls), "cpu_median": statistics.median(cpus)}


def import_times(module: str, top: int) -> list[tuple[str, float]]:
    """The `top` modules with the largest cumulative import time (seconds) under `python -X importtime`."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    costs = [
        (match.group(4), int(match.group(2)) / 1e6)
        for match in map(IMPORT_LINE.match, run.stderr.splitlines())
        if match
    ]
    return sorted(costs, key=lambda cost: -cost[1])[:top]


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Time every case, print the tables, return the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="Timed starts per case (default 5).")
    args = parser.parse_args(argv or [])
    console = Console()
    table = Table(title="Start-up: fresh interpreter per start, medians", title_justify="left")
    for column in ("command", "wall", "CPU", "target", "CPU within target"):
        table.add_column(column, justify="left" if column == "command" else "right")
    figures: dict[str, Any] = {}
    for name, (arguments, target) in CASES.items():
        timing = time_command(arguments, args.repeats)
        figures[name] = {**timing, "target": target}
        within = "yes" if timing["cpu_median"] <= target else "no"
        table.add_row(
            name, f"{timing['wall_median']:.2f}s", f"{timing['cpu_median']:.2f}s", f"{target:g}s", within
        )
    console.print(table)
    imports = Table(title="python -X importtime -c 'import sim.cli.main' (cumulative)", title_justify="left")
    imports.add_column("module")
    imports.add_column("seconds", justify="right")
    heaviest = import_times("sim.cli.main", 8)
    for module, seconds in heaviest:
        imports.add_row(module, f"{seconds:.3f}")
    console.print(imports)
    figures["import_sim_cli_main"] = dict(heaviest)
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
