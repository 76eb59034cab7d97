"""History import: rows per second and peak memory for a log of a million mentions.

Run with `python -m benchmarks history` or `python benchmarks/bench_history.py [--rows N] [--repeats N]`.
Prints a table and returns the figures; nothing here asserts timings (they depend on the machine).

The log is the generic CSV layout with every column filled, drawn from the bundled global airline at the
volume that gives the asked number of rows in a week. Each import runs in a fresh Python process, so its
peak resident memory (the kernel's high-water mark) is the import's own, beside the memory of the same
process before it read a row: the difference is what the rows cost. It grows with the rows kept (the
columns and the sort that orders them), not with the text: no row is held as text or as Python objects.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from sim.history.synthetic import write_traffic_log
from sim.scenarios import load_scenario

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "whatif" / "global_airline.yaml"
_CHILD = """
import json, sys, time
from pathlib import Path
from sim.history.importing import import_log

def memory(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) * 1024
    return 0

before = memory("VmRSS:")
start = time.perf_counter()
history, report = import_log(Path(sys.argv[1]))
seconds = time.perf_counter() - start
print(json.dumps({"rows": report.rows, "kept": report.kept, "seconds": seconds,
                  "before": before, "peak": memory("VmHWM:")}))
"""


def write_log(rows: int, folder: Path) -> Path:
    """A week of the global airline with about `rows` mentions, as a generic CSV log."""
    scenario = load_scenario(
        SCENARIO, ["meta.duration=7d", f"traffic.volume_per_day={rows / 7:.0f}", "viral.enabled=false"]
    )
    path = folder / "mentions.csv"
    write_traffic_log(scenario, path)
    return path


def time_import(path: Path) -> dict[str, Any]:
    """One import in a fresh process: its rows, seconds and memory before and at the peak (bytes)."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], check=True, capture_output=True, text=True
    )
    return dict(json.loads(done.stdout))


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Write the log, import it `--repeats` times, print a table, return the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="mentions in the log")
    parser.add_argument("--repeats", type=int, default=3, help="timed imports")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = write_log(args.rows, Path(folder))
        size = path.stat().st_size
        runs = [time_import(path) for _ in range(args.repeats)]
    seconds = [r["seconds"] for r in runs]
    rows = runs[0]["rows"]
    added = statistics.median(r["peak"] - r["before"] for r in runs)
    figures = {
        "rows": rows,
        "file_bytes": size,
        "seconds_median": statistics.median(seconds),
        "seconds_best": min(seconds),
        "rows_per_second": rows / statistics.median(seconds),
        "peak_bytes": statistics.median(r["peak"] for r in runs),
        "added_bytes": added,
        "added_bytes_per_row": added / rows,
    }
    table = Table(title=f"History import: {rows:,} rows ({size / 1e6:.0f} MB CSV), {args.repeats} runs")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row("rows per second (median)", f"{figures['rows_per_second']:,.0f}")
    table.add_row(
        "seconds (median / best)", f"{figures['seconds_median']:.1f} / {figures['seconds_best']:.1f}"
    )
    table.add_row("peak memory of the process", f"{figures['peak_bytes'] / 1e6:,.0f} MB")
    table.add_row(
        "added by the import", f"{added / 1e6:,.0f} MB ({figures['added_bytes_per_row']:.0f} B/row)"
    )
    Console().print(table)
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
