"""`carelab compare` and `carelab sweep`: replicated what-ifs with confidence intervals, tables and charts."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from sim.cli import common
from sim.cli.common import JsonOption, SetOption, err, fail, load_or_exit, out, print_json
from sim.experiments.executors import DaskCluster, Executor, LocalProcesses
from sim.experiments.grid import grid
from sim.experiments.replications import Replicated, replicate
from sim.report.rows import Row, comparison_rows
from sim.scenarios import Scenario, ScenarioError, apply_variant, with_values
from sim.scenarios.overrides import PathError

ReplicationsOption = Annotated[
    int, typer.Option("--replications", "-r", min=1, max=1000, help="Independent runs of each scenario.")
]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", "-w", min=1, help="Local worker processes (default: all cores).")
]
SchedulerOption = Annotated[
    str | None,
    typer.Option("--scheduler", help="Run on a Dask cluster at this address, e.g. tcp://10.0.0.5:8786."),
]
DaskLocalOption = Annotated[
    int | None, typer.Option("--dask-local", min=1, help="Start a local Dask cluster with N workers.")
]
ReportOption = Annotated[Path | None, typer.Option("--report", help="Write a self-contained HTML report.")]
PlotsOption = Annotated[Path | None, typer.Option("--plots", help="Write the charts as PNG files here.")]


@contextmanager
def executor_for(workers: int | None, scheduler: str | None, dask_local: int | None) -> Iterator[Executor]:
    """The executor the options ask for; a Dask one is shut down afterwards."""
    if scheduler and dask_local:
        fail("give --scheduler or --dask-local, not both")
    if scheduler or dask_local:
        try:
            dask = DaskCluster(address=scheduler, local_workers=dask_local)
        except (OSError, RuntimeError, TimeoutError) as exc:
            fail(f"cannot reach the Dask cluster: {exc}")
        try:
            yield dask
        finally:
            dask.close()
    else:
        yield LocalProcesses(workers)


def run_with_progress(
    scenarios: dict[str, Scenario], replications: int, executor: Executor, quiet: bool
) -> Replicated:
    """Replicate every scenario, with a progress bar on stderr when a person is watching."""
    total = len(scenarios) * replications
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, disable=quiet or not err.is_terminal, transient=True) as bar:
        task = bar.add_task(f"simulating on {executor.name}", total=total)
        return replicate(scenarios, replications, executor, lambda: bar.advance(task))


def _variants(scenario: Scenario, names: str | None) -> dict[str, Scenario]:
    chosen = list(scenario.variants) if names is None else [n.strip() for n in names.split(",") if n.strip()]
    scenarios = {"base": scenario}
    try:
        scenarios.update({name: apply_variant(scenario, name) for name in chosen if name != "base"})
    except ScenarioError as error:
        fail(str(error))
    return scenarios


def _table(title: str, labels: list[str], rows: list[Row]) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("figure")
    for label in labels:
        table.add_column(label, justify="right")
    styles = {"better": "green", "worse": "red", "same": "dim"}
    for row in rows:
        cells = []
        for index in range(len(labels)):
            style = styles.get(row.verdict(index))
            cells.append(f"[{style}]{row.cell(index)}[/]" if style else row.cell(index))
        table.add_row(row.title, *cells)
    return table


def _notes(labels: list[str], rows: list[Row], replications: int) -> list[str]:
    """Plain warnings where the intervals cannot tell a variant from the baseline on a headline figure."""
    headline = [
        r for r in rows if r.metric.endswith(".service_level") or r.metric in ("cost", "negative_reach")
    ]
    notes = []
    for index, label in enumerate(labels[1:], start=1):
        unclear = [row.title for row in headline if row.verdict(index) == "same"]
        if unclear:
            notes.append(
                f"{label}: the 95% intervals cannot tell it from {labels[0]} on {', '.join(unclear)}; "
                f"if that matters, run more than {replications} replications."
            )
    return notes


def _write_outputs(
    scenario: Scenario, results: Replicated, rows: list[Row], report: Path | None, plots: Path | None
) -> None:
    if report is None and plots is None:
        return
    from sim.report.charts import comparison_charts
    from sim.report.html import comparison_html

    charts = comparison_charts(results, scenario, rows)
    if plots is not None:
        plots.mkdir(parents=True, exist_ok=True)
        for name, png in charts.items():
            (plots / f"{name}.png").write_bytes(png)
        err.print(f"wrote {len(charts)} charts to {plots}/")
    if report is not None:
        report.parent.mkdir(parents=True, exist_ok=True)
        notes = _notes(results.labels, rows, results.replications)
        page = comparison_html(scenario, results.labels, rows, charts, results.replications, notes)
        report.write_text(page, encoding="utf-8")
        err.print(f"wrote {report}")


def compare(
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE...", help="Scenario file(s).", show_default=False)
    ],
    variants: Annotated[
        str | None, typer.Option("--variants", "-v", help="Variants to compare, e.g. a,b (default: all).")
    ] = None,
    replications: ReplicationsOption = 10,
    sets: SetOption = None,
    report: ReportOption = None,
    plots: PlotsOption = None,
    as_json: JsonOption = False,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    dask_local: DaskLocalOption = None,
) -> None:
    """Compare a scenario's variants (or several scenario files) side by side, with 95% intervals.

    Every variant sees the same simulated customers in each replication, so differences are sharp. Green and
    red mark differences from the first column that the intervals can tell apart.

    [b]Example:[/b]

    \b
        carelab compare scenarios/whatif/global_airline.yaml \\
            --variants business-hours,follow-the-sun --report out/airline.html
    """
    common.check_output(report, "--report")
    loaded = [load_or_exit(path, sets) for path in files]
    if len(loaded) == 1:
        scenarios = _variants(loaded[0], variants)
    else:
        if variants:
            fail("--variants works with one file; with several files each file is one column")
        scenarios = {s.meta.id: s for s in loaded}
        if len(scenarios) != len(loaded):
            fail("the files must have different meta.id values to be told apart")
    common.check_fits(scenarios.values())
    with executor_for(workers, scheduler, dask_local) as executor:
        results = run_with_progress(scenarios, replications, executor, quiet=as_json)
    baseline = loaded[0]
    rows = comparison_rows(results, baseline)
    if as_json:
        print_json({"replications": replications, "labels": results.labels, "figures": results.to_dict()})
    else:
        out.print(_table(f"{baseline.meta.title} — {replications} replications", results.labels, rows))
        for note in _notes(results.labels, rows, replications):
            err.print(f"[yellow]note:[/] {note}", highlight=False)
    _write_outputs(baseline, results, rows, report, plots)


def sweep(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Scenario file.", show_default=False)],
    vary: Annotated[
        list[str],
        typer.Option(
            "--vary", help="path=values: a range 1..10 (or 0..1..0.25) or a list a,b,c. Repeatable."
        ),
    ],
    replications: ReplicationsOption = 5,
    sets: SetOption = None,
    metric: Annotated[
        list[str] | None,
        typer.Option("--metric", "-m", help="Figures to report (default: service level per kind and cost)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the results as .csv or .json.")
    ] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Chart of the response as PNG.")] = None,
    as_json: JsonOption = False,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    dask_local: DaskLocalOption = None,
) -> None:
    """Run a grid of field values and report how the figures respond, with 95% intervals.

    [b]Example:[/b]

    \b
        carelab sweep scenarios/whatif/global_airline.yaml \\
            --vary staffing.teams.london.shifts.night.agents=0..4 \\
            --vary policies.triage.policy=fifo,urgency-first --out sweep.csv
    """
    if output is not None and output.suffix not in (".csv", ".json"):
        fail(f"cannot write '{output.suffix}' files (expected --out results.csv or results.json)")
    common.check_output(output, "--out")
    scenario = load_or_exit(file, sets)
    try:
        points = grid(vary)
        scenarios = {_point_label(p): with_values(scenario, p, "--vary") for p in points}
    except PathError as exc:
        fail(str(exc))
    except ScenarioError as error:
        fail(str(error))
    common.check_fits(scenarios.values())
    with executor_for(workers, scheduler, dask_local) as executor:
        results = run_with_progress(scenarios, replications, executor, quiet=as_json)
    metrics = metric or [
        m for m in results.metrics() if m.startswith("kind.") and m.endswith(".service_level")
    ]
    metrics = metrics + (["cost"] if not metric else [])
    records = _sweep_records(points, results, metrics)
    if as_json:
        print_json(records)
    else:
        out.print(_sweep_table(records, [p for p, _ in _axes(points)], metrics, replications))
    if output is not None:
        _write_records(records, output)
        err.print(f"wrote {output}")
    if plot is not None:
        from sim.report.sweep_chart import sweep_chart

        plot.write_bytes(sweep_chart(records, [p for p, _ in _axes(points)], metrics))
        err.print(f"wrote {plot}")


def _axes(points: list[dict[str, Any]]) -> list[tuple[str, list[Any]]]:
    paths = list(points[0]) if points else []
    return [(path, list(dict.fromkeys(p[path] for p in points))) for path in paths]


def _point_label(point: dict[str, Any]) -> str:
    return ", ".join(f"{path.rsplit('.', 1)[-1]}={value}" for path, value in point.items())


def _sweep_records(
    points: list[dict[str, Any]], results: Replicated, metrics: list[str]
) -> list[dict[str, Any]]:
    records = []
    for point, label in zip(points, results.labels, strict=True):
        record: dict[str, Any] = dict(point)
        for name in metrics:
            est = results.estimate(label, name)
            record[name] = est.mean
            record[f"{name}.low"] = est.low
            record[f"{name}.high"] = est.high
        records.append(record)
    return records


def _sweep_table(
    records: list[dict[str, Any]], paths: list[str], metrics: list[str], replications: int
) -> Table:
    table = Table(title=f"Sweep — means of {replications} replications (95% CI)", title_justify="left")
    for path in paths:
        table.add_column(path.rsplit(".", 1)[-1], justify="right")
    for name in metrics:
        table.add_column(name.replace("kind.", "").replace(".service_level", " SL"), justify="right")
    for record in records:
        cells = [str(record[p]) for p in paths]
        for name in metrics:
            mean, low, high = record[name], record[f"{name}.low"], record[f"{name}.high"]
            scale = 100 if name.endswith(("service_level", "abandonment", "occupancy")) else 1
            unit = "%" if scale == 100 else ""
            cells.append(f"{mean * scale:,.1f}{unit} ± {(high - low) / 2 * scale:,.1f}")
        table.add_row(*cells)
    return table


def _write_records(records: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        path.write_text(json.dumps(records, indent=2, default=str) + "\n", encoding="utf-8")
        return
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]) if records else [])
        writer.writeheader()
        writer.writerows(records)


def register(app: typer.Typer) -> None:
    """Add `carelab compare` and `carelab sweep` to the main command."""
    app.command("compare")(compare)
    app.command("sweep")(sweep)
