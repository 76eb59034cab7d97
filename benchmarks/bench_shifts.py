"""The shift program (`sim.planning.shifts.solve_shifts`) with half-hour starts and breaks: CPU seconds
per solve, columns, and what the shifts pay over the hourly need.

Run with `python -m benchmarks shifts`. The test scenario is the stationary desk with 3 templates x 48
half-hour starts, two of them with a 30m break at 5 offsets (528 columns), solved for `NEEDS` day-shaped
weekly needs (a sine from about 2 heads at night to 14 in the afternoon, plus 0-2 drawn per hour). The
same needs are solved with the templates' breaks removed and with starts on the hour only, to show what
breaks cost the solver and what half-hour starts save. Nothing asserts timings (they depend on the
machine); each figure is the median over the needs, with the slowest beside it.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rich.console import Console
from rich.table import Table

from sim.planning.requirements import planned_sites
from sim.planning.shifts import candidates, solve_shifts
from sim.planning.week import HOURS
from sim.scenarios import load_scenario, with_values

STATIONARY = Path(__file__).resolve().parent.parent / "scenarios" / "validation" / "stationary.yaml"
NEEDS = 8
MEAL = {"length": "30m", "earliest": "3h", "latest": "5h"}
PAID_BREAK = {**MEAL, "earliest": "2h", "latest": "4h", "paid": True}
TEMPLATES: list[dict[str, Any]] = [
    {"length": "8h30m", "starts": "half-hour", "breaks": [MEAL]},
    {"length": "6h", "starts": "half-hour", "days": "mon-fri", "breaks": [PAID_BREAK]},
    {"length": "4h", "starts": "half-hour", "days": "sat,sun"},
]


def _need(seed: int) -> NDArray[np.int64]:
    rng = np.random.default_rng(seed)
    hour = np.arange(HOURS) % 24
    shape = 8 + 6 * np.sin((hour - 9) / 24 * 2 * np.pi)
    return np.rint(shape + rng.integers(0, 3, HOURS)).astype(np.int64)


def _variant(templates: list[dict[str, Any]]) -> dict[str, Any]:
    site = planned_sites(
        with_values(load_scenario(STATIONARY), {"staffing.teams.desk.templates": templates}, "benchmark")
    )[0]
    seconds, rounding = [], []
    for seed in range(NEEDS):
        need = _need(seed)
        start = time.process_time()
        shifts = solve_shifts(site, need)
        seconds.append(time.process_time() - start)
        rounding.append(sum(s.paid_hours for s in shifts) / need.sum() - 1)
    return {
        "columns": len(candidates(site)),
        "median_cpu_seconds": round(statistics.median(seconds), 2),
        "max_cpu_seconds": round(max(seconds), 2),
        "median_paid_over_need": f"{100 * statistics.median(rounding):.1f}%",
    }


def main() -> dict[str, Any]:
    """Solve each variant for every need; print and return the figures."""
    variants = {
        "half-hour starts, breaks": TEMPLATES,
        "half-hour starts, no breaks": [{**t, "breaks": []} for t in TEMPLATES],
        "hour starts, breaks": [{**t, "starts": "hour"} for t in TEMPLATES],
    }
    figures = {name: _variant(templates) for name, templates in variants.items()}
    table = Table(
        "templates", "columns", "median CPU s", "max CPU s", "paid over need", title="shift program"
    )
    for name, row in figures.items():
        table.add_row(name, *(str(value) for value in row.values()))
    Console().print(table)
    return figures


if __name__ == "__main__":
    main()
