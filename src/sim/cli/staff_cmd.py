"""`carelab staff`: the smallest weekly plan that meets a target in simulation, as a scenario snippet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.table import Table

from sim.cli import common
from sim.cli.common import JsonOption, ScenarioArg, SetOption, err, fail, load_or_exit, out, print_json
from sim.cli.experiments_cmd import (
    DaskLocalOption,
    ReplicationsOption,
    SchedulerOption,
    WorkersOption,
    executor_for,
)
from sim.experiments.replications import replicate
from sim.experiments.staffing_search import PLAN_TEAM, StaffingPlan, parse_target, search_plan, with_goal
from sim.report.rows import minutes, percent
from sim.scenarios import Scenario
from sim.stats import Estimate

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _plan_table(plan: StaffingPlan) -> Table:
    table = Table(title="Agents on duty per UTC hour (Erlang first guess in brackets where it differs)")
    table.add_column("day")
    for hour in range(24):
        table.add_column(f"{hour:02d}", justify="right")
    for day, name in enumerate(DAYS):
        cells = []
        for hour in range(24):
            index = day * 24 + hour
            agents, guess = plan.agents[index], plan.erlang[index]
            cells.append(str(agents) if agents == guess else f"{agents} [dim]({guess})[/]")
        table.add_row(name, *cells)
    return table


def _snippet(plan: StaffingPlan) -> str:
    """The planned team as YAML for `staffing.teams`, its rota one commented line per day."""
    assert plan.scenario.staffing is not None
    team = next(t for t in plan.scenario.staffing.teams if t.name == PLAN_TEAM)
    data = team.model_dump(mode="json", exclude_none=True, exclude={"shifts", "hourly"})
    text = yaml.safe_dump({"staffing": {"teams": [data]}}, sort_keys=False, width=200)
    days = [
        f"      {', '.join(str(a) for a in plan.agents[d * 24 : d * 24 + 24])},  # {name} 00-23 UTC"
        for d, name in enumerate(DAYS)
    ]
    return text + "    hourly: [\n" + "\n".join(days) + "\n    ]\n"


def staff(
    file: ScenarioArg,
    target: Annotated[str, typer.Option("--target", "-t", help="The goal, e.g. '90% within 60m'.")],
    kind: Annotated[
        str, typer.Option("--kind", "-k", help="Kind the target is about (default: all).")
    ] = "all",
    budget: Annotated[
        float | None, typer.Option("--budget", help="Most the plan may cost over the scenario's duration.")
    ] = None,
    replications: ReplicationsOption = 5,
    rounds: Annotated[int, typer.Option("--rounds", min=1, max=30, help="Most correction rounds.")] = 8,
    sets: SetOption = None,
    output: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the YAML snippet to a file.")
    ] = None,
    as_json: JsonOption = False,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    dask_local: DaskLocalOption = None,
) -> None:
    """Find the smallest staffing per hour of the week that meets a target in simulation.

    Starts from Erlang C for each hour's expected load, then simulates and adds agents to the hours that
    miss, where peaks, backlog from closed hours, cascades and concurrency make the steady-state answer
    wrong. Prints the plan, its cost against the current rota, the service level it achieved, and a YAML
    snippet for `staffing.teams`.

    [b]Example:[/b]

    \b
        carelab staff scenarios/whatif/global_airline.yaml --target "90% within 60m" --kind complaint
    """
    common.check_output(output, "--out")
    scenario = load_or_exit(file, sets)
    if scenario.staffing is None:
        fail(f"{file} has no staffing section to plan")
    common.check_fits([scenario])
    try:
        goal = parse_target(target, kind)
    except ValueError as exc:
        fail(str(exc))
    with executor_for(workers, scheduler, dask_local) as executor:

        def report_round(number: int, achieved: Estimate) -> None:
            if not as_json:
                err.print(
                    f"round {number}: {goal.metric} = "
                    f"{percent(achieved.mean)} ± {percent(achieved.half_width)}"
                )

        plan = search_plan(scenario, goal, replications, executor, rounds, report_round)
        current = replicate({"current": with_goal(scenario, goal)}, replications, executor)
        planned = replicate({"plan": plan.scenario}, replications, executor) if plan.met else None
    _report(scenario, goal.metric, goal.share, goal.within, plan, current.estimate("current", "cost"),
            current.estimate("current", goal.metric), planned.estimate("plan", "cost") if planned else None,
            budget, output, as_json)  # fmt: skip


def _report(
    scenario: Scenario,
    metric: str,
    share: float,
    within: float,
    plan: StaffingPlan,
    current_cost: Estimate,
    current_level: Estimate,
    plan_cost: Estimate | None,
    budget: float | None,
    output: Path | None,
    as_json: bool,
) -> None:
    snippet = _snippet(plan)
    currency = scenario.costs.currency
    if as_json:
        print_json(
            {
                "met": plan.met,
                "note": plan.note,
                "rounds": plan.rounds,
                "metric": metric,
                "target": {"share": share, "within_minutes": within},
                "achieved": plan.achieved.to_dict(),
                "agents_per_utc_hour": list(plan.agents),
                "erlang_first_guess": list(plan.erlang),
                "agent_hours_per_week": plan.agent_hours,
                "cost": plan_cost.to_dict() if plan_cost else None,
                "current": {"cost": current_cost.to_dict(), "achieved": current_level.to_dict()},
                "currency": currency,
            }
        )
    else:
        out.print(_plan_table(plan))
        verdict = "meets" if plan.met else "does NOT meet"
        out.print(
            f"The plan {verdict} {percent(share)} within {minutes(within)} ({metric}): "
            f"{percent(plan.achieved.mean)} ± {percent(plan.achieved.half_width)} "
            f"after {plan.rounds} round(s); "
            f"the current rota achieves {percent(current_level.mean)} ± {percent(current_level.half_width)}."
        )
        if plan.note:
            out.print(f"[yellow]The search stopped:[/] {plan.note}.")
        if plan_cost:
            change = plan_cost.mean - current_cost.mean
            out.print(
                f"Cost over the scenario: {currency} {plan_cost.mean:,.0f} against {currency} "
                f"{current_cost.mean:,.0f} now ({'+' if change >= 0 else '−'}{currency} {abs(change):,.0f})."
            )
        out.print("\nPaste into the scenario in place of the frontline teams:\n")
        out.print(snippet, markup=False, highlight=False)
    if budget is not None and plan_cost is not None and plan_cost.mean > budget:
        err.print(
            f"[yellow]note:[/] the plan costs {currency} {plan_cost.mean:,.0f}, "
            f"over the budget of {budget:,.0f}"
        )
    if output is not None:
        output.write_text(snippet, encoding="utf-8")
        err.print(f"wrote {output}")
    if not plan.met:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `carelab staff` to the main command."""
    app.command("staff")(staff)
