"""History import: rows per second and peak memory for logs of one and five million mentions.

Run with `python -m benchmarks history` or `python benchmarks/bench_history.py [--rows N ...] [--repeats N]`.
Prints a table and returns the figures; nothing here asserts timings (they depend on the machine).

Each log is the generic CSV layout with every column filled, drawn from the bundled global airline at the
volume that gives the asked number of rows in a week (written in time order; the import sorts every log
the same way, in order or not). Each import (`import_to_file`, what `carelab history import`
runs) is in a fresh Python process, so its peak resident memory (the kernel's high-water mark) is the
import's own, beside the memory of the same process before it read a row: the difference is what the rows
cost. The rows wait in SQLite on disk and the history is written a batch at a time, so that difference
should stay the same from one million rows to five.
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
from sim.history.importing import import_to_file

def memory(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) * 1024
    return 0

before = memory("VmRSS:")
start, cpu = time.perf_counter(), time.process_time()
report = import_to_file(Path(sys.argv[1]), Path(sys.argv[2]))
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"rows": report.rows, "kept": report.kept, "seconds": seconds, "cpu": cpu,
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
    target = path.with_suffix(".npz")
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(target)], check=True, capture_output=True, text=True
    )
    target.unlink()
    return dict(json.loads(done.stdout))


def measure(rows: int, repeats: int) -> dict[str, Any]:
    """Write a log of about `rows` mentions and import it `repeats` times: its figures."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_log(rows, Path(folder))
        size = path.stat().st_size
        runs = [time_import(path) for _ in range(repeats)]
    seconds = [r["seconds"] for r in runs]
    read = runs[0]["rows"]
    added = statistics.median(r["peak"] - r["before"] for r in runs)
    return {
        "rows": read,
        "file_bytes": size,
        "seconds_median": statistics.median(seconds),
        "seconds_best": min(seconds),
        "rows_per_second": read / statistics.median(seconds),
        "rows_per_cpu_second": read / statistics.median(r["cpu"] for r in runs),
        "peak_bytes": statistics.median(r["peak"] for r in runs),
        "added_bytes": added,
        "added_bytes_per_row": added / read,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Write each log, import it `--repeats` times, print a table, return the figures by size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, nargs="+", default=[1_000_000, 5_000_000], help="mentions in each log"
    )
    parser.add_argument("--repeats", type=int, default=1, help="timed imports of each log")
    args = parser.parse_args(argv)
    figures = {str(rows): measure(rows, args.repeats) for rows in args.rows}
    table = Table(title=f"History import (median of {args.repeats} runs)")
    for heading in ("rows", "CSV MB", "rows/s", "rows/CPU s", "seconds", "peak MB", "added MB", "B/row"):
        table.add_column(heading, justify="right")
    for found in figures.values():
        table.add_row(
            f"{found['rows']:,}",
            f"{found['file_bytes'] / 1e6:,.0f}",
            f"{found['rows_per_second']:,.0f}",
            f"{found['rows_per_cpu_second']:,.0f}",
            f"{found['seconds_median']:.1f}",
            f"{found['peak_bytes'] / 1e6:,.0f}",
            f"{found['added_bytes'] / 1e6:,.0f}",
            f"{found['added_bytes_per_row']:.1f}",
        )
    console = Console()
    console.print(table)
    console.print(
        "rows/s by the clock, rows/CPU s by the import's CPU time (steadier on a shared machine); peak: the "
        "import process's resident high-water mark; added: peak minus the memory before the first row "
        "(what the rows cost); B/row: added per row",
        style="dim",
    )
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
