"""Sweep speed-up: the same replications in one process and on every core, side by side in one run.

Target: at least 1.7x on 2 cores. The work is a small sweep of the bundled global airline what-if; the
results must be identical whichever executor ran them (seeds never depend on the worker).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from sim.experiments.executors import InProcess, LocalProcesses
from sim.experiments.replications import replicate
from sim.scenarios import load_scenario, with_values

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "whatif" / "global_airline.yaml"


def main() -> dict[str, Any]:
    """Time 2 sweep points x 4 replications serially and on all cores; report the speed-up."""
    base = load_scenario(SCENARIO, ["meta.duration=14d"])
    scenarios = {
        f"triage={policy}": with_values(base, {"policies.triage.policy": policy}, "bench")
        for policy in ("fifo", "urgency-first")
    }
    timings = {}  # 14 days x 4 replications x 2 points: enough work that starting the workers is noise
    results = {}
    for executor in (InProcess(), LocalProcesses()):
        start = time.perf_counter()
        results[executor.name] = replicate(scenarios, 4, executor)
        timings[executor.name] = time.perf_counter() - start
    serial, parallel = timings["in-process"], timings[LocalProcesses().name]
    same = [json.dumps(r.figures, sort_keys=True) for r in results.values()]  # NaN-safe equality
    figures = {
        "cores": os.cpu_count(),
        "runs": 8,
        "serial_seconds": round(serial, 2),
        "parallel_seconds": round(parallel, 2),
        "speed_up": round(serial / parallel, 2),
        "identical_results": same[0] == same[1],
    }
    table = Table(title="Sweep speed-up (8 runs of two weeks of the global airline)")
    for key in figures:
        table.add_column(key, justify="right")
    table.add_row(*(str(v) for v in figures.values()))
    Console().print(table)
    return figures


if __name__ == "__main__":
    main()
