"""Human units in scenario files: what authors may write and what they are told when it is wrong."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.scenarios.units import (
    MAX_DURATION_MINUTES,
    format_clock,
    format_days,
    format_duration,
    parse_clock,
    parse_days,
    parse_duration,
    parse_timezone,
)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("90s", 1.5), ("45m", 45.0), ("2h", 120.0), ("14d", 20160.0), ("1h30m", 90.0), ("1w", 10080.0),
     ("2.5h", 150.0), ("0m", 0.0), ("1 h 15 m", 75.0)],
)  # fmt: skip
def test_durations_parse_to_minutes(text: str, minutes: float) -> None:
    assert parse_duration(text) == pytest.approx(minutes)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [(90, "a duration needs a unit: write 90m or 90s"), ("ninety", "'ninety' is not a duration"),
     ("5 minutes", "is not a duration"), (True, "expected a duration"), ("", "is not a duration"),
     (1e300, "expected at most 100 years"), (float("nan"), "expected at most 100 years")],
)  # fmt: skip
def test_bad_durations_say_what_was_expected(value: object, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_duration(value)


@given(st.just(0.0) | st.floats(min_value=1 / 60, max_value=MAX_DURATION_MINUTES))
def test_duration_text_round_trips(minutes: float) -> None:
    # Seconds are written in the shortest text that reads back as the same float.
    assert parse_duration(format_duration(minutes)) == pytest.approx(minutes, rel=1e-9, abs=1e-6 / 60)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("0.5s", "shorter than a second"), ("9" * 30 + "w", "too long"), ("36501d", "too long"),
     ("1s\n@meta.seed: forged", "is not a duration")],
)  # fmt: skip
def test_durations_a_run_cannot_use_are_refused(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment) as caught:
        parse_duration(text)
    assert "\n" not in str(caught.value)


def test_durations_print_in_the_largest_exact_unit() -> None:
    assert [format_duration(m) for m in (1440.0, 90.0, 1.5, 120.0, 0.25)] == ["1d", "90m", "90s", "2h", "15s"]


def test_clock_times() -> None:
    assert parse_clock("08:30") == 510.0
    assert parse_clock("24:00") == 1440.0
    assert format_clock(510.0) == "08:30"
    with pytest.raises(ValueError, match=r"write clock times as HH:MM, e\.g\. '17:00'"):
        parse_clock(17)
    with pytest.raises(ValueError, match="expected 00:00 to 24:00"):
        parse_clock("25:00")


@pytest.mark.parametrize(
    ("text", "days"),
    [("mon-fri", (0, 1, 2, 3, 4)), ("sat,sun", (5, 6)), ("fri-mon", (0, 4, 5, 6)), ("daily", tuple(range(7))),
     ("weekends", (5, 6)), (["Monday", "wed"], (0, 2))],
)  # fmt: skip
def test_days(text: object, days: tuple[int, ...]) -> None:
    assert parse_days(text) == days


def test_days_print_as_ranges() -> None:
    assert format_days((0, 1, 2, 3, 4)) == "mon-fri"
    assert format_days((0, 2, 5, 6)) == "mon,wed,sat-sun"
    assert parse_days(format_days((0, 2, 5, 6))) == (0, 2, 5, 6)


def test_unknown_day_is_named() -> None:
    with pytest.raises(ValueError, match="'fry' is not a day"):
        parse_days("mon-fry")


def test_time_zones_are_checked_with_a_suggestion() -> None:
    assert parse_timezone("Asia/Kolkata") == "Asia/Kolkata"
    with pytest.raises(ValueError, match="did you mean 'Europe/London'"):
        parse_timezone("Europe/Londn")
