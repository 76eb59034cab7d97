"""Traffic generation speed: generated events (root mentions plus reshares) per second.

Target: at least 5M events/s. Run with `python -m benchmarks traffic` or `python benchmarks/bench_traffic.py
[--repeats N]`. Prints a table and returns the figures; nothing here asserts timings (they depend on the
machine).

1. A year of a four-region brand (the bundled global airline at 7,000 mentions a day): a year of local-hour
   rate pieces per region, daylight saving in three zones, a half-hour zone.
2. A week with a million root mentions: the sampling itself, where the per-event work dominates.
3. Texts: authors and posts written per second (only for mentions a person reads, so a different scale).
4. Export: rows a second `carelab traffic --out` writes as CSV for the bundled global airline (14 days, roots
   and reshares, every row with author and text; the stream is drawn before the clock starts, CPU time).
   Target: 50k. The figure includes each run's one-off cost, the Faker pools of its locales; a quarter's
   export (90 days) shows the rate once that cost is spread over more rows.

Both generation cases include the reshare cascades of every root (the scenario's `viral` section is on).
Generation uses two threads (the cascades' Beta draws run beside the arrivals' arithmetic), so anything
else busy on the machine shows in the figures.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from sim.cli.traffic_cmd import _write_rows as write_rows
from sim.randomness import run_randomness
from sim.scenarios import Scenario, load_scenario
from sim.traffic import describe_mentions, generate_mentions
from sim.traffic.export import StreamRows

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "whatif" / "global_airline.yaml"
TARGET = 5_000_000
TEXTS = 2_000
EXPORT_TARGET = 50_000
EXPORT_DAYS = (14, 90)
"""The bundled scenario's own length, and a quarter."""


def cases() -> dict[str, Scenario]:
    """The scenarios timed: 7,000 a day gives 2.6M roots in a year, 142,857 a day 1M in a week."""
    return {
        "year, 4 regions": load_scenario(SCENARIO, ["meta.duration=365d", "traffic.volume_per_day=7000"]),
        "week, 1M roots": load_scenario(SCENARIO, ["meta.duration=7d", "traffic.volume_per_day=142857"]),
    }


def time_generation(scenario: Scenario, repeats: int) -> dict[str, Any]:
    """Median and best wall time of `generate_mentions` over `repeats` replications (after one warm-up)."""
    generate_mentions(scenario, run_randomness(scenario.meta.seed, 0))
    seconds, events, roots = [], [], []
    for replication in range(1, repeats + 1):
        randomness = run_randomness(scenario.meta.seed, replication)
        start = time.perf_counter()
        stream = generate_mentions(scenario, randomness)
        seconds.append(time.perf_counter() - start)
        roots.append(len(stream))
        events.append(len(stream) if stream.cascades is None else len(stream.cascades))
    median = statistics.median(seconds)
    return {
        "roots": int(statistics.mean(roots)),
        "reshares": int(statistics.mean(events) - statistics.mean(roots)),
        "seconds_median": median,
        "seconds_best": min(seconds),
        "events_per_second": statistics.mean(events) / median,
    }


def time_texts(scenario: Scenario) -> dict[str, Any]:
    """Authors and texts for the first `TEXTS` mentions of a stream."""
    randomness = run_randomness(scenario.meta.seed, 0)
    stream = generate_mentions(scenario, randomness)
    start = time.perf_counter()
    describe_mentions(scenario, stream, range(TEXTS), randomness)
    seconds = time.perf_counter() - start
    return {"texts": TEXTS, "seconds": seconds, "texts_per_second": TEXTS / seconds}


def time_export(days: int) -> dict[str, Any]:
    """Rows per CPU second of the CSV export of the bundled scenario over `days`, as `carelab traffic --out`
    writes it (to a file)."""
    scenario = load_scenario(SCENARIO, [f"meta.duration={days}d"])
    randomness = run_randomness(scenario.meta.seed, 0)
    stream = generate_mentions(scenario, randomness)
    with tempfile.TemporaryDirectory() as folder:
        start = time.process_time()
        rows = StreamRows(scenario, stream, randomness)
        write_rows(rows, Path(folder) / "rows.csv")
        seconds = time.process_time() - start
    return {"days": days, "rows": len(rows), "seconds": seconds, "rows_per_second": len(rows) / seconds}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Time the cases, print a table, return the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed replications per case")
    args = parser.parse_args(argv)
    console = Console()
    scenarios = cases()
    figures = {name: time_generation(scenario, args.repeats) for name, scenario in scenarios.items()}
    table = Table(title=f"Traffic generation (target {TARGET / 1e6:.0f}M events/s)", title_justify="left")
    for column in ("case", "roots", "reshares", "median s", "events/s", "target"):
        table.add_column(column, justify="left" if column == "case" else "right", no_wrap=True)
    for name, f in figures.items():
        table.add_row(
            name,
            f"{f['roots']:,}",
            f"{f['reshares']:,}",
            f"{f['seconds_median']:.3f}",
            f"{f['events_per_second'] / 1e6:.1f}M",
            "met" if f["events_per_second"] >= TARGET else "missed",
        )
    console.print(table)
    texts = time_texts(next(iter(scenarios.values())))
    console.print(f"Texts: {texts['texts']:,} authors and posts in {texts['seconds']:.2f} s "
                  f"({texts['texts_per_second']:,.0f}/s)")  # fmt: skip
    exports = [time_export(days) for days in EXPORT_DAYS]
    for export in exports:
        rate, rows, seconds = export["rows_per_second"], export["rows"], export["seconds"]
        verdict = "met" if rate >= EXPORT_TARGET else "missed"
        console.print(f"Export, {export['days']} days: {rows:,} CSV rows in {seconds:.2f} CPU s "
                      f"({rate:,.0f}/s, target {EXPORT_TARGET:,}: {verdict})")  # fmt: skip
    return {"generation": figures, "texts": texts, "export": exports[0], "export_quarter": exports[1]}


if __name__ == "__main__":
    main()
