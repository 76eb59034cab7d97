"""Shift templates a manager states for `carelab staff`: starts on the half hour, breaks the integer
program places, and the written plan's breaks honoured by `carelab run`.

The integer program is solved on stated needs over several drawn ones (seeds); two-day runs check that a
written break takes the agents off duty, and one short planning search (one day, two replications, no
pruning) that a plan with breaks prints at 80 columns.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner

from sim.cli.main import app
from sim.cli.staff_cmd import _breaks_legend, _shifts_table
from sim.engine import simulate
from sim.experiments.executors import InProcess
from sim.planning import Settings, goals_for, plan_staffing
from sim.planning.requirements import Site, planned_sites
from sim.planning.search import with_shifts
from sim.planning.shifts import solve_shifts
from sim.planning.templates import coverage, coverage_by_slot
from sim.planning.week import HOURS, SLOTS_PER_HOUR
from sim.scenarios import Scenario, load_scenario, with_values
from sim.scenarios.operations import ShiftBreak
from sim.scenarios.units import format_clock
from tests.conftest import ROOT, SCENARIOS

STATIONARY = SCENARIOS / "validation" / "stationary.yaml"
TWO_SITES = ROOT / "tests" / "data" / "two_sites_overstaffed.yaml"
SEEDS = (1, 2, 3, 4, 5)
runner = CliRunner()


def _site(templates: list[dict[str, Any]], workable: dict[str, str] | None = None) -> Site:
    """The stationary desk (UTC, cost 25/h) with these templates."""
    values: dict[str, Any] = {"staffing.teams.desk.templates": templates}
    if workable is not None:
        values["staffing.teams.desk.workable"] = workable
    return planned_sites(with_values(load_scenario(STATIONARY), values, "test"))[0]


def _random_need(seed: int) -> np.ndarray:
    """A day-shaped need: 0-4 heads from 07:00 to 23:00, each hour drawn on its own."""
    rng = np.random.default_rng(seed)
    need = np.zeros(HOURS, dtype=np.int64)
    for day in range(7):
        need[day * 24 + 7 : day * 24 + 23] = rng.integers(0, 5, size=16)
    return need


def _cost(shifts: list[Any]) -> float:
    return sum(s.paid_hours for s in shifts)


@pytest.mark.parametrize("seed", SEEDS)
def test_half_hour_starts_are_never_dearer_and_cover_every_half_hour(seed: int) -> None:
    templates = [{"length": length, "days": "daily"} for length in ("8h", "4h30m", "6h")]
    need = _random_need(seed)
    on_the_hour = solve_shifts(_site(templates), need)
    half_hours = solve_shifts(_site([{**t, "starts": "half-hour"} for t in templates]), need)
    assert _cost(half_hours) <= _cost(on_the_hour) + 1e-9
    for shifts in (on_the_hour, half_hours):
        assert (coverage_by_slot(shifts) >= np.repeat(need, SLOTS_PER_HOUR)).all()
    assert all(s.start % 60 == 0 for s in on_the_hour)


def test_a_need_only_half_hour_starts_meet_exactly_is_met_at_its_own_cost() -> None:
    """One head 08:00-17:00 with 4h30m shifts: 08:00-12:30 and 12:30-17:00, 9 paid hours a day, where
    starts on the hour need a third shift."""
    template = {"length": "4h30m", "days": "daily"}
    need = np.zeros(HOURS, dtype=np.int64)
    for day in range(7):
        need[day * 24 + 8 : day * 24 + 17] = 1
    half_hours = solve_shifts(_site([{**template, "starts": "half-hour"}]), need)
    assert _cost(half_hours) == 9 * 7
    assert sorted(s.as_scenario()["start"] for s in half_hours) == ["08:00", "12:30"]
    assert {s.name for s in half_hours} == {"4h30m-daily-0800", "4h30m-daily-1230"}
    assert _cost(solve_shifts(_site([template]), need)) > 9 * 7


def test_a_half_hour_start_stays_inside_the_workable_hours() -> None:
    """Workable 06:00-20:00: an 8h shift may start at 12:00, never at 12:30 (it would end at 20:30)."""
    site = _site([{"length": "8h", "starts": "half-hour"}], {"start": "06:00", "end": "20:00"})
    need = np.zeros(HOURS, dtype=np.int64)
    need[19::24] = 1  # 19:00-20:00 every day
    shifts = solve_shifts(site, need)
    assert all(s.start + s.length <= 20 * 60 and s.start >= 6 * 60 for s in shifts)


def _half_past_window(starts: str) -> tuple[Site, list[Any]]:
    """Workable 06:30-23:30 and a need of one head from 06:00 to 24:00 every day, with 8h shifts that
    start on the hour or also on the half hour."""
    site = _site([{"length": "8h", "starts": starts}], {"start": "06:30", "end": "23:30"})
    return site, solve_shifts(site, _day_need(6, 24))


def test_a_window_from_half_past_lets_half_hour_shifts_start_then() -> None:
    site, shifts = _half_past_window("half-hour")
    starts = {s.start for s in shifts}
    assert 6 * 60 + 30 in starts and 6 * 60 not in starts
    assert all(s.start >= 6 * 60 + 30 and s.start + s.length <= 23 * 60 + 30 for s in shifts)
    minute_of_day = np.arange(HOURS * SLOTS_PER_HOUR) % (24 * SLOTS_PER_HOUR) * 30
    workable = (minute_of_day >= 6 * 60 + 30) & (minute_of_day < 23 * 60 + 30)
    assert (site.workable_slots == workable).all()
    assert (coverage_by_slot(shifts)[workable] >= 1).all()
    assert (coverage(shifts, site.workable_slots)[site.workable] >= 1).all()


def test_a_window_from_half_past_keeps_on_the_hour_shifts_to_whole_hours() -> None:
    """Shifts that start on the hour cannot reach 06:30-07:00 or 23:00-23:30: the site works 07:00-23:00
    as a whole-hour window would give it, and the need outside asks nothing of it."""
    site, shifts = _half_past_window("hour")
    assert site.workable.reshape(7, 24).tolist() == [[7 <= h < 23 for h in range(24)]] * 7
    assert {s.start for s in shifts} == {7 * 60, 15 * 60}
    assert all(s.start >= 7 * 60 and s.start + s.length <= 23 * 60 for s in shifts)


@pytest.mark.parametrize(
    ("template", "field", "words"),
    [
        ("{length: 7h20m, days: daily}", "0.length", "whole or half hours"),
        ("{length: 8h, starts: quarter-hour}", "0.starts", "expected one of: hour, half-hour"),
        (
            "{length: 8h, breaks: [{length: 20m, earliest: 3h, latest: 5h}]}",
            "0.breaks.0.length",
            "half-hours",
        ),
        (
            "{length: 8h, breaks: [{length: 30m, earliest: 5h, latest: 3h}]}",
            "0.breaks.0.latest",
            "`earliest`",
        ),
        (
            "{length: 6h, breaks: [{length: 30m, earliest: 3h, latest: 6h}]}",
            "0.breaks.0.latest",
            "must end before the shift's end, 6h in",
        ),
        (
            "{length: 8h, breaks: [{length: 30m, earliest: 2h, latest: 4h}, {length: 30m, earliest: 4h, latest: 6h}]}",
            "0.breaks.1.earliest",
            "may overlap breaks.0: start it at least 4h30m into the shift",
        ),
        (
            "{length: 8h}, {length: 8h, starts: half-hour}",
            "1.name",
            "its shifts would be named as those of templates.0 ('8h daily'); give one of them a `name`",
        ),
    ],
)
def test_a_bad_template_is_refused_with_its_field(write_yaml, template: str, field: str, words: str) -> None:  # type: ignore[no-untyped-def]
    text = STATIONARY.read_text(encoding="utf-8").replace(
        "    - name: desk\n", f"    - name: desk\n      templates: [{template}]\n"
    )
    result = runner.invoke(app, ["staff", str(write_yaml(text)), "-r", "2", "-w", "1"])
    assert result.exit_code == 2, result.output
    message = " ".join(result.output.split())
    assert f"staffing.teams.0.templates.{field}" in message
    assert words in message
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("breaks", "field", "words"),
    [
        ('[{start: "17:00", length: 30m}]', "breaks.0.start", "must lie inside the shift 08:00-16:00"),
        ('[{start: "08:00", length: 30m}]', "breaks.0.start", "must lie inside the shift 08:00-16:00"),
        ('[{start: "15:30", length: 1h}]', "breaks.0.start", "must lie inside the shift 08:00-16:00"),
        (
            '[{start: "12:00", length: 1h}, {start: "12:30", length: 30m}]',
            "breaks.1.start",
            "overlaps breaks.0",
        ),
    ],
)
def test_a_break_outside_its_shift_or_over_another_is_refused(
    write_yaml, breaks: str, field: str, words: str
) -> None:  # type: ignore[no-untyped-def]
    text = STATIONARY.read_text(encoding="utf-8").replace(
        '{start: "00:00", end: "24:00", days: daily, agents: 8}',
        f'{{start: "08:00", end: "16:00", days: daily, agents: 8, breaks: {breaks}}}',
    )
    result = runner.invoke(app, ["run", str(write_yaml(text)), "-r", "1"])
    assert result.exit_code == 2, result.output
    message = " ".join(result.output.split())
    assert f"staffing.teams.0.shifts.0.{field}" in message and words in message
    assert "Traceback" not in result.output


# --- breaks ---------------------------------------------------------------------------------------------

MEAL = {"length": "30m", "earliest": "3h", "latest": "5h"}


def _day_need(first: int, last: int, heads: int = 1) -> np.ndarray:
    """`heads` from `first` o'clock to `last` o'clock every day."""
    need = np.zeros(HOURS, dtype=np.int64)
    for day in range(7):
        need[day * 24 + first : day * 24 + last] = heads
    return need


@pytest.mark.parametrize("seed", SEEDS)
def test_breaks_cover_nothing_and_every_half_hour_still_meets_its_need(seed: int) -> None:
    templates = [
        {"length": "8h30m", "starts": "half-hour", "breaks": [MEAL]},
        {
            "length": "6h",
            "days": "mon-fri",
            "breaks": [{**MEAL, "earliest": "2h", "latest": "4h", "paid": True}],
        },
        {"length": "4h", "starts": "half-hour"},
    ]
    shifts = solve_shifts(_site(templates), _random_need(seed))
    assert (coverage_by_slot(shifts) >= np.repeat(_random_need(seed), SLOTS_PER_HOUR)).all()
    for shift in shifts:
        on_break = set(shift.span().tolist()) - set(shift.slots().tolist())
        assert len(on_break) == sum(b.length for b in shift.breaks) // 30 * len(shift.days)
        assert all(120 <= b.offset <= 300 for b in shift.breaks)


def test_a_lone_heads_break_is_covered_by_another_and_an_unpaid_break_is_not_paid() -> None:
    """One head needed 09:00-17:00 from 8h30m shifts with an unpaid meal break: a lone head's break would
    leave the desk empty, so two heads a day take their breaks at different times; each is paid 8h."""
    shifts = solve_shifts(
        _site([{"length": "8h30m", "starts": "half-hour", "breaks": [MEAL]}]), _day_need(9, 17)
    )
    assert (coverage_by_slot(shifts) >= np.repeat(_day_need(9, 17), SLOTS_PER_HOUR)).all()
    assert sum(s.heads * len(s.days) for s in shifts) == 2 * 7
    assert all(s.paid_hours_each == 8 * len(s.days) for s in shifts)
    assert sum(s.paid_hours for s in shifts) == 2 * 8 * 7


def test_a_paid_break_is_paid() -> None:
    shifts = solve_shifts(_site([{"length": "8h", "breaks": [{**MEAL, "paid": True}]}]), _day_need(9, 17))
    assert all(s.paid_hours_each == 8 * len(s.days) for s in shifts)
    assert (coverage_by_slot(shifts) >= np.repeat(_day_need(9, 17), SLOTS_PER_HOUR)).all()


def _written_plan(tmp_path: Path, paid: bool) -> Path:
    """The stationary desk over two days, rostered by planned 8h30m shifts with a meal break (paid or
    not), written as `carelab staff --out` writes it."""
    templates = [{"length": "8h30m", "starts": "half-hour", "breaks": [{**MEAL, "paid": paid}]}]
    base = with_values(
        load_scenario(STATIONARY, ["meta.duration=2d", "meta.warmup=0m"]),
        {"staffing.teams.desk.templates": templates},
        "test",
    )
    site = planned_sites(base)[0]
    plan = with_shifts(base, (site,), {site.name: solve_shifts(site, _day_need(6, 22, heads=3))})
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan.model_dump(mode="json", exclude_none=True)), encoding="utf-8")
    return path


def _at_break(scenario: Scenario, pause: ShiftBreak, times: np.ndarray) -> np.ndarray:
    """Whether each time (UTC minutes since the start; the desk's zone is UTC) lies in the break."""
    start = scenario.meta.start
    return (start.hour * 60 + start.minute + times - pause.start) % 1440 < pause.length


def _in_break(scenario: Scenario, pause: ShiftBreak, intervals: np.ndarray) -> np.ndarray:
    """Whether each minute of the intervals lies in the break."""
    return _at_break(scenario, pause, np.concatenate([np.arange(a, b) + 0.5 for a, b in intervals]))


@pytest.mark.parametrize("paid", [False, True])
def test_the_written_plan_runs_and_its_agents_are_off_duty_in_their_breaks(
    tmp_path: Path, paid: bool
) -> None:
    path = _written_plan(tmp_path, paid)
    result = runner.invoke(app, ["run", str(path), "-r", "1", "--json"])
    assert result.exit_code == 0, result.output
    scenario = load_scenario(path)
    shifts = {shift.name: shift for shift in scenario.staffing.teams[0].shifts}
    assert shifts and all(len(shift.breaks or ()) == 1 for shift in shifts.values())
    assert {b.paid for shift in shifts.values() for b in shift.breaks or ()} == {paid}
    run = simulate(scenario, 0)
    pauses = [(shifts[a.name.split("/")[1].split("#")[0]].breaks or [])[0] for a in run.roster.agents]
    for agent, pause in zip(run.roster.agents, pauses, strict=True):
        assert not _in_break(scenario, pause, agent.on_duty).any(), agent.name
        assert _in_break(scenario, pause, agent.rostered).any() == paid, agent.name  # unpaid: not rostered
    assert run.work.start.size > 1000  # a busy desk: agents pick work right up to and after each break
    for agent, start in zip(run.work.agent.tolist(), run.work.start.tolist(), strict=True):
        assert not _at_break(scenario, pauses[agent], np.array([start])).any(), (agent, start)


def test_a_plan_with_breaks_prints_them_at_80_columns() -> None:
    """The two-site plan from templates with half-hour starts and a meal break: the shifts table and its
    legend fit 80 columns, and the plan file carries each shift's break."""
    templates = [{"length": "8h30m", "starts": "half-hour", "breaks": [MEAL]}, {"length": "4h"}]
    sets = [
        "meta.duration=1d",
        *(f"staffing.teams.{team}.templates={json.dumps(templates)}" for team in ("lisbon", "manila")),
    ]
    scenario = load_scenario(TWO_SITES, sets)
    plan = plan_staffing(scenario, goals_for(scenario), Settings(2, 1, 1, 0), InProcess())
    console = Console(width=80, record=True, color_system=None)
    for site in plan.sites:
        console.print(_shifts_table(plan, site.name))
        console.print(_breaks_legend(plan.shifts[site.name]) or "", markup=False)
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80 and "…" not in text
    assert "-bHHMM in a shift's name: each head's break starts at HH:MM (30m unpaid)." in text
    written = [s for t in plan.scenario.staffing.teams for s in t.shifts if s.breaks]
    assert written and all(
        s.name.split("-b")[1] == format_clock(s.breaks[0].start).replace(":", "") for s in written
    )
