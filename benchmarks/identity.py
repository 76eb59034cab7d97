"""`python -m benchmarks.identity [REV]`: a digest of all a benchmark run produces, against a revision's.

Work on the engine's speed must not change what it does. This runs the year benchmark's scenario (a month,
at several seeds, and with the hand-over, inbox and triage policies it does not use by default) and M/M/14,
and prints one SHA-256 per run over every column of its records, its work log and its hourly series (names,
types, shapes and bytes) and every figure of its summary. Given REV, it runs the same in a temporary
checkout of REV (with this tree's definition of the runs) and says, run by run, whether the two trees
agree; it exits 1 if any run differs.

    python -m benchmarks.identity main [--days 30] [--customers 200000] [--json]

REV must read the same scenario fields as this tree (the runs set them by path).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.compare import ROOT, checkout, run_child

YEAR_SEEDS = (1, 2, 3)
FRONTLINE = ("london", "new-york", "los-angeles", "mumbai")
YEAR_POLICIES: dict[str, dict[str, Any]] = {
    "give-ups stay, slowdown 1.25": {
        "policies.inbox.give_ups": "stay",
        **{f"staffing.teams.{team}.concurrency_slowdown": 1.25 for team in FRONTLINE},
    },
    "requeue hand-over": {"policies.handover": "requeue"},
    "deadline-first triage": {"policies.triage.policy": "deadline-first"},
}
"""Policies of the year benchmark's scenario set differently, each at the first seed: the scenario model's
own defaults for give-ups and the concurrency slowdown (the benchmark pins earlier trees' work), and the
hand-over and triage paths the benchmark does not take."""
MMC_SEEDS = (0, 1)
CHILD = """
import json, sys
from benchmarks.identity import runs
print(json.dumps(runs(float(sys.argv[1]), int(sys.argv[2]))))
"""
"""The runs in a child interpreter: days and customers as arguments, the digests as JSON on the last line."""


def digest(result: Any) -> str:
    """SHA-256 over every column of a run's records, work log, late returns and hourly series, and every
    figure of its summary (its `repr`, which writes each number in full)."""
    sha = hashlib.sha256()
    work = result.work
    for table in (result.records, work, work.late_returns, result.hourly):
        for column in fields(table):
            values = getattr(table, column.name)
            if isinstance(values, np.ndarray):
                sha.update(f"{column.name} {values.dtype.str} {values.shape}".encode())
                sha.update(np.ascontiguousarray(values).tobytes())
    sha.update(repr(result.summary).encode())
    return sha.hexdigest()


def runs(days: float, customers: int) -> dict[str, str]:
    """Digest of each run, by name, on the `sim` this interpreter imports."""
    from benchmarks.bench_engine import mmc_inputs, year_scenario
    from sim.engine import simulate
    from sim.scenarios import with_values

    year = with_values(year_scenario(), {"meta.duration": f"{days:g}d"}, "identity")
    digests = {}
    for seed in YEAR_SEEDS:
        scenario = with_values(year, {"meta.seed": seed}, "identity")
        digests[f"year {days:g} d, seed {seed}"] = digest(simulate(scenario, 0))
    for name, values in YEAR_POLICIES.items():
        scenario = with_values(year, {"meta.seed": YEAR_SEEDS[0], **values}, "identity")
        digests[f"year {days:g} d, seed {YEAR_SEEDS[0]}, {name}"] = digest(simulate(scenario, 0))
    for seed in MMC_SEEDS:
        scenario, stream = mmc_inputs(customers, seed)
        digests[f"M/M/14 {customers:,} customers, seed {seed}"] = digest(simulate(scenario, 0, stream))
    return digests


def runs_on(tree: Path, days: float, customers: int) -> dict[str, str]:
    """`runs` in a fresh interpreter on `tree`'s `sim` (and this tree's `benchmarks`)."""
    digests: dict[str, str] = run_child(tree, CHILD, str(days), str(customers))
    return digests


def main(argv: list[str] | None = None) -> int:
    """Print each run's digest (and, given a revision, whether it agrees); 1 if any run differs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", nargs="?", help="git revision to check against, e.g. main")
    parser.add_argument(
        "--days", type=float, default=30.0, help="simulated days of each year run (default 30)"
    )
    parser.add_argument("--customers", type=int, default=200_000, help="customers per M/M/14 run")
    parser.add_argument("--json", action="store_true", help="print the digests as JSON")
    args = parser.parse_args(argv)
    ours = runs_on(ROOT, args.days, args.customers)
    theirs: dict[str, str] = {}
    if args.revision is not None:
        with checkout(args.revision) as tree:
            theirs = runs_on(tree, args.days, args.customers)
    differ = sorted(name for name in ours if theirs and theirs.get(name) != ours[name])
    if args.json:
        print(json.dumps({"this tree": ours, "revision": theirs, "differ": differ}, indent=2))
    else:
        for name, value in ours.items():
            verdict = "" if not theirs else "  differs" if name in differ else "  same"
            print(f"{value[:16]}  {name}{verdict}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
