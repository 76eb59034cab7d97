"""What every `carelab` command shares: loading scenarios with clean errors, `--set`, output conventions.

Data goes to stdout (tables for people, `--json` or CSV for programs); messages, warnings and progress go to
stderr, so `carelab run x.yaml --json | jq` always sees clean JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from sim.scenarios import Scenario, ScenarioError, load_scenario

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
    try:
        return load_scenario(path, sets or ())
    except ScenarioError as error:
        report_problems(error)
        raise typer.Exit(BAD_INPUT) from None


def print_json(data: Any) -> None:
    """Write JSON to stdout for programs (no colour, no wrapping)."""
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")
