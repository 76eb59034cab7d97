"""Shift templates a manager states for `carelab staff`: starts on the half hour, breaks the integer
program places, and the written plan's breaks honoured by `carelab run`.

No planning search runs here: the integer program is solved on stated needs, and one short run checks
that a written break takes the agents off duty.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from sim.cli.main import app
from sim.planning.requirements import HOURS, Site, planned_sites
from sim.planning.shifts import SLOTS_PER_HOUR, coverage_by_slot, solve_shifts
from sim.scenarios import load_scenario, with_values
from tests.conftest import SCENARIOS

STATIONARY = SCENARIOS / "validation" / "stationary.yaml"
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


@pytest.mark.parametrize(
    ("template", "field", "words"),
    [
        ("{length: 7h20m, days: daily}", "length", "whole or half hours"),
        ("{length: 8h, starts: quarter-hour}", "starts", "expected one of: hour, half-hour"),
    ],
)
def test_a_bad_template_is_refused_with_its_field(write_yaml, template: str, field: str, words: str) -> None:  # type: ignore[no-untyped-def]
    text = STATIONARY.read_text(encoding="utf-8").replace(
        "    - name: desk\n", f"    - name: desk\n      templates: [{template}]\n"
    )
    result = runner.invoke(app, ["staff", str(write_yaml(text)), "-r", "2", "-w", "1"])
    assert result.exit_code == 2, result.output
    message = " ".join(result.output.split())
    assert f"staffing.teams.0.templates.0.{field}" in message
    assert words in message
    assert "Traceback" not in result.output
