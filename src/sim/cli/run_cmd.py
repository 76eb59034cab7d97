"""`carelab run`: simulate a scenario and read what happened, per kind, per team, in cost and reach.

One replication prints its figures; several print means with a 95% t interval (full experiments with
variants and paired differences are `carelab compare`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from sim.cli import common
from sim.cli.common import JsonOption, ScenarioArg, SetOption, err, fail, load_or_exit, out, print_json
from sim.engine import RunResult, simulate
from sim.mentions import NETWORKS
from sim.metrics import OUTCOMES, kind_targets
from sim.report.rows import count, minutes, money, percent
from sim.scenarios import CHANNELS, KINDS, Scenario, with_values
from sim.spreadsheet import InertWriter
from sim.stats import Estimate, estimate

Figures = dict[str, float | None]


def run(
    file: ScenarioArg,
    replications: Annotated[
        int, typer.Option("--replications", "-r", min=1, max=1000, help="Independent runs to average.")
    ] = 1,
    seed: Annotated[int | None, typer.Option("--seed", min=0, help="Override `meta.seed`.")] = None,
    sets: SetOption = None,
    as_json: JsonOption = False,
    records: Annotated[
        Path | None, typer.Option("--records", help="Write one CSV row per mention (all replications).")
    ] = None,
) -> None:
    """Simulate a scenario: service level and first response per kind, occupancy, backlog, cost, reach.

    Service level counts mentions answered within their kind's target; abandoned and open ones count as
    failures. With several replications, figures are means with a 95% interval.

    [b]Example:[/b] carelab run scenarios/validation/stationary.yaml --replications 5 --set meta.duration=28d
    """
    common.check_output(records, "--records")
    scenario = load_or_exit(file, sets)
    if scenario.staffing is None:
        fail(f"{file} has no `staffing` to simulate (it is a drill-only scenario)")
    if seed is not None:
        scenario = with_values(scenario, {"meta.seed": seed}, "--seed")
    common.check_fits([scenario], replications)
    results = _simulate(scenario, replications, quiet=as_json)
    runs = [r.summary.to_dict() for r in results]
    if records is not None:
        _write_records(records, results)
        err.print(f"wrote {records}", highlight=False)
    if as_json:
        print_json(_json(scenario, runs))
        return
    figures = _estimates(runs)
    heading = f"{scenario.meta.title} — {replications} replication{'s' if replications > 1 else ''}"
    out.print(_kind_table(scenario, figures, heading))
    out.print(_desk_table(scenario, figures))


def _simulate(scenario: Scenario, replications: int, quiet: bool) -> list[RunResult]:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    show = replications > 1 and not quiet and err.is_terminal
    with Progress(*columns, console=err, disable=not show, transient=True) as bar:
        task = bar.add_task("simulating", total=replications)
        results = []
        for replication in range(replications):
            results.append(simulate(scenario, replication))
            bar.advance(task)
    return results


def _estimates(runs: Sequence[Figures]) -> dict[str, Estimate]:
    names = dict.fromkeys(name for run in runs for name in run)
    return {
        name: estimate([math.nan if (v := run.get(name)) is None else v for run in runs]) for name in names
    }


def _json(scenario: Scenario, runs: list[Figures]) -> dict[str, object]:
    base = {"scenario": scenario.meta.id, "seed": scenario.meta.seed, "replications": len(runs)}
    if len(runs) == 1:
        return {**base, "figures": runs[0]}
    estimates = {name: e.to_dict() for name, e in _estimates(runs).items()}
    return {**base, "figures": estimates, "runs": runs}


def _cell(figures: dict[str, Estimate], name: str, fmt: Callable[[float], str]) -> str:
    """'93.4%' or '93.4% ± 1.2%'; '—' when there is nothing to measure."""
    value = figures.get(name)
    if value is None or value.n == 0 or math.isnan(value.mean):
        return "—"
    text = fmt(value.mean)
    if value.n > 1 and math.isfinite(value.half_width):
        text += f" ± {fmt(value.half_width)}"
    return text


def _kind_table(scenario: Scenario, figures: dict[str, Estimate], title: str) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold")
    for column in ("kind", "mentions", "answered", "within target", "p50 reply", "p90 reply", "abandoned"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    shares = {t.kind: t.share for t in scenario.targets}
    rows = [
        (kind, f"kind.{kind}", f" of {minutes(within)}", shares.get(kind, shares.get("all")))
        for kind, within in zip(KINDS, kind_targets(scenario), strict=True)
    ]
    for label, prefix, goal, share in [*rows, ("all", "all", "", None)]:
        if (figures.get(f"{prefix}.mentions") or Estimate(0, 0, 0)).mean == 0:
            continue
        target = f"{_cell(figures, f'{prefix}.service_level', percent)}{goal}"
        if share is not None:
            target += f" (goal {percent(share)})"
        table.add_row(
            label,
            _cell(figures, f"{prefix}.mentions", count),
            _cell(figures, f"{prefix}.answered", count),
            target,
            _cell(figures, f"{prefix}.first_response_p50", minutes),
            _cell(figures, f"{prefix}.first_response_p90", minutes),
            _cell(figures, f"{prefix}.abandonment", percent),
        )
    return table


def _desk_table(scenario: Scenario, figures: dict[str, Estimate]) -> Table:
    table = Table(title="The desk", title_justify="left", header_style="bold", show_header=False)
    table.add_column("figure")
    table.add_column("value", justify="right")
    assert scenario.staffing is not None
    for team in scenario.staffing.teams:
        name = f"team.{team.name}"
        table.add_row(f"{team.name}: occupancy", _cell(figures, f"{name}.occupancy", percent))
        table.add_row(f"{team.name}: paid hours (overtime)", _paid(figures, name))
    table.add_row("backlog when the desk opens", _cell(figures, "morning_backlog.desk_open", count))
    for region in scenario.regions:
        table.add_row(
            f"backlog at 09:00 in {region.name}",
            _cell(figures, f"morning_backlog.region.{region.name}", count),
        )
    table.add_row("public follow-ups of ignored customers", _cell(figures, "follow_ups", count))
    table.add_row("negative reach before a reply", _cell(figures, "negative_reach", count))
    table.add_row("cost", _cell(figures, "cost", money(scenario.costs.currency)))
    return table


def _paid(figures: dict[str, Estimate], team: str) -> str:
    return (
        f"{_cell(figures, f'{team}.paid_hours', count)} ({_cell(figures, f'{team}.overtime_hours', count)})"
    )


def _write_records(path: Path, results: list[RunResult]) -> None:
    """One row per mention, codes replaced by names, a `replication` column first."""
    scenario = results[0].scenario
    assert scenario.staffing is not None
    with common.atomic_output(path) as handle:
        writer = InertWriter(handle)
        for result in results:
            labels = {
                "kind": KINDS,
                "region": tuple(r.name for r in scenario.regions),
                "channel": CHANNELS,
                "network": NETWORKS,
                "team": tuple(t.name for t in scenario.staffing.teams),
                "agent": tuple(a.name for a in result.roster.agents),
                "outcome": OUTCOMES,
            }
            columns = result.records.columns(labels)
            if result.replication == results[0].replication:
                writer.writerow(["replication", *columns])
            writer.writerows([result.replication, *row] for row in zip(*columns.values(), strict=True))


def register(app: typer.Typer) -> None:
    """Add `carelab run` to the main command."""
    app.command("run")(run)
