"""`carelab staff` on the bundled global airline: how long the whole plan takes, and that it is repeatable.

Plans the scenario's own three targets with 5 replications on the machine's cores, twice, one run after
the other (the second is the interleaved check that a busy machine did not skew the first, and that the
plan is the same: seeds never depend on the worker). CPU seconds count this process and its worker
processes. Aim: under 2 minutes of CPU per plan on 2 cores.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from sim.experiments.executors import LocalProcesses
from sim.planning import Settings, goals_for, plan_staffing
from sim.scenarios import load_scenario

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "whatif" / "global_airline.yaml"
REPLICATIONS = 5


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _one_plan() -> dict[str, Any]:
    scenario = load_scenario(SCENARIO)
    start_wall, start_cpu = time.perf_counter(), _cpu_seconds()
    plan = plan_staffing(scenario, goals_for(scenario), Settings(REPLICATIONS), LocalProcesses())
    shifts = {name: [(s.name, s.heads) for s in group] for name, group in plan.shifts.items()}
    return {
        "cpu_seconds": round(_cpu_seconds() - start_cpu, 1),
        "wall_seconds": round(time.perf_counter() - start_wall, 1),
        "simulated_candidates": len(plan.rounds) + 1,
        "met": plan.met,
        "cost": round(plan.measured.estimate("cost").mean),
        "current_cost": round(plan.current.estimate("cost").mean),
        "shifts": shifts,
    }


def main() -> dict[str, Any]:
    """Plan twice; report CPU and wall seconds of each and whether the plans agree."""
    first, second = _one_plan(), _one_plan()
    figures = {
        "replications": REPLICATIONS,
        "cpu_seconds": [first["cpu_seconds"], second["cpu_seconds"]],
        "wall_seconds": [first["wall_seconds"], second["wall_seconds"]],
        "simulated_candidates": first["simulated_candidates"],
        "met": first["met"],
        "cost": first["cost"],
        "current_cost": first["current_cost"],
        "same_plan": first["shifts"] == second["shifts"],
    }
    table = Table("figure", "value", title="carelab staff on global_airline (5 replications, two plans)")
    for key, value in figures.items():
        table.add_row(key, str(value))
    Console().print(table)
    return figures


if __name__ == "__main__":
    main()
