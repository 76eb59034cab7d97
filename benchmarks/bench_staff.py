"""`carelab staff` on the bundled global airline: how long the whole plan takes, that it is repeatable,
and that the plan meets its targets when re-run with another seed.

Plans the scenario's own three targets with 5 replications on the machine's cores, twice, one run after
the other (the second is the interleaved check that a busy machine did not skew the first, and that the
plan is the same: seeds never depend on the worker). CPU seconds count this process and its worker
processes (each plan's pools are shut down, so their workers' time is in). Aim: under 2 minutes of CPU
per plan on 2 cores.

Then each plan is re-run as a manager would check it (`carelab run PLAN.yaml --seed 99 -r 5`): every
target must be met (the low end of its 95% interval at or above its share), and, where the current rota
already meets them all, the plan must cost less (the issue's done-when).
"""

from __future__ import annotations

import resource
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from sim.experiments.executors import LocalProcesses
from sim.planning import Plan, Settings, goals_for, plan_staffing
from sim.planning.measure import measure
from sim.scenarios import load_scenario, with_values

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "whatif" / "global_airline.yaml"
REPLICATIONS = 5
RERUN_SEED = 99


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _one_plan() -> dict[str, Any]:
    """One timed plan of the own targets (the re-run check after the clock stops)."""
    scenario = load_scenario(SCENARIO)
    start_wall, start_cpu = time.perf_counter(), _cpu_seconds()
    plan = plan_staffing(scenario, goals_for(scenario), Settings(REPLICATIONS), LocalProcesses())
    shifts = {name: [(s.name, s.heads) for s in group] for name, group in plan.shifts.items()}
    cpu_seconds, wall_seconds = _cpu_seconds() - start_cpu, time.perf_counter() - start_wall
    return {
        "cpu_seconds": round(cpu_seconds, 1),
        "wall_seconds": round(wall_seconds, 1),
        "simulated_candidates": len(plan.rounds) + 1,
        "met": plan.met,
        "cost": round(plan.measured.estimate("cost").mean),
        "current_cost": round(plan.current.estimate("cost").mean),
        "current_meets_all": plan.current.met,
        "shifts": shifts,
        "rerun_seed_99": _rerun(plan),
    }


def _rerun(plan: Plan) -> dict[str, str]:
    """The plan file's targets re-run with seed 99 and 5 replications: 'met' or 'missed', and the low end."""
    scenario = with_values(plan.scenario, {"meta.seed": RERUN_SEED}, "re-run")
    measured = measure(scenario, plan.measured.goals, REPLICATIONS, LocalProcesses())
    return {
        v.goal.label: f"{'met' if v.met else 'missed'} (low {100 * v.achieved.low:.1f}%)"
        + (" out of reach" if v.goal in plan.out_of_reach else "")
        for v in measured.verdicts
    }


def main() -> dict[str, Any]:
    """Plan twice; report CPU and wall seconds of each, whether the plans agree, and the re-run checks."""
    first, second = _one_plan(), _one_plan()
    reruns = [first["rerun_seed_99"], second["rerun_seed_99"]]
    figures = {
        "replications": REPLICATIONS,
        "cpu_seconds": [first["cpu_seconds"], second["cpu_seconds"]],
        "wall_seconds": [first["wall_seconds"], second["wall_seconds"]],
        "simulated_candidates": first["simulated_candidates"],
        "met": first["met"],
        "cost": first["cost"],
        "current_cost": first["current_cost"],
        "current_meets_all": first["current_meets_all"],
        "cheaper_than_current": first["cost"] < first["current_cost"],
        "same_plan": first["shifts"] == second["shifts"],
        "rerun_seed_99": reruns[0],
        "rerun_seed_99_all_met": all(v.startswith("met") for rerun in reruns for v in rerun.values()),
    }
    table = Table("figure", "value", title="carelab staff on global_airline (5 replications)")
    for key, value in figures.items():
        table.add_row(key, str(value))
    Console().print(table)
    return figures


if __name__ == "__main__":
    main()
