"""What every `carelab` command shares: loading scenarios with clean errors, `--set`, output conventions.

Data goes to stdout (tables for people, `--json` or CSV for programs); messages, warnings and progress go to
stderr, so `carelab run x.yaml --json | jq` always sees clean JSON. Tables fit the terminal they are printed
in (`COLUMNS` overrides its width) and print whole into a pipe (see `sim.report.layout`).

Scenario loading is imported where it is used: `carelab --help` must not pay for pydantic models.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console

from sim.report.layout import Grid, layout
from sim.report.strict_json import dumps_strict

if TYPE_CHECKING:
    from sim.scenarios import Scenario, ScenarioError

out = Console(soft_wrap=True)
"""Console for results (stdout)."""
err = Console(stderr=True, soft_wrap=True)
"""Console for problems, warnings and progress (stderr)."""

ScenarioArg = Annotated[Path, typer.Argument(help="Scenario YAML file.", show_default=False, metavar="FILE")]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Change a field for this run: path=value, e.g. --set staffing.teams.uk.shifts.0.agents=5. "
        "Repeatable.",
        metavar="PATH=VALUE",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for programs instead of a table.")]


def fail(message: str, code: int = 1) -> NoReturn:
    """Stop with a one-line message on stderr and a non-zero exit code; never a traceback."""
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def report_problems(error: ScenarioError) -> None:
    """Print every scenario problem, one per line, in the FILE:LINE:COL: path: message shape."""
    for problem in error.problems:
        err.print(str(problem), markup=False, highlight=False)
    count = len(error.problems)
    err.print(f"[red]{count} problem{'s' if count != 1 else ''} found[/]", highlight=False)


def load_or_exit(path: Path, sets: list[str] | None = None) -> Scenario:
    """Load a scenario for a command; on any problem, list them all and exit 1."""
    from sim.scenarios import ScenarioError, load_scenario

    try:
        return load_scenario(path, sets or ())
    except ScenarioError as error:
        report_problems(error)
        raise typer.Exit(1) from None


def print_json(data: Any) -> None:
    """Write strict JSON to stdout for programs: undefined figures are null, never NaN or Infinity."""
    sys.stdout.write(dumps_strict(data) + "\n")


def output_width() -> int | None:
    """Columns the results are read at: `COLUMNS`, else the terminal's width; None for a pipe or file."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def show(*grids: Grid) -> None:
    """Print tables laid out for the width they are read at (whole, with full names, into a pipe)."""
    width = output_width()
    for grid in grids:
        renderable, drawn_at = layout(grid, out, width)
        buffer = io.StringIO()
        console = Console(file=buffer, width=drawn_at, force_terminal=out.is_terminal, highlight=False)
        console.print(renderable)
        sys.stdout.write("".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines()))


def replication_warning(replications: int) -> str | None:
    """What a reader must know when replications are too few for an interval worth reading, else None.

    One replication has no interval; two give one with a single degree of freedom, 12.7 standard errors
    wide on each side (Student's t), wider than most differences worth finding.
    """
    if replications == 1:
        return "one replication: figures are a single run with no interval; use -r 5 or more to get one"
    if replications < 3:
        return (
            f"{replications} replications: each 95% interval rests on one degree of freedom and is about "
            "seven times wider than with five; use -r 5 or more"
        )
    return None


def warn(message: str | None) -> None:
    """A warning on stderr (nothing when there is none)."""
    if message:
        err.print(f"[yellow]warning:[/] {message}", highlight=False)
