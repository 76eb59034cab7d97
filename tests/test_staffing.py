"""Rosters: local shifts to UTC with real daylight saving, coverage cuts, breaks, paid hours."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from sim.staffing import (
    build_roster,
    clip,
    daily_block,
    intersect,
    local_blocks_to_utc,
    merge,
    time_in_bins,
    total,
)

from .engine_helpers import scenario

HOUR = 60.0
DAY = 1440.0


def _hours(intervals: np.ndarray) -> list[tuple[float, float]]:
    return [(a / HOUR, b / HOUR) for a, b in intervals.tolist()]


def _roster(teams: list[dict], **kwargs: object) -> object:
    return build_roster(scenario(teams, **kwargs), np.random.default_rng(1))  # type: ignore[arg-type]


def test_london_night_shift_is_seven_hours_when_clocks_go_forward() -> None:
    # Friday 27 March 2026 00:00 UTC; clocks go forward in London at 01:00 UTC on Sunday 29 March.
    origin = datetime(2026, 3, 27, tzinfo=UTC)
    nights = local_blocks_to_utc(daily_block(22 * HOUR, 6 * HOUR, range(7)), "Europe/London", origin, 4 * DAY)
    assert _hours(nights) == [
        (0, 6),  # Thursday's night shift, in progress at the start
        (22, 30),  # Friday 22:00 GMT -> Saturday 06:00 GMT
        (46, 53),  # Saturday 22:00 GMT -> Sunday 06:00 BST = 05:00 UTC: seven hours
        (69, 77),  # Sunday 22:00 BST = 21:00 UTC -> Monday 06:00 BST
        (93, 96),  # Monday's night, cut at the end of the horizon
    ]


def test_london_night_shift_is_nine_hours_when_clocks_go_back() -> None:
    origin = datetime(2026, 10, 24, tzinfo=UTC)  # clocks go back at 01:00 UTC on Sunday 25 October
    nights = local_blocks_to_utc(daily_block(22 * HOUR, 6 * HOUR, (5,)), "Europe/London", origin, 2 * DAY)
    assert _hours(nights) == [(21, 30)]  # Saturday 22:00 BST = 21:00 UTC -> Sunday 06:00 GMT


def test_shift_days_are_the_days_it_starts() -> None:
    origin = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday
    friday_night = local_blocks_to_utc(daily_block(22 * HOUR, 6 * HOUR, (4,)), "UTC", origin, 7 * DAY)
    assert _hours(friday_night) == [(4 * 24 + 22, 5 * 24 + 6)]


def test_business_hours_cut_the_rota_in_the_coverage_zone() -> None:
    roster = _roster(
        [
            {
                "name": "uk",
                "timezone": "Europe/London",
                "shifts": [{"start": "00:00", "end": "24:00", "agents": 2}],
            }
        ],
        start="2026-03-02T00:00:00Z",
        policies={
            "coverage": {
                "mode": "business_hours",
                "open": "09:00",
                "close": "17:00",
                "timezone": "America/New_York",
            }
        },
    )
    # New York is on EST (UTC-5) until 8 March 2026: 14:00-22:00 UTC that week, Monday to Friday.
    expected = [(d * 24 + 14, d * 24 + 22) for d in range(5)]
    for agent in roster.agents:  # type: ignore[attr-defined]
        assert _hours(agent.rostered) == expected
    assert roster.paid_minutes(0) == 2 * 5 * 8 * HOUR  # type: ignore[attr-defined]
    assert _hours(roster.desk_open) == expected  # type: ignore[attr-defined]
    # One time at a time (a follow-up complaint's patience) agrees with the vectorised check, edges included.
    times = np.array([0.0, 14 * HOUR, 18 * HOUR, 22 * HOUR - 1e-9, 22 * HOUR, 4 * DAY + 21 * HOUR, 6 * DAY])
    at_once = roster.is_open(times)  # type: ignore[attr-defined]
    assert [roster.is_open_at(float(t)) for t in times] == at_once.tolist()  # type: ignore[attr-defined]
    assert at_once.tolist() == [False, True, True, True, False, True, False]


def test_business_hours_default_to_the_first_teams_zone() -> None:
    roster = _roster(
        [
            {
                "name": "in",
                "timezone": "Asia/Kolkata",
                "shifts": [{"start": "00:00", "end": "24:00", "agents": 1}],
            }
        ],
        duration="1d",
        policies={"coverage": {"mode": "business_hours", "open": "09:00", "close": "17:00"}},
    )
    assert _hours(roster.agents[0].rostered) == [(3.5, 11.5)]  # type: ignore[attr-defined]


def test_follow_the_sun_cuts_each_team_in_its_own_zone() -> None:
    around = [{"start": "00:00", "end": "24:00", "agents": 1}]
    roster = _roster(
        [
            {"name": "uk", "timezone": "Europe/London", "shifts": around},
            {"name": "in", "timezone": "Asia/Kolkata", "shifts": around},
            {"name": "bo", "timezone": "Europe/London", "role": "backoffice", "shifts": around},
        ],
        duration="1d",
        start="2026-01-05T00:00:00Z",
        policies={"coverage": {"mode": "follow_the_sun", "open": "08:00", "close": "20:00", "days": "daily"}},
    )
    uk, india, _ = roster.agents  # type: ignore[attr-defined]
    assert _hours(uk.rostered) == [(8, 20)]
    assert _hours(india.rostered) == [(2.5, 14.5)]
    assert _hours(roster.desk_open) == [(2.5, 20)]  # type: ignore[attr-defined]


def test_around_the_clock_keeps_the_rota_and_joins_back_to_back_days() -> None:
    roster = _roster(
        [{"name": "d", "timezone": "UTC", "shifts": [{"start": "00:00", "end": "24:00", "agents": 1}]}],
        duration="3d",
    )
    assert _hours(roster.agents[0].rostered) == [(0, 72)]  # type: ignore[attr-defined]


def _breaks(rostered: np.ndarray, on_duty: np.ndarray) -> np.ndarray:
    """Rostered time not on duty."""
    edges = np.concatenate(([[-np.inf, 0.0]], on_duty, [[np.inf, np.inf]]))
    off = np.column_stack((edges[:-1, 1], edges[1:, 0]))
    return intersect(rostered, off[off[:, 1] > off[:, 0]])


def test_paid_hours_count_rostered_time_and_breaks_stay_inside_shifts() -> None:
    roster = _roster(
        [
            {
                "name": "d",
                "timezone": "UTC",
                "shrinkage": 0.25,
                "shifts": [{"start": "09:00", "end": "17:00", "days": "mon-fri", "agents": 3}],
            }
        ],
        duration="7d",
    )
    assert roster.paid_minutes(0) == 3 * 5 * 8 * HOUR  # type: ignore[attr-defined]
    for agent in roster.agents:  # type: ignore[attr-defined]
        assert total(agent.on_duty) == pytest.approx(0.75 * total(agent.rostered))
        assert total(intersect(agent.on_duty, agent.rostered)) == pytest.approx(total(agent.on_duty))
        # One break per two-hour block: four 30-minute breaks in each 8-hour shift.
        breaks = _breaks(agent.rostered, agent.on_duty)
        assert len(breaks) == 5 * 4
        assert np.allclose(breaks[:, 1] - breaks[:, 0], 30.0)


def test_hourly_plan_gives_agents_per_local_hour() -> None:
    plan = [0] * 8 + [3] * 9 + [1] * 7  # 3 agents 08-17h local, 1 agent 17-24h
    roster = _roster([{"name": "d", "timezone": "Europe/London", "hourly": plan}], duration="1d")
    per_hour = roster.agents_per_hour(0)  # type: ignore[attr-defined]
    assert per_hour.tolist() == plan  # London is on GMT (UTC) on 2 March
    assert roster.paid_minutes(0) == sum(plan) * HOUR  # type: ignore[attr-defined]


def test_weekly_hourly_plan_distinguishes_days() -> None:
    week = [2] * 24 * 5 + [0] * 24 * 2
    roster = _roster([{"name": "d", "timezone": "UTC", "hourly": week}], duration="7d")
    assert len(roster.agents) == 2  # type: ignore[attr-defined]
    assert _hours(roster.agents[0].rostered) == [(0, 120)]  # type: ignore[attr-defined]


def test_interval_helpers() -> None:
    a = np.array([[0.0, 10.0], [10.0, 20.0], [30.0, 40.0]])
    assert merge(a).tolist() == [[0.0, 20.0], [30.0, 40.0]]
    assert intersect(merge(a), np.array([[5.0, 35.0]])).tolist() == [[5.0, 20.0], [30.0, 35.0]]
    assert clip(a, 5.0, 30.0).tolist() == [[5.0, 10.0], [10.0, 20.0]]  # [30, 40) touches the end: dropped
    assert clip(a, 50.0, 60.0).shape == (0, 2)
    assert total(clip(a, 0.0, 35.0)) == 25.0
    overlapping = np.array([[0.0, 90.0], [30.0, 60.0]])
    assert time_in_bins(overlapping, np.array([0.0, 60.0, 120.0])).tolist() == [90.0, 30.0]
