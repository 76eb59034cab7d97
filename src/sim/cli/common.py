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
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO

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


BAD_INPUT = 2
"""The exit code of every refusal of a command's input (files, options, values), as for a usage error."""


def fail(message: str, code: int = BAD_INPUT) -> NoReturn:
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
    """Load a scenario for a command; on any problem, list them all and exit 2."""
    from sim.scenarios import ScenarioError, load_scenario

    try:
        return load_scenario(path, sets or ())
    except ScenarioError as error:
        report_problems(error)
        raise typer.Exit(BAD_INPUT) from None


def check_fits(scenarios: Iterable[Scenario], replications_kept: int = 1) -> None:
    """Refuse, before anything is drawn, runs that cannot fit this machine, with their estimate.

    `replications_kept`: replications whose records stay in memory together (`run` keeps all of them;
    experiments summarise each replication as it ends).
    """
    from sim.experiments.estimate import run_refusal

    for scenario in scenarios:
        refusal = run_refusal(scenario, replications_kept)
        if refusal is not None:
            fail(f"{scenario.meta.id}: {refusal}")


def check_erlang_load(arrivals_per_hour: float, handle_minutes: float) -> None:
    """Refuse an `erlang` load that is not finite or beyond any care desk, before sizing starts."""
    from sim.experiments.estimate import erlang_refusal

    refusal = erlang_refusal(arrivals_per_hour, handle_minutes)
    if refusal is not None:
        fail(refusal)


def check_output(path: Path | None, option: str) -> None:
    """Refuse, before the work starts, an output path that cannot be written: a folder, a folder that
    cannot be made or written, a read-only file. Missing folders are made here, as the writers would."""
    if path is None:
        return
    from sim.scenarios.problems import quoted

    folder = path.parent
    problem = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"{option} {quoted(path)} cannot be written: {exc.strerror or exc}")
    if path.is_dir():
        problem = "is a folder (expected a file name)"
    elif not os.access(folder, os.W_OK | os.X_OK):
        problem = f"cannot be written: the folder {quoted(folder)} is not writable"
    elif path.exists() and not os.access(path, os.W_OK):
        problem = "cannot be written: the file is read-only"
    if problem is not None:
        fail(f"{option} {quoted(path)} {problem}")


@contextmanager
def atomic_output(path: Path) -> Iterator[TextIO]:
    """Open a text file to write so that `path` holds its old content or the whole new one, never a part:
    the text goes to a temporary file beside it, moved into place when the writing succeeded."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


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
