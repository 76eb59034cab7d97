"""`carelab compare` and `carelab sweep`: replicated what-ifs with confidence intervals, tables and charts.

The simulator, the scenario models and the charts are imported inside the commands, so the command line
starts (and `--help` answers) without loading them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from sim.cli import common
from sim.cli.common import (
    JsonOption,
    SetOption,
    err,
    fail,
    load_or_exit,
    print_json,
    replication_warning,
    show,
    warn,
)
from sim.report.layout import Cell, Grid
from sim.report.strict_json import dumps_strict

if TYPE_CHECKING:
    from sim.experiments.executors import Executor
    from sim.experiments.replications import Replicated
    from sim.report.rows import Row
    from sim.scenarios import Scenario

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
    from sim.experiments.executors import DaskCluster, LocalProcesses

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
    from sim.experiments.replications import replicate

    total = len(scenarios) * replications
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, disable=quiet or not err.is_terminal, transient=True) as bar:
        task = bar.add_task(f"simulating on {executor.name}", total=total)
        return replicate(scenarios, replications, executor, lambda: bar.advance(task))


def _variants(scenario: Scenario, names: str | None) -> dict[str, Scenario]:
    from sim.scenarios import ScenarioError, apply_variant

    chosen = list(scenario.variants) if names is None else [n.strip() for n in names.split(",") if n.strip()]
    scenarios = {"base": scenario}
    try:
        scenarios.update({name: apply_variant(scenario, name) for name in chosen if name != "base"})
    except ScenarioError as error:
        fail(str(error))
    return scenarios


STYLES = {"better": "green", "worse": "red", "same": "dim"}

SIGNIFICANCE_NOTE = (
    "▲/▼: higher/lower than {base} by more than chance: the 95% interval of the paired difference (the same "
    "simulated customers in both) excludes zero; green is better, red is worse. Unmarked: {replications} "
    "replications cannot tell it from {base}."
)


def comparison_grid(
    title: str, labels: list[str], rows: list[Row], names: list[str], replications: int
) -> Grid:
    """The comparison as a `Grid`: a row per figure, a column per variant, marks beside the differences."""
    cells = [
        (
            row.title,
            [Cell(row.cell(i), row.mark(i), STYLES.get(row.verdict(i), "")) for i in range(len(labels))],
        )
        for row in rows
    ]
    note = SIGNIFICANCE_NOTE.format(base=labels[0], replications=replications)
    return Grid(title, "figure", labels, "variant", cells, names=[*labels, *names], footnotes=[note])


def scenario_names(scenario: Scenario) -> list[str]:
    """Every kind, region and team name a table of this scenario may show, to keep whole."""
    from sim.scenarios import KINDS

    teams = [team.name for team in scenario.staffing.teams] if scenario.staffing else []
    return [*KINDS, *(region.name for region in scenario.regions), *teams]


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
        local_hours = {
            label: {
                region.name: results.mean_series(label, f"service_level.local_hour.{region.name}")
                for region in scenario.regions
            }
            for label in results.labels
        }
        page = comparison_html(
            scenario, results.labels, rows, charts, results.replications, notes, local_hours
        )
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

    Every variant sees the same simulated customers in each replication, so differences are sharp. ▲ and ▼
    (green when better, red when worse) mark differences from the first column that the 95% intervals can
    tell apart.

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
    from sim.report.rows import comparison_rows

    baseline = loaded[0]
    rows = comparison_rows(results, baseline)
    if as_json:
        print_json({"replications": replications, "labels": results.labels, "figures": results.to_dict()})
    else:
        title = f"{baseline.meta.title} — {replications} replications"
        show(comparison_grid(title, results.labels, rows, scenario_names(baseline), replications))
        warn(replication_warning(replications))
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
    from sim.experiments.grid import grid
    from sim.report.rows import figure_specs, present_kinds
    from sim.scenarios import ScenarioError, with_values
    from sim.scenarios.overrides import PathError

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
    specs = figure_specs(scenario, present_kinds(results))
    known = set(results.metrics())
    metrics = metric or [
        m for _, m, _, _ in specs if m in known and m.startswith("kind.") and m.endswith(".service_level")
    ]
    metrics = metrics + (["cost"] if not metric else [])
    records = _sweep_records(points, results, metrics)
    if as_json:
        print_json(records)
    else:
        paths = [p for p, _ in _axes(points)]
        show(_sweep_grid(records, paths, metrics, specs, replications, scenario_names(scenario)))
        warn(replication_warning(replications))
    if output is not None:
        _write_records(records, output)
        err.print(f"wrote {output}")
    if plot is not None:
        from sim.report.rows import spec_for
        from sim.report.sweep_chart import sweep_chart

        titles = {m: spec_for(m, specs)[0] for m in metrics}
        plot.write_bytes(sweep_chart(records, [p for p, _ in _axes(points)], metrics, titles, scenario))
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


def _sweep_grid(
    records: list[dict[str, Any]],
    paths: list[str],
    metrics: list[str],
    specs: list[Any],
    replications: int,
    names: list[str],
) -> Grid:
    """One row per grid point, one column per figure, each a mean ± the half-width of its 95% interval."""
    from sim.report.rows import estimate_text, spec_for
    from sim.stats import Estimate

    chosen = [spec_for(name, specs) for name in metrics]
    rows = []
    for record in records:
        label = ", ".join(f"{p.rsplit('.', 1)[-1]}={record[p]}" for p in paths)
        cells = []
        for _, name, fmt, _ in chosen:
            mean, low, high = record[name], record[f"{name}.low"], record[f"{name}.high"]
            half = (high - low) / 2 if replications > 1 else float("inf")
            cells.append(Cell(estimate_text(Estimate(mean, half, replications), fmt)))
        rows.append((label, cells))
    title = f"Sweep — means of {replications} replications (95% CI)"
    return Grid(title, "setting", [spec[0] for spec in chosen], "figure", rows, names=names)


def _write_records(records: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        path.write_text(dumps_strict(records) + "\n", encoding="utf-8")
        return
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]) if records else [])
        writer.writeheader()
        writer.writerows(records)


def register(app: typer.Typer) -> None:
    """Add `carelab compare` and `carelab sweep` to the main command."""
    app.command("compare")(compare)
    app.command("sweep")(sweep)
