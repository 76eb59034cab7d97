"""`carelab history import`, `carelab fit` and `carelab backtest`: start from the load the desk really had.

Import reads a mention log into a history file and says what it kept and dropped; fit turns a history into a
commented scenario; backtest simulates a scenario over a history's period and sets it beside what happened.
Bad input names the file and line and exits with code 2 when nothing usable remains.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from sim.cli.common import JsonOption, ScenarioArg, SetOption, err, fail, load_or_exit, out, print_json
from sim.history.backtest import Backtest, Row, backtest
from sim.history.fitting import fit_history
from sim.history.importing import LAYOUTS, ImportReport, Layout, LogError, import_log, import_to_file
from sim.history.writing import FitSource, scenario_yaml
from sim.scenarios import ScenarioError, load_scenario
from sim.traffic.recorded import History, read_history

BAD_INPUT = 2
"""Exit code when the input leaves nothing usable."""
HISTORY_SUFFIX = ".npz"

history_app = typer.Typer(help="Bring your own history: import a desk's mention log.", no_args_is_help=True)

LayoutOption = Annotated[
    str,
    typer.Option("--format", help=f"Layout of the log: auto, {', '.join(LAYOUTS)}.", metavar="LAYOUT"),
]
ZoneOption = Annotated[
    str | None,
    typer.Option("--timezone", help="IANA zone of timestamps without an offset, e.g. Europe/London."),
]


@history_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="Mention log: .csv or .jsonl.", show_default=False)],
    layout: LayoutOption = "auto",
    zone: ZoneOption = None,
    brand: Annotated[
        str | None,
        typer.Option("--brand", help="Keep only posts addressed to this account (Twitter layout)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="History file to write (.npz); default: beside the log."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Read a mention log into a history file, printing what was kept and dropped, and why.

    [b]Example:[/b] carelab history import mentions.csv --timezone Europe/London --out history.npz
    """
    target = output or file.with_suffix(HISTORY_SUFFIX)
    if target.suffix.lower() != HISTORY_SUFFIX:
        fail(f"cannot write '{target}': use a {HISTORY_SUFFIX} file name")
    if not target.parent.is_dir():  # found before the log is read, not after
        fail(f"cannot write '{target}': no folder {target.parent}")
    chosen = _layout(layout)
    try:
        report = import_to_file(file, target, chosen, zone, brand)
    except LogError as error:
        fail(str(error), BAD_INPUT)
    except OSError as error:
        fail(f"cannot write '{target}': {error.strerror}")
    _show_report(report, quiet=as_json)
    if as_json:
        print_json({**report.to_dict(), "history": str(target)})
    err.print(f"wrote {report.kept:,} posts to {target}", highlight=False)


def _layout(layout: str) -> Layout | None:
    """The chosen layout (None: detect it), or exit 2 for an unknown one."""
    if layout != "auto" and layout not in LAYOUTS:
        fail(f"unknown --format '{layout}' (expected auto, {', '.join(LAYOUTS)})", BAD_INPUT)
    return None if layout == "auto" else layout  # type: ignore[return-value]


def _imported(file: Path, zone: str | None) -> History:
    """A log imported into memory (its layout detected), its problems shown; exit 2 if nothing is usable."""
    try:
        history, report = import_log(file, None, zone)
    except LogError as error:
        fail(str(error), BAD_INPUT)
    _show_report(report, quiet=True)
    return history


def _show_report(report: ImportReport, quiet: bool) -> None:
    """Print the report's table (unless `quiet`) and the first places of each problem; exit 2 when
    nothing usable remains."""
    if not quiet:
        out.print(_report_table(report))
    for lines in report.examples.values():
        for line in lines:
            err.print(line, markup=False, highlight=False)
    if not report.kept:
        fail(f"{report.source}: nothing usable remains ({report.rows:,} rows read)", BAD_INPUT)


def _report_table(report: ImportReport) -> Table:
    table = Table(title=f"{report.source} ({report.layout} layout)", title_justify="left", box=box.SIMPLE)
    table.add_column("rows")
    table.add_column("count", justify="right")
    table.add_row("read", f"{report.rows:,}")
    table.add_row("kept", f"{report.kept:,}", style="bold")
    for reason, count in report.dropped.most_common():
        table.add_row(f"dropped: {reason}", f"{count:,}")
    for reason, count in report.notes.most_common():
        table.add_row(f"note: {reason}", f"{count:,}")
    if report.kinds_estimated:
        table.add_row("kinds", "estimated from the text")
    if report.ignored_columns:
        table.add_row("columns not read", ", ".join(report.ignored_columns))
    return table


def _history_or_exit(path: Path, zone: str | None) -> History:
    """A history file as it is, or a log imported on the way."""
    if path.suffix.lower() != HISTORY_SUFFIX:
        return _imported(path, zone)
    try:
        return read_history(path)
    except FileNotFoundError:
        fail(f"{path}: no such file", BAD_INPUT)
    except ValueError as error:
        fail(str(error), BAD_INPUT)


def fit(
    history_file: Annotated[
        Path, typer.Argument(help="History (.npz) or a log to import.", metavar="HISTORY")
    ],
    output: Annotated[Path, typer.Option("--out", "-o", help="Scenario YAML to write.")],
    base: Annotated[
        Path | None,
        typer.Option("--base", help="Scenario to extend: its staffing, policies and targets are kept."),
    ] = None,
    countries: Annotated[
        list[str] | None,
        typer.Option("--country", help="Holiday country of a region: REGION=CC, e.g. UK=GB. Repeatable."),
    ] = None,
    zone: ZoneOption = None,
) -> None:
    """Fit a scenario to a history: local curves, volumes, trend, holidays, the kind and channel mix.

    The scenario is commented YAML that names where each figure came from; it is checked before it is kept.

    [b]Example:[/b] carelab fit history.npz --out fitted.yaml --base scenarios/whatif/global_airline.yaml
    """
    if base is not None:
        _check_base(base, output)
    history = _history_or_exit(history_file, zone)
    mapping = dict(_pair(text) for text in countries or [])
    try:
        fitted = fit_history(history, mapping)
    except ValueError as error:
        fail(str(error), BAD_INPUT)
    source = FitSource(
        history=_relative(history_file, output),
        scenario_id=re.sub(r"[^a-z0-9_-]+", "-", output.stem.lower()).strip("-")[:64] or "fitted",
        title=f"Fitted from {history_file.name}",
        base=_relative(base, output) if base else None,
    )
    try:
        output.write_text(scenario_yaml(fitted, source), encoding="utf-8")
        load_scenario(output)
    except OSError as error:
        fail(f"cannot write '{output}': {error.strerror}")
    except ScenarioError as error:
        for problem in error.problems:
            err.print(str(problem), markup=False, highlight=False)
        output.unlink(missing_ok=True)
        fail(f"the fitted scenario {output} does not validate (see above); nothing was written")
    err.print(f"wrote {output} ({len(fitted.regions)} regions, {fitted.posts:,} posts)", highlight=False)


def _check_base(base: Path, output: Path) -> None:
    """Refuse a base the fitted file could not `extends`: a scenario may only extend files in its own folder
    or below (the loader's rule, so a shared scenario cannot make CareLab read any other file)."""
    if not base.is_file():
        fail(f"--base {base}: no such file", BAD_INPUT)
    folder = output.resolve().parent
    if not base.resolve().is_relative_to(folder):
        fail(
            f"--base {base}: the fitted scenario goes to {folder}, and a scenario may only extend a file "
            f"in its own folder or below; write the fit beside the base (e.g. --out "
            f"{base.parent / output.name}) or copy the base into the output's folder",
            BAD_INPUT,
        )


def _pair(text: str) -> tuple[str, str]:
    region, sep, country = text.partition("=")
    if not sep or not region or not country:
        fail(f"--country '{text}': expected REGION=CC, e.g. UK=GB", BAD_INPUT)
    return region, country.upper()


def _relative(path: Path, scenario: Path) -> str:
    """`path` as the scenario at `scenario` names it: relative to the scenario's folder, as `extends` is."""
    return os.path.relpath(path.resolve(), scenario.resolve().parent)


def backtest_command(
    file: ScenarioArg,
    history_file: Annotated[Path, typer.Option("--history", help="History (.npz) or a log to import.")],
    replications: Annotated[int, typer.Option("--replications", "-r", min=1, max=100)] = 3,
    sets: SetOption = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Draw volume and response times: .png")] = None,
    as_json: JsonOption = False,
    zone: ZoneOption = None,
) -> None:
    """Simulate the period a history covers and set simulated beside actual, per region, kind and day.

    Volume MAPE is by UTC hour of the week; the KS distance compares first-response times. Figures
    count every post; a post never answered misses its target.

    [b]Example:[/b] carelab backtest fitted.yaml --history history.npz --plot out/backtest.png
    """
    if plot is not None and plot.suffix.lower() != ".png":
        fail(f"cannot draw '{plot}': use a .png file name")
    scenario = load_or_exit(file, sets)
    if scenario.staffing is None:
        fail(f"{file} has no `staffing` to simulate (it is a drill-only scenario)")
    history = _history_or_exit(history_file, zone)
    try:
        result = backtest(scenario, history, replications)
    except ValueError as error:
        fail(str(error), BAD_INPUT)
    if as_json:
        print_json(result.to_dict())
    else:
        _print_backtest(result)
    if plot is not None:
        from sim.history.chart import save_backtest_chart  # matplotlib only when a chart is asked for

        save_backtest_chart(result, str(plot))
        err.print(f"wrote {plot}", highlight=False)


def _print_backtest(result: Backtest) -> None:
    out.print(
        f"Backtest: {result.days} days from {result.start:%Y-%m-%d}, {result.replications} replications\n"
        f"volume MAPE by hour of week {result.volume_mape:.1%} "
        f"(chance alone gives {result.volume_mape_noise:.1%} at this size)\n"
        f"response-time KS distance {result.response_ks:.3f}",
        highlight=False,
    )
    out.print("act = the history, sim = simulated (mean); p50, p90: minutes to reply", style="dim")
    out.print(_rows_table("by region", result.by_region, result.overall))
    out.print(_rows_table("by kind", result.by_kind))
    out.print(_rows_table("by day (UTC)", result.by_day))


def _rows_table(title: str, rows: list[Row], overall: Row | None = None) -> Table:
    """Actual beside simulated, nine narrow columns (fits 80 columns)."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE, padding=(0, 1))
    table.add_column("", max_width=12, overflow="ellipsis")
    for name in ("posts", "p50", "p90", "in target"):
        table.add_column(f"{name}\nact", justify="right")
        table.add_column("\nsim", justify="right")
    for row in [*rows, *([overall] if overall else [])]:
        cells = []
        for actual, simulated, show in (
            (row.actual.posts, row.simulated.posts, lambda v: f"{v:,.0f}"),
            (row.actual.p50, row.simulated.p50, _minutes),
            (row.actual.p90, row.simulated.p90, _minutes),
            (row.actual.within_target, row.simulated.within_target, _share),
        ):
            cells += [show(actual), show(simulated)]
        table.add_row(
            row.group, *cells, end_section=row.group == "all", style="bold" if row.group == "all" else None
        )
    return table


def _minutes(value: float) -> str:
    return "-" if value != value else f"{value:.0f}m" if value < 600 else f"{value / 60:.0f}h"


def _share(value: float) -> str:
    return "-" if value != value else f"{value:.1%}"


def register(app: typer.Typer) -> None:
    """Add `carelab history import`, `carelab fit` and `carelab backtest` to the main command."""
    app.add_typer(history_app, name="history")
    app.command("fit")(fit)
    app.command("backtest")(backtest_command)
