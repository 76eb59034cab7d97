"""Sweep grids: what `--vary` accepts and what it refuses."""

from __future__ import annotations

import pytest

from sim.experiments.grid import grid, parse_vary
from sim.scenarios.overrides import PathError


def test_ranges_lists_and_steps() -> None:
    assert parse_vary("staffing.teams.uk.shifts.0.agents=1..4") == (
        "staffing.teams.uk.shifts.0.agents",
        [1, 2, 3, 4],
    )
    assert parse_vary("policies.listening.coverage=0.5..1..0.25") == (
        "policies.listening.coverage",
        [0.5, 0.75, 1.0],
    )
    assert parse_vary("policies.triage.policy=fifo, urgency-first") == (
        "policies.triage.policy", ["fifo", "urgency-first"],
    )  # fmt: skip
    assert parse_vary("policies.coverage.after_hours_notice=true,false")[1] == [True, False]


def test_grid_is_the_product_in_a_stable_order() -> None:
    points = grid(["a=1..2", "b=x,y"])
    assert points == [{"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"a": 2, "b": "x"}, {"a": 2, "b": "y"}]


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("a=5..1", "is empty"),
        ("a=1..x", "is not a range"),
        ("a=", "gives no values"),
        ("novalue", "not an assignment"),
    ],
)
def test_bad_vary_options_say_what_was_expected(option: str, message: str) -> None:
    with pytest.raises(PathError, match=message):
        parse_vary(option)


def test_a_field_is_varied_once() -> None:
    with pytest.raises(PathError, match="varied once"):
        grid(["a=1,2", "a=3"])
