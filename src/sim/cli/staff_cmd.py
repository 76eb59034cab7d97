"""`carelab staff`: a rota per site that meets every target in simulation, as shifts people can work.

Prints, at 80 columns, every target with the plan's and the current rota's figures, then per site its
shifts, a 7x24 grid of heads in local time and its FTE, and the cost against the current rota. `--out`
writes the whole scenario with the planned shifts, `--csv` the need and rota per site and local hour,
`--plot` a heatmap PNG per site, `--json` all of it for programs.
"""

from __future__ import annotations

import csv
import math
import textwrap
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

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
from sim.planning import Plan, PlanningError, Round, Settings, Verdict, coverage, goals_for, plan_staffing
from sim.planning.requirements import Site
from sim.planning.templates import PlannedShift, coverage_by_slot
from sim.planning.week import DAY_NAMES, HOURS, SLOTS_PER_HOUR
from sim.scenarios.units import format_duration
from sim.stats import Estimate

PROSE_WIDTH = 80
"""Remarks (what is out of reach, notes) are wrapped to fit the narrowest terminal the output is made for."""
GRID_LEGEND = "(a cell: the fewer on duty of the hour's workable half-hours, breaks excluded)"
"""What a cell shows when a shift starts, ends or breaks at half past."""
FTE_HOURS = 40.0
"""Paid hours of one full-time equivalent per week (assumed: the common full-time week)."""


def _percent(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{100 * value:.1f}%"


def _interval(achieved: Estimate) -> str:
    if achieved.n < 2:
        return "n/a"
    return f"[{_percent(max(achieved.low, 0.0))}, {_percent(min(achieved.high, 1.0))}]"


def _targets_table(plan: Plan) -> Table:
    table = Table(title="Targets (replied within; met: the 95% interval's low end reaches the share)")
    for name in ("target", "plan", "95% interval", "met", "current", "met"):
        table.add_column(name, justify="left" if name == "target" else "right")
    for mine, now in zip(plan.measured.verdicts, plan.current.verdicts, strict=True):
        table.add_row(
            mine.goal.label,
            _percent(mine.achieved.mean),
            _interval(mine.achieved),
            _verdict(mine, plan),
            _percent(now.achieved.mean),
            "yes" if now.met else "no",
        )
    return table


def _verdict(verdict: Verdict, plan: Plan) -> str:
    if verdict.met:
        return "yes"
    return "no*" if verdict.goal in plan.out_of_reach else "[red]no[/]"


def _shifts_table(plan: Plan, site: str) -> Table:
    table = Table(title=f"{site}: shifts in local time")
    for name in ("shift", "start", "end", "days", "heads", "paid h/wk"):
        table.add_column(name, justify="left" if name in ("shift", "days") else "right")
    for shift in plan.shifts[site]:
        row = shift.as_scenario()
        table.add_row(
            str(row["name"]), str(row["start"]), str(row["end"]), str(row["days"]), str(shift.heads),
            _hours(shift.paid_hours),
        )  # fmt: skip
    return table


def _breaks_legend(shifts: list[PlannedShift]) -> str | None:
    """What the '-bHHMM' of a shift's name means, with the lengths of the breaks; None without breaks."""
    kinds = sorted({(b.length, b.paid) for shift in shifts for b in shift.breaks})
    if not kinds:
        return None
    lengths = ", ".join(f"{format_duration(length)} {'paid' if paid else 'unpaid'}" for length, paid in kinds)
    return f"-bHHMM in a shift's name: each head's break starts at HH:MM ({lengths})."


def _hours(value: float) -> str:
    """Paid hours as a person writes them: '1,234' or, for a half hour, '1,234.5'."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _grid(plan: Plan, site: Site) -> str:
    """Heads on duty per local hour, the fewer of its workable half-hours (`coverage`): 7 rows of 24
    cells, 3 characters each (fits 80 columns)."""
    heads = coverage(plan.shifts[site.name], site.workable_slots)
    lines = ["hour" + "".join(f"{h:>3}" for h in range(24))]
    for day, name in enumerate(DAY_NAMES):
        cells = heads[day * 24 : day * 24 + 24]
        lines.append(f"{name} " + "".join(f"{c:>3}" if c else "  ." for c in cells))
    return "\n".join(lines)


def _print_plan(plan: Plan) -> None:
    out.print(_targets_table(plan))
    for reason in plan.out_of_reach.values():
        out.print(_wrapped(f"* out of reach by staffing: {reason}."), markup=False, highlight=False)
    currency = plan.base.costs.currency
    for site in plan.sites:
        paid = sum(s.paid_hours for s in plan.shifts[site.name])
        out.print()
        if plan.shifts[site.name]:
            out.print(_shifts_table(plan, site.name))
            if legend := _breaks_legend(plan.shifts[site.name]):
                out.print(legend, highlight=False)
            out.print(f"Heads on duty by local hour ({site.team.timezone}):", highlight=False)
            out.print(GRID_LEGEND, highlight=False)
            out.print(_grid(plan, site), markup=False, highlight=False)
        else:
            out.print(f"{site.name}: no shifts (other sites cover its hours more cheaply)")
        out.print(
            f"{site.name}: {_hours(paid)} paid hours a week = {paid / FTE_HOURS:.1f} FTE "
            f"(at {FTE_HOURS:g} h) at {currency} {site.hourly_cost:g}/h",
            highlight=False,
        )
    out.print()
    for line in _cost_lines(plan):
        out.print(line, highlight=False)
    for note in plan.notes:
        out.print(_wrapped(f"note: {note}."), markup=False, highlight=False)


def _wrapped(text: str) -> str:
    """A long remark in lines of at most `PROSE_WIDTH` columns, continued with an indent."""
    return textwrap.fill(text, width=PROSE_WIDTH, subsequent_indent="  ")


def _cost_lines(plan: Plan) -> list[str]:
    currency = plan.base.costs.currency
    mine, now = plan.measured.estimate("cost"), plan.current.estimate("cost")
    change = mine.mean - now.mean
    rounding = plan.shift_cost() - plan.need_cost()
    steps = ("hourly", "shifts", "prune", "confirm")
    rounds = {step: sum(1 for r in plan.rounds if r.step == step) for step in steps}
    return [
        f"Cost after the warm-up: {currency} {mine.mean:,.0f}; the current rota "
        f"{currency} {now.mean:,.0f} ({_signed(change, currency)}).",
        f"Shifts pay {currency} {plan.shift_cost():,.0f} a week, the hourly need {currency} "
        f"{plan.need_cost():,.0f} (rounding: {_signed(rounding, currency)}).",
        f"Simulated: {rounds['hourly']} hourly search, {rounds['shifts']} rostered, "
        f"{rounds['prune']} pruning, {rounds['confirm']} on fresh replications.",
    ]


def _signed(amount: float, currency: str) -> str:
    return f"{'+' if amount >= 0 else '-'}{currency} {abs(amount):,.0f}"


def _as_json(plan: Plan) -> dict[str, Any]:
    def verdicts(items: tuple[Verdict, ...]) -> list[dict[str, Any]]:
        return [
            {
                "kind": v.goal.kind,
                "within_minutes": v.goal.within,
                "share": v.goal.share,
                "achieved": v.achieved.to_dict(),
                "met": v.met,
                "ceiling": plan.ceilings[v.goal].best,
                "out_of_reach": plan.out_of_reach.get(v.goal),
            }
            for v in items
        ]

    return {
        "met": plan.met,
        "targets": verdicts(plan.measured.verdicts),
        "current_targets": verdicts(plan.current.verdicts),
        "currency": plan.base.costs.currency,
        "cost": plan.measured.estimate("cost").to_dict(),
        "current_cost": plan.current.estimate("cost").to_dict(),
        "weekly_need_cost": plan.need_cost(),
        "weekly_shift_cost": plan.shift_cost(),
        "sites": [
            {
                "team": site.name,
                "timezone": site.team.timezone,
                "hourly_cost": site.hourly_cost,
                "shifts": [shift.as_scenario() for shift in plan.shifts[site.name]],
                "paid_hours_per_week": sum(s.paid_hours for s in plan.shifts[site.name]),
                "need_per_local_hour": plan.need[site.name].tolist(),
                "erlang_per_local_hour": plan.erlang[site.name].tolist(),
                "rostered_per_local_hour": coverage(plan.shifts[site.name], site.workable_slots).tolist(),
                "rostered_per_local_half_hour": coverage_by_slot(plan.shifts[site.name]).tolist(),
            }
            for site in plan.sites
        ],
        "rounds": [asdict(r) for r in plan.rounds],
        "notes": plan.notes,
    }


def _write_csv(plan: Plan, path: Path) -> None:
    """One row per site and local hour: `rostered` is the fewer on duty of its workable half-hours (what meets
    the hour's need), `on_duty_00` and `on_duty_30` each half-hour's heads."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([
            "team", "timezone", "local_day", "local_hour", "erlang", "need", "rostered", "on_duty_00",
            "on_duty_30",
        ])  # fmt: skip
        for site in plan.sites:
            rostered = coverage(plan.shifts[site.name], site.workable_slots)
            halves = coverage_by_slot(plan.shifts[site.name]).reshape(HOURS, SLOTS_PER_HOUR)
            for hour in range(HOURS):
                writer.writerow([
                    site.name, site.team.timezone, DAY_NAMES[hour // 24], hour % 24,
                    int(plan.erlang[site.name][hour]), int(plan.need[site.name][hour]), int(rostered[hour]),
                    *(int(heads) for heads in halves[hour]),
                ])  # fmt: skip


def _write_plots(plan: Plan, prefix: Path) -> list[Path]:
    """One heatmap per site: heads rostered by local day and hour."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written = []
    for site in plan.sites:
        heads = coverage(plan.shifts[site.name], site.workable_slots).reshape(7, 24)
        figure, axes = plt.subplots(figsize=(10, 3.2))
        image = axes.imshow(heads, aspect="auto", cmap="viridis")
        axes.set_yticks(range(7), DAY_NAMES)
        axes.set_xticks(range(0, 24, 2))
        axes.set_xlabel(f"local hour ({site.team.timezone})")
        axes.set_title(f"{site.name}: agents rostered per hour")
        figure.colorbar(image, ax=axes, label="agents")
        path = prefix.with_name(f"{prefix.stem}-{site.name}.png")
        figure.savefig(path, dpi=100, bbox_inches="tight")
        plt.close(figure)
        written.append(path)
    return written


def _write_outputs(plan: Plan, output: Path | None, csv_path: Path | None, plot: Path | None) -> None:
    if output is not None:
        data = plan.scenario.model_dump(mode="json", exclude_none=True)
        header = f"# Staffing plan by `carelab staff` for {plan.base.meta.id}: run it with `carelab run`.\n"
        output.write_text(
            header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        err.print(f"wrote {output}")
    if csv_path is not None:
        _write_csv(plan, csv_path)
        err.print(f"wrote {csv_path}")
    if plot is not None:
        for path in _write_plots(plan, plot):
            err.print(f"wrote {path}")


def staff(
    file: ScenarioArg,
    target: Annotated[
        str | None, typer.Option("--target", "-t", help="Plan for this goal only, e.g. '90% within 60m'.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", "-k", help="Kind of --target, or narrows the scenario's targets.")
    ] = None,
    replications: ReplicationsOption = 5,
    rounds: Annotated[int, typer.Option("--rounds", min=1, max=60, help="Most hourly search rounds.")] = 16,
    repairs: Annotated[int, typer.Option("--repairs", min=1, max=30, help="Most shift repair rounds.")] = 6,
    prune: Annotated[int, typer.Option("--prune", min=0, max=500, help="Most shift removals tried.")] = 24,
    margin: Annotated[
        float,
        typer.Option(
            "--margin", min=0, max=5, help="Half-widths a target must clear while planning (0: just met)."
        ),
    ] = Settings.margin,
    sets: SetOption = None,
    output: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the planned scenario (YAML).")
    ] = None,
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Write need and rota per site and hour.")
    ] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Heatmap PNGs, one per site: PREFIX-site.png.")
    ] = None,
    as_json: JsonOption = False,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    dask_local: DaskLocalOption = None,
) -> None:
    """Plan shifts per site that meet every target in simulation, for the least paid cost.

    Erlang C gives each site's hourly need for the quarter-hours it is cheapest for; simulation adds
    agents where a target misses and takes them away where there is slack; an integer program (HiGHS)
    turns the need into shifts from each team's templates; simulation then repairs and prunes the rota.
    A target is met when the lower end of its 95% interval reaches the share; while planning it must
    clear the share by --margin half-widths more, so the plan meets again on other random numbers. A
    target no staffing can meet (its bound with no waiting at all is below the share) is reported with
    what binds and left as it is.

    [b]Example:[/b]

    \b
        carelab staff scenarios/whatif/global_airline.yaml --out plan.yaml
    """
    common.check_output(output, "--out")
    scenario = load_or_exit(file, sets)
    if scenario.staffing is None:
        fail(f"{file}: staffing: the scenario has no teams to plan")
    settings = Settings(replications, rounds, repairs, prune, margin)
    common.check_fits([scenario])
    try:
        goals = goals_for(scenario, target, kind)
        with executor_for(workers, scheduler, dask_local) as executor:
            plan = plan_staffing(scenario, goals, settings, executor, None if as_json else _progress)
    except PlanningError as exc:
        fail(f"{file}: {exc}", 2)
    if as_json:
        print_json(_as_json(plan))
    else:
        _print_plan(plan)
    _write_outputs(plan, output, csv_path, plot)
    if not plan.met:
        raise typer.Exit(1)


def _progress(done: Round) -> None:
    verdict = "meets" if done.met else "misses"
    err.print(
        f"{done.step} {done.number}: {_hours(done.agent_hours)} paid h/wk {verdict} ({done.change})",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add `carelab staff` to the main command."""
    app.command("staff")(staff)
