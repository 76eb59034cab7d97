"""`carelab run`: simulate a scenario and read what happened, per kind, per team, in cost and reach.

One replication prints its figures; several print means with a 95% t interval (full experiments with
variants and paired differences are `carelab compare`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from sim.cli import common
from sim.cli.common import (
    JsonOption,
    ScenarioArg,
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
from sim.report.rows import MEANINGS, Formatter, count, estimate_text, goal_share, minutes, money, percent
from sim.spreadsheet import InertWriter
from sim.stats import Estimate

if TYPE_CHECKING:
    from sim.engine import RunResult
    from sim.scenarios import Scenario

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
    from sim.scenarios import with_values

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
    show(_kind_grid(scenario, figures, heading), _desk_grid(scenario, figures), _local_hour_grid(results))
    if replications > 1:
        warn(replication_warning(replications))


run.__doc__ = "\n\n".join(
    [
        "Simulate a scenario: service level and response per kind, occupancy, backlog, cost, reach.",
        "With several replications, figures are means with a 95% interval.",
        "[b]What the figures mean:[/b]",
        *(f"[i]{term}[/i]: {meaning}." for term, meaning in MEANINGS),
        "[b]Example:[/b] carelab run scenarios/validation/stationary.yaml --replications 5 "
        "--set meta.duration=28d",
    ]
)


def _simulate(scenario: Scenario, replications: int, quiet: bool) -> list[RunResult]:
    from sim.engine import simulate

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
    from sim.stats import estimate

    names = dict.fromkeys(name for run in runs for name in run)
    return {
        name: estimate([math.nan if (v := run.get(name)) is None else v for run in runs]) for name in names
    }


def _json(scenario: Scenario, runs: list[Figures]) -> dict[str, object]:
    base = {"scenario": scenario.meta.id, "seed": scenario.meta.seed, "replications": len(runs)}
    base["targets"] = targets_achieved(scenario, runs)
    if len(runs) == 1:
        return {**base, "figures": runs[0]}
    estimates = {name: e.to_dict() for name, e in _estimates(runs).items()}
    return {**base, "figures": estimates, "runs": runs}


def _cell(figures: dict[str, Estimate], name: str, fmt: Formatter) -> Cell:
    return Cell(estimate_text(figures.get(name), fmt))


def _kind_grid(scenario: Scenario, figures: dict[str, Estimate], title: str) -> Grid:
    """One row per kind the run saw (and all together); its target and goal in the label."""
    from sim.metrics import kind_targets
    from sim.scenarios import KINDS

    rows = []
    for kind, within in [*zip(KINDS, kind_targets(scenario), strict=True), ("all", None)]:
        prefix = "all" if within is None else f"kind.{kind}"
        seen = figures.get(f"{prefix}.mentions")
        if seen is None or not seen.mean > 0:
            continue
        share = goal_share(scenario, f"{prefix}.service_level")
        goal = f", goal {percent(share)}" if share is not None and within is not None else ""
        label = kind if within is None else f"{kind} (target {minutes(within)}{goal})"
        cells = [
            _cell(figures, f"{prefix}.{name}", fmt)
            for name, fmt in (
                ("mentions", count),
                ("answered", count),
                ("service_level", percent),
                ("first_response_p50", minutes),
                ("first_response_p90", minutes),
                ("abandonment", percent),
            )
        ]
        rows.append((label, cells))
    headers = ["mentions", "answered", "within target", "p50 reply", "p90 reply", "abandoned"]
    return Grid(title, "kind", headers, "figure", rows, names=KINDS)


def _desk_grid(scenario: Scenario, figures: dict[str, Estimate]) -> Grid:
    """Teams, backlogs, follow-ups, reach and cost, one figure a row."""
    assert scenario.staffing is not None
    rows: list[tuple[str, list[Cell]]] = []
    for team in scenario.staffing.teams:
        name = f"team.{team.name}"
        rows.append((f"{team.name}: occupancy", [_cell(figures, f"{name}.occupancy", percent)]))
        if team.concurrency > 1:
            cell = _cell(figures, f"{name}.agent_occupancy", percent)
            rows.append((f"{team.name}: any conversation open", [cell]))
        if team.shrinkage > 0:
            cell = _cell(figures, f"{name}.shrinkage", percent)
            rows.append((f"{team.name}: breaks taken ({percent(team.shrinkage)} set)", [cell]))
        rows.append((f"{team.name}: paid hours", [_cell(figures, f"{name}.paid_hours", count)]))
        rows.append((f"{team.name}: overtime hours", [_cell(figures, f"{name}.overtime_hours", count)]))
    rows.append(("backlog when the desk opens", [_cell(figures, "morning_backlog.desk_open", count)]))
    for region in scenario.regions:
        cell = _cell(figures, f"morning_backlog.region.{region.name}", count)
        rows.append((f"{region.name}: backlog at 09:00 local time", [cell]))
    rows.append(("customers who gave up waiting", [_cell(figures, "all.gave_up", percent)]))
    rows.append(("public follow-ups of ignored customers", [_cell(figures, "follow_ups", count)]))
    rows.append(("negative reach before a reply", [_cell(figures, "negative_reach", count)]))
    rows.append(("complaints' whole reach", [_cell(figures, "complaint_reach", count)]))
    rows.append(("complaints' reshares", [_cell(figures, "complaint_reshares", count)]))
    rows.append(("cost", [_cell(figures, "cost", money(scenario.costs.currency))]))
    names = [team.name for team in scenario.staffing.teams] + [region.name for region in scenario.regions]
    notes = [
        "occupancy: handling time / time on duty or handling past it, per conversation slot; any "
        "conversation open: the same per agent; breaks taken: rostered time neither on duty nor handling.",
        "gave up waiting: authors out of patience before a pick; their posts stay in the inbox (and count "
        "in the backlog) unless policies.inbox lets them leave.",
    ]
    return Grid("The desk", "figure", ["value"], "", rows, names=names, footnotes=notes)


def _local_hour_grid(results: list[RunResult]) -> Grid:
    """Service level by the local hour mentions arrived in, one column per region (means, no intervals)."""
    from sim.metrics import service_level_by_local_hour
    from sim.stats import estimate

    scenario = results[0].scenario
    runs = [service_level_by_local_hour(result.records, scenario) for result in results]
    regions = [region.name for region in scenario.regions]
    rows = []
    for hour in range(24):
        means = [estimate([run[name][hour] for run in runs]) for name in regions]
        cells = [Cell(estimate_text(Estimate(m.mean, math.nan, m.n), percent)) for m in means]
        rows.append((f"{hour:02d}:00", cells))
    note = "Each region on its own clock: share of the mentions arriving in that hour replied within target."
    title = "Service level by local hour of arrival"
    return Grid(title, "local hour", regions, "region", rows, names=regions, footnotes=[note])


def _write_records(path: Path, results: list[RunResult]) -> None:
    """One row per mention, codes replaced by names, a `replication` column first."""
    from sim.mentions import NETWORKS
    from sim.metrics import OUTCOMES
    from sim.scenarios import CHANNELS, KINDS

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


def targets_achieved(scenario: Scenario, runs: Sequence[Figures]) -> list[dict[str, object]]:
    """Every target of the scenario with the share achieved over the runs (mean and 95% interval) and
    whether it is met: the interval's lower end at or above the share, the planner's meaning. `within` is
    in minutes; with one run there is no interval, so `low`, `high` and `met` are null."""
    rows: list[dict[str, object]] = []
    for target in scenario.targets:
        metric = "all.service_level" if target.kind == "all" else f"kind.{target.kind}.service_level"
        achieved = _estimates(runs).get(metric, Estimate(math.nan, math.nan, 0))
        known = achieved.n >= 2 and math.isfinite(achieved.low)
        rows.append(
            {
                "kind": target.kind,
                "within": target.within,
                "share": target.share,
                "achieved": {
                    "mean": achieved.mean if math.isfinite(achieved.mean) else None,
                    "low": achieved.low if known else None,
                    "high": achieved.high if known else None,
                },
                "met": achieved.low >= target.share if known else None,
            }
        )
    return rows


def register(app: typer.Typer) -> None:
    """Add `carelab run` to the main command."""
    app.command("run")(run)
