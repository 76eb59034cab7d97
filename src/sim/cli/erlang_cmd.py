"""`carelab erlang`: agents needed for a service level, or the figures at a staffing (Erlang C/A).

The quick analytic answer before a simulation: steady state, Poisson arrivals, exponential handle
times (and exponential patience with `--patience`). Durations are human strings ("180s", "3m",
"1h") as in scenario files, so a bare number is refused rather than guessed.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from sim.cli.common import JsonOption, check_erlang_load, err, fail, out, print_json
from sim.erlang import Measure, QueueFigures, UnreachableTargetError, queue_figures, required_agents
from sim.scenarios.units import format_duration, parse_duration

DEFAULT_SERVICE_LEVEL = 0.8
"""Assumed: the 80% of the classic '80/20' call-centre target, when sizing without --service-level."""
_SERVICE_LEVEL_HELP = (
    f"Share to reach within --target, e.g. 0.8 (default {DEFAULT_SERVICE_LEVEL} when sizing)."
)


class MeasureChoice(StrEnum):
    """The --measure values as a person types them."""

    replied = "replied"
    picked_up = "picked-up"


_MEASURES: dict[MeasureChoice, Measure] = {
    MeasureChoice.replied: "replied",
    MeasureChoice.picked_up: "picked_up",
}
_MEASURE_HELP = (
    "What --target means: 'replied' (the reply is posted within it: waiting plus handling, as "
    "`carelab run` and `carelab staff` count a target) or 'picked-up' (an agent starts within it: the "
    "call centre's classic service level)."
)
_WORDS: dict[Measure, str] = {"replied": "replied within", "picked_up": "picked up within"}
_BARE_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")


def _duration(text: str) -> float:
    """Parse a human duration for an option; a bad one is a usage error with a hint."""
    try:
        return parse_duration(text)
    except ValueError as exc:
        if _BARE_NUMBER.match(text):
            number = text.strip()
            hint = f"'{number}' has no unit: write {number}s or {number}m"
            raise typer.BadParameter(hint) from None
        raise typer.BadParameter(str(exc)) from None


def _percent(value: float | None) -> str:
    """0.8801 -> '88.0%'; a share that would round to 100% keeps the digits that show it is not."""
    if value is None or math.isnan(value):
        return "n/a"
    text = f"{100 * value:.1f}%"
    if text == "100.0%" and value < 1:
        text = f"{100 * value:.4f}%"
    return text


def _seconds(minutes: float) -> str:
    """A wait for people: '10.0s', '4m 12s', '2h 5m'; inf for an unstable queue."""
    if math.isnan(minutes):
        return "n/a (nobody answered)"
    if math.isinf(minutes):
        return "unbounded (unstable)"
    seconds = minutes * 60
    if seconds < 60:
        return f"{seconds:.1f}s"
    whole = round(seconds)
    if whole < 3600:
        return f"{whole // 60}m {whole % 60:02d}s"
    return f"{whole // 3600}h {whole % 3600 // 60:02d}m"


def _agents(count: int) -> str:
    return f"{count} agent{'' if count == 1 else 's'}"


def _finite(value: float | None, scale: float = 1.0) -> float | None:
    """JSON has no inf or nan: an unbounded or undefined figure is null (see `stable`)."""
    return value * scale if value is not None and math.isfinite(value) else None


def _as_json(figures: QueueFigures, goal: float | None, measure: Measure) -> dict[str, Any]:
    patience = figures.patience_minutes
    return {
        "model": figures.model,
        "agents": figures.agents,
        "offered_load": figures.offered_load,
        "picked_up_within": figures.picked_up_within,
        "replied_within": figures.replied_within,
        "p_wait": figures.p_wait,
        "asa_seconds": _finite(figures.asa_minutes, 60),
        "occupancy": figures.occupancy,
        "p_abandon": figures.p_abandon,
        "target_seconds": _finite(figures.target_minutes, 60),
        "arrivals_per_hour": figures.arrivals_per_hour,
        "aht_seconds": figures.aht_minutes * 60,
        "patience_seconds": None if patience is None else patience * 60,
        "mean_wait_seconds": _finite(figures.mean_wait_minutes, 60),
        "stable": figures.stable,
        "service_level_target": goal,
        "measure": measure,
    }


def _table(figures: QueueFigures) -> Table:
    model = "Erlang A" if figures.model == "erlang_a" else "Erlang C"
    aht = format_duration(figures.aht_minutes)
    title = f"{model}: {figures.arrivals_per_hour:g} arrivals/h, AHT {aht}"
    if figures.patience_minutes is not None:
        title += f", mean patience {format_duration(figures.patience_minutes)}"
    within = format_duration(figures.target_minutes)
    table = Table(title=title)
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row("agents", str(figures.agents))
    table.add_row("offered load", f"{figures.offered_load:.2f} Erlangs")
    table.add_row(f"replied within {within}", _percent(figures.replied_within))
    table.add_row(f"picked up within {within}", _percent(figures.picked_up_within))
    table.add_row("P(wait)", _percent(figures.p_wait))
    table.add_row("ASA (answered contacts)", _seconds(figures.asa_minutes))
    table.add_row("occupancy", _percent(figures.occupancy))
    if figures.p_abandon is not None:
        table.add_row("P(abandon)", _percent(figures.p_abandon))
        table.add_row("mean wait (all arrivals)", _seconds(figures.mean_wait_minutes))
    return table


def _definition(figures: QueueFigures) -> str:
    within = format_duration(figures.target_minutes)
    gives_up = "; customers who give up count as misses" if figures.model == "erlang_a" else ""
    return (
        f"Replied within {within} = share of all arrivals whose reply is posted within {within} "
        f"(waiting plus handling); picked up within {within} = share an agent starts on within "
        f"{within}{gives_up}."
    )


def erlang(
    arrivals_per_hour: Annotated[
        float,
        typer.Option(
            "--arrivals-per-hour",
            min=0.0,
            help="Contacts arriving per hour (Poisson).",
            show_default=False,
        ),
    ],
    aht: Annotated[
        float,
        typer.Option(
            "--aht",
            parser=_duration,
            metavar="DURATION",
            help="Average handle time, e.g. 180s or 3m.",
            show_default=False,
        ),
    ],
    target: Annotated[
        float,
        typer.Option(
            "--target",
            parser=_duration,
            metavar="DURATION",
            help="Target time of the service level, e.g. 15m or 1h (see --measure).",
            show_default=False,
        ),
    ],
    service_level: Annotated[
        float | None,
        typer.Option(
            "--service-level",
            help=_SERVICE_LEVEL_HELP,
            show_default=False,
        ),
    ] = None,
    patience: Annotated[
        float | None,
        typer.Option(
            "--patience",
            parser=_duration,
            metavar="DURATION",
            help="Mean time before a customer gives up: uses Erlang A instead of Erlang C.",
        ),
    ] = None,
    agents: Annotated[
        int | None,
        typer.Option("--agents", min=0, help="Figures for this many agents instead of sizing."),
    ] = None,
    max_occupancy: Annotated[
        float | None,
        typer.Option(
            "--max-occupancy",
            min=0.0,
            max=1.0,
            help="When sizing, add agents until occupancy is at most this share, e.g. 0.85.",
        ),
    ] = None,
    measure: Annotated[MeasureChoice, typer.Option("--measure", help=_MEASURE_HELP)] = MeasureChoice.replied,
    as_json: JsonOption = False,
) -> None:
    """Agents needed for a service level, or the figures for a staffing, from Erlang C or A.

    Steady state for one busy hour: Poisson arrivals and exponential handle times.
    With --patience, customers give up after an exponential patience (Erlang A).

    Replied within = share of all arrivals whose reply is posted within --target
    (waiting plus handling; what a scenario's target and `carelab run` mean).
    Picked up within = share an agent starts on within --target (the classic figure).
    --measure says which one sizing aims at; with --patience, customers who give
    up count as misses in both. ASA = mean wait of answered contacts.

    [b]Example:[/b]

    \b
      carelab erlang --arrivals-per-hour 100 --aht 180s --target 15m \\
          --service-level 0.9
      carelab erlang --arrivals-per-hour 100 --aht 180s --target 20s \\
          --service-level 0.8 --measure picked-up
      carelab erlang --arrivals-per-hour 200 --aht 3m --target 20s \\
          --patience 5m --agents 13 --json
    """
    if aht <= 0:
        raise typer.BadParameter("the handle time must be longer than 0s", param_hint="'--aht'")
    if patience is not None and patience <= 0:
        raise typer.BadParameter("the patience must be longer than 0s", param_hint="'--patience'")
    if service_level is not None and not 0 < service_level <= 1:
        raise typer.BadParameter(
            f"{service_level:g} is not a share: expected above 0 and at most 1, e.g. 0.8 for 80%",
            param_hint="'--service-level'",
        )
    if max_occupancy is not None and max_occupancy <= 0:
        hint = "'--max-occupancy'"
        raise typer.BadParameter("expected a share above 0, e.g. 0.85", param_hint=hint)
    check_erlang_load(arrivals_per_hour, aht)
    goal: float | None = service_level
    chosen = _MEASURES[measure]
    if agents is None:
        goal = DEFAULT_SERVICE_LEVEL if service_level is None else service_level
        try:
            figures = required_agents(
                arrivals_per_hour, aht, target, goal, patience, max_occupancy, measure=chosen
            )
        except UnreachableTargetError as exc:
            fail(str(exc))
    else:
        figures = queue_figures(arrivals_per_hour, aht, agents, target, patience)
        if not figures.stable:
            err.print(
                f"[yellow]unstable:[/] {agents} agents cannot keep up with "
                f"{figures.offered_load:.2f} Erlangs of work. Without abandonment (Erlang C) the "
                "queue grows without limit, so every arrival waits and both service levels are 0. "
                "Add agents, or give --patience for Erlang A.",
                highlight=False,
            )
    if as_json:
        print_json(_as_json(figures, goal, chosen))
        return
    out.print(_table(figures))
    out.print(_definition(figures), highlight=False)
    within = format_duration(target)
    if agents is None:
        cap = ""
        if max_occupancy is not None:
            cap = f" at an occupancy of at most {_percent(max_occupancy)}"
        needed = f"[bold]{_agents(figures.agents)}[/] needed"
        words = _WORDS[chosen]
        out.print(f"{needed} to have {_percent(goal)} {words} {within}{cap}.", highlight=False)
    elif goal is not None:
        verdict = "meets" if figures.level(chosen) >= goal else "misses"
        target_text = f"{_percent(goal)} {_WORDS[chosen]} {within}"
        out.print(f"With {_agents(agents)} the desk {verdict} {target_text}.", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `carelab erlang` to the main command."""
    app.command("erlang")(erlang)
