"""Human units used in scenario files: durations, clock times, days of the week, time zones.

Scenario authors write "90s", "45m", "08:00", "mon-fri" and "Europe/London"; the engine wants float
minutes, minutes after midnight, weekday numbers and checked zone names. Each unit here is an annotated
type that parses the human form, serialises back to it (so `scenario show` prints what a person would write),
and carries a JSON Schema so editors can complete and check it.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Annotated, Any
from zoneinfo import available_timezones

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from sim.scenarios.problems import quoted

MINUTES_PER = {"w": 7 * 1440.0, "d": 1440.0, "h": 60.0, "m": 1.0, "s": 1 / 60}
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(w|d|h|m|s)", re.IGNORECASE)
_DURATION_WHOLE = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*(?:w|d|h|m|s)\s*)+$", re.IGNORECASE)
DURATION_EXAMPLES = "like 90s, 45m, 2h, 1h30m or 14d"
MAX_DURATION_MINUTES = 100 * 365 * 1440.0
"""The longest duration a scenario may state: 100 years (assumed; no care desk plans further)."""
SMALLEST_DURATION_MINUTES = 1 / 60
"""The shortest non-zero duration: one second, the finest time any care figure is stated in (assumed)."""


def parse_duration(value: Any) -> float:
    """Parse "1h30m" into 90.0 minutes; bare numbers are refused because their unit would be a guess."""
    if isinstance(value, bool) or not isinstance(value, str):
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not math.isfinite(value) or abs(value) > MAX_DURATION_MINUTES:
                raise ValueError(f"{value} is not a duration (expected at most 100 years, 36500d)")
            raise ValueError(f"a duration needs a unit: write {value}m or {value}s, {DURATION_EXAMPLES}")
        raise ValueError(f"expected a duration {DURATION_EXAMPLES}")
    if len(value) > 80 or not _DURATION_WHOLE.match(value):
        raise ValueError(f"{quoted(value)} is not a duration (expected one {DURATION_EXAMPLES})")
    minutes = sum(float(n) * MINUTES_PER[u.lower()] for n, u in _DURATION_PART.findall(value))
    if not math.isfinite(minutes) or minutes > MAX_DURATION_MINUTES:
        raise ValueError(f"{quoted(value)} is too long (expected at most 100 years, 36500d)")
    if 0 < minutes < SMALLEST_DURATION_MINUTES * (1 - 1e-9):
        raise ValueError(f"{quoted(value)} is shorter than a second (expected 0 or at least 1s)")
    return minutes


def format_duration(minutes: float) -> str:
    """Write minutes in the largest unit that keeps them exact: 90.0 -> "90m", 1440.0 -> "1d", 1.5."""
    if minutes == 0:
        return "0m"
    for unit in ("w", "d", "h", "m"):
        count = minutes / MINUTES_PER[unit]
        if round(count) >= 1 and abs(count - round(count)) < 1e-9 * count:
            return f"{round(count)}{unit}"
    seconds = minutes * 60
    if abs(seconds - round(seconds)) < 1e-6:
        return f"{round(seconds)}s"
    return f"{seconds!r}s"  # the shortest text that reads back as the same seconds


def format_hours(minutes: float) -> str:
    """Write whole minutes as hours and minutes, as shift lengths are said: 270.0 -> "4h30m", 480.0 -> "8h",
    30.0 -> "30m"."""
    hours, rest = divmod(round(minutes), 60)
    return "".join(part for part, count in ((f"{hours}h", hours), (f"{rest}m", rest)) if count) or "0m"


Duration = Annotated[
    float,
    BeforeValidator(parse_duration),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\s*(\d+(\.\d+)?\s*[wdhmsWDHMS]\s*)+$",
            "examples": ["90s", "45m", "2h", "1h30m", "14d"],
        }
    ),
]
"""A length of time, held as float minutes."""


_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def parse_clock(value: Any) -> float:
    """Parse "08:30" into 510.0 minutes after midnight; "24:00" is allowed as an end of day."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 24:
        raise ValueError(f"write clock times as HH:MM, e.g. '{value:02d}:00' (in quotes)")
    if not isinstance(value, str) or not (match := _CLOCK.match(value)):
        raise ValueError(f"{quoted(value)} is not a clock time (expected HH:MM, e.g. '08:00' or '17:30')")
    hours, minutes = int(match[1]), int(match[2])
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"{quoted(value)} is not a clock time (expected 00:00 to 24:00)")
    return hours * 60.0 + minutes


def format_clock(minutes: float) -> str:
    """Write 510.0 as "08:30"."""
    whole = round(minutes)
    return f"{whole // 60:02d}:{whole % 60:02d}"


ClockTime = Annotated[
    float,
    BeforeValidator(parse_clock),
    PlainSerializer(format_clock, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$", "examples": ["08:00", "17:30"]}),
]
"""A local wall-clock time, held as minutes after midnight."""


DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_WORDS = {
    "daily": tuple(range(7)),
    "all": tuple(range(7)),
    "everyday": tuple(range(7)),
    "weekdays": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
    "weekend": (5, 6),
}


def _day_index(token: str) -> int:
    key = token.strip().lower()[:3]
    if key not in DAY_NAMES:
        raise ValueError(
            f"{quoted(token.strip())} is not a day (expected mon, tue, wed, thu, fri, sat or sun)"
        )
    return DAY_NAMES.index(key)


def parse_days(value: Any) -> tuple[int, ...]:
    """Parse "mon-fri", "sat,sun", "fri-mon", "daily" or a list of days into weekday numbers (0=Monday)."""
    if isinstance(value, list | tuple):
        parts = [str(v) for v in value]
    elif isinstance(value, str):
        parts = value.split(",")
    else:
        raise ValueError("expected days like 'mon-fri', 'sat,sun' or 'daily'")
    days: set[int] = set()
    for part in parts:
        token = part.strip().lower().replace(" ", "")
        if token in _DAY_WORDS:
            days.update(_DAY_WORDS[token])
        elif "-" in token:
            first, last = (_day_index(t) for t in token.split("-", 1))
            span = (last - first) % 7
            days.update((first + i) % 7 for i in range(span + 1))
        elif token:
            days.add(_day_index(token))
    if not days:
        raise ValueError("expected at least one day, e.g. 'mon-fri' or 'daily'")
    return tuple(sorted(days))


def format_days(days: tuple[int, ...]) -> str:
    """Write (0, 1, 2, 3, 4) as "mon-fri" and (5, 6) as "sat-sun": runs become ranges."""
    if len(days) == 7:
        return "daily"
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    names = [
        DAY_NAMES[run[0]] if len(run) == 1 else f"{DAY_NAMES[run[0]]}-{DAY_NAMES[run[-1]]}" for run in runs
    ]
    return ",".join(names)


Days = Annotated[
    tuple[int, ...],
    BeforeValidator(parse_days),
    PlainSerializer(format_days, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "examples": ["mon-fri", "sat,sun", "daily", "weekends"]},
                {"type": "array", "items": {"type": "string", "enum": list(DAY_NAMES)}},
            ]
        }
    ),
]
"""Days of the week, held as sorted weekday numbers (0 = Monday)."""


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def parse_timezone(value: Any) -> str:
    """Check an IANA zone name ("Europe/London") against the zone list and suggest a fix for typos.

    The name is looked up in the list of zones, never opened as a path: `Europe` names a folder of the zone
    database and `../x` a file outside it.
    """
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected an IANA time zone name like 'Europe/London' or 'America/New_York'")
    name = value.strip()
    if name in _known_zones():
        return name
    from difflib import get_close_matches

    guess = get_close_matches(name[:80], _known_zones(), n=1)
    hint = f"; did you mean '{guess[0]}'?" if guess else ""
    raise ValueError(
        f"{quoted(name)} is not a known time zone (expected an IANA name like 'Europe/London'{hint})"
    )


TimeZone = Annotated[
    str,
    BeforeValidator(parse_timezone),
    WithJsonSchema({"type": "string", "examples": ["Europe/London", "America/New_York", "Asia/Kolkata"]}),
]
"""An IANA time zone name, checked against zoneinfo."""
