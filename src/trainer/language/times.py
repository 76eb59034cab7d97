"""Reading a committed time out of a reply: "back to you within 20 minutes", "by 9:30pm", "by end of day".

A holding reply is only worth something when it names a time the customer can hold the brand to (BP02), and
a named time is a promise the rubric checks later (BP03). Absolute times are local times on the drill's
clock, so the caller passes the local minute of day at which the reply was sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trainer.language.numbers import in_digits
from trainer.language.spans import Span

MINUTES_PER_DAY = 1440.0

_WORD_NUMBERS = {"a": 1, "an": 1, "one": 1}
"""Counts that stay words once other numbers are digits ("in an hour", "within one hour")."""
_UNIT_MINUTES = {"m": 1.0, "h": 60.0}

_RELATIVE = re.compile(
    r"\b(?:within|in)\s+(?:the\s+next\s+|about\s+|around\s+)?"
    r"(?P<count>\d+|a|an|one|half an?)\s*"
    r"(?P<unit>minutes?|mins?|hours?|hrs?|h)\b",
    re.IGNORECASE,
)
_WITHIN_THE_HOUR = re.compile(r"\b(?:within|in) the (?:next )?hour\b", re.IGNORECASE)
_CLOCK = r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm|a\.m\.|p\.m\.)?"
_AT_CLOCK = re.compile(rf"\b(?:by|before|no later than|at)\s+{_CLOCK}", re.IGNORECASE)
_END_OF_DAY = re.compile(
    r"\b(?:by|before)\s+(?:the\s+)?end\s+of\s+(?:the\s+|my\s+|our\s+)?(?:day|shift)\b", re.I
)
_COMING_BACK = re.compile(
    r"\b(?:back|update|hear|answer|reply|respond|news|let you know|get in touch|be in touch|message you|"
    r"call you|e-?mail you|write|pick (?:this|it|that) up|look (?:at|into)|sort|get (?:on ?to|on) |"
    r"follow (?:this |it )?up|return to|come back)",
    re.IGNORECASE,
)
"""Words that make a time a promise to come back, not a fact ("delivered by 5pm", "the 07:15 flight")."""
_SENTENCE_END = re.compile(r"[.!?\n]")


@dataclass(frozen=True)
class Promise:
    """A committed time found in a message."""

    span: Span
    """The words that commit to it."""
    delay: float
    """Minutes from the message to the promised time."""


def promised_time(text: str, local_minute: float, end_of_day: float = MINUTES_PER_DAY) -> Promise | None:
    """The first committed time in `text`, sent at `local_minute` after local midnight.

    `end_of_day` is the local minute "end of day" means (the desk's closing time when it has one).
    Numbers may be words ("within twenty minutes"). Times of day need am/pm or a colon ("by 5pm",
    "by 21:30"): a bare "by 2" is too often not a time. A
    time only counts after words of coming back in the same sentence ("back to you by 9pm", "you'll hear
    from me within the hour"): "delivered by 5pm" states a fact, it promises no answer.
    """
    text = in_digits(text)
    found: list[tuple[int, Promise]] = []
    if match := _RELATIVE.search(text):
        count_text = match["count"].lower()
        count = 0.5 if count_text.startswith("half") else _WORD_NUMBERS.get(count_text) or int(count_text)
        found.append(
            (match.start(), Promise(Span.of(match), count * _UNIT_MINUTES[match["unit"][0].lower()]))
        )
    if match := _WITHIN_THE_HOUR.search(text):
        found.append((match.start(), Promise(Span.of(match), 60.0)))
    for match in _AT_CLOCK.finditer(text):
        if (clock := _clock_minutes(match)) is not None:
            found.append((match.start(), Promise(Span.of(match), _ahead(local_minute, clock))))
    if match := _END_OF_DAY.search(text):
        found.append((match.start(), Promise(Span.of(match), _ahead(local_minute, end_of_day))))
    found = [(start, promise) for start, promise in found if _coming_back(text, start)]
    return min(found, key=lambda item: item[0])[1] if found else None


def _coming_back(text: str, start: int) -> bool:
    """Whether the sentence up to `start` says the agent will come back (so the time is a promise)."""
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    return bool(_COMING_BACK.search(text, sentence_start, start))


def _clock_minutes(match: re.Match[str]) -> float | None:
    """Minutes after midnight of a matched time of day, or None when it is not clearly a time."""
    hour, minute, half = int(match["hour"]), int(match["minute"] or 0), (match["half"] or "").lower()
    if not half and match["minute"] is None:
        return None
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 24 or minute >= 60:
        return None
    return hour * 60.0 + minute


def _ahead(now: float, clock: float) -> float:
    """Minutes from local minute `now` to the next time the clock shows `clock` (today or tomorrow)."""
    return (clock - now) % MINUTES_PER_DAY


SECONDS_PER_MINUTE = 60
MINUTES_PER_HOUR = 60
HOURS_PER_DAY = 24


def elapsed(minutes: float) -> str:
    """A drill duration as the trainee reads it, to the second below an hour: '42s', '19m 15s', '1h 5m'.

    The one formatter of durations on every screen and scorecard, so two views of the same wait agree (the
    scenario files' own `format_duration` writes exact YAML values such as '1155s' instead).
    """
    seconds = round(minutes * SECONDS_PER_MINUTE)
    if seconds < SECONDS_PER_MINUTE:
        return f"{seconds}s"
    whole, rest = divmod(seconds, SECONDS_PER_MINUTE)
    if whole < MINUTES_PER_HOUR:
        return f"{whole}m {rest}s" if rest else f"{whole}m"
    whole = round(seconds / SECONDS_PER_MINUTE)
    hours, rest = divmod(whole, MINUTES_PER_HOUR)
    if hours < HOURS_PER_DAY:
        return f"{hours}h {rest}m" if rest else f"{hours}h"
    days, hours = divmod(hours, HOURS_PER_DAY)
    return f"{days}d {hours}h" if hours else f"{days}d"
