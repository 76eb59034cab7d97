"""Drills cut from the simulator: a window of a what-if's traffic turned into a scored drill.

`carelab drill generate SCENARIO --at "Mon 08:00 Europe/London" --length 45m` draws the what-if's mention
stream with the simulator's own generator (its regions, daily and weekly rhythm, kind mix, channels,
untagged posts and scripted viral complaints), keeps the posts that arrive in the window, thins them to the
difficulty's volume, and writes a drill file: the brand's handles, its compensation policy and a record for
every post that quotes a booking, order or ticket, what good handling of each post means (the record's
facts, the remedy limit, the deadline), the customers' patience, and a live reshare cascade on the loudest
complaint. A seed gives the same drill again; another seed gives other posts.

Written by hand because it is CareLab's own idea: no library turns a simulated desk into a drill.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import numpy as np
import yaml

from sim.mentions import MentionStream
from sim.randomness import run_randomness
from sim.scenarios import CHANNELS, KINDS, Scenario, with_values
from sim.scenarios.units import format_clock, format_duration, parse_clock, parse_timezone
from sim.scenarios.world import Region
from sim.traffic import MentionText, describe_mentions, generate_mentions

Difficulty = Literal["easy", "normal", "hard"]


class GenerateError(Exception):
    """The window cannot become a drill: outside the scenario's horizon, malformed, or without posts."""


@dataclass(frozen=True)
class Level:
    """What a difficulty changes. Every figure is assumed (no study gives them): chosen so that an easy
    drill can be worked calmly by a beginner and a hard one stretches a practised agent."""

    per_hour: float
    """Posts per hour kept from the window (fewer when the window has fewer)."""
    urgent_weight: float
    """How much likelier an urgent post is kept than a question, praise or complaint."""
    spam_weight: float
    """How much likelier a troll or spam post is kept."""
    branching: float | None
    """Reshares per reshare on the loudest complaint when the window has no scripted viral one; None: no
    cascade is added."""
    patience: float
    """Factor on the customers' default patience before they complain in public."""


LEVELS: dict[Difficulty, Level] = {
    "easy": Level(per_hour=8, urgent_weight=0.5, spam_weight=0.5, branching=None, patience=1.5),
    "normal": Level(per_hour=14, urgent_weight=1.0, spam_weight=1.0, branching=0.8, patience=1.0),
    "hard": Level(per_hour=24, urgent_weight=2.5, spam_weight=2.0, branching=0.9, patience=0.6),
}

_DEFAULT_PATIENCE = {"urgent": 20.0, "complaint": 45.0, "question": 60.0}
"""The drill's default patience per kind (minutes), as `sim.scenarios.drill` sets it."""

_RECORDS: dict[str, tuple[str, str, str]] = {
    "booking": ("Booking {ref}", "confirmed; rebooked free of charge onto {code} at {time}", "{code}"),
    "order": ("Order {ref}", "with the courier; delivery {day} before {time}", "{day}"),
    "ticket": ("Ticket {ref}", "engineer booked for {day}, arriving by {time}", "{day}"),
    "account": ("Account {ref}", "credit applied; the next bill on {day} is corrected", "{day}"),
    "repair": ("Repair {ref}", "finished; ready to collect from {day}", "{day}"),
    "student_id": ("Student {ref}", "enrolment confirmed; timetable released on {day}", "{day}"),
    "case": ("Case {ref}", "resolved; confirmation sent on {day}", "{day}"),
    "flight": ("Flight {ref}", "new departure {time} from gate {gate}", "{time}"),
}
"""Per reference slot: the record's title, its status (the fact a reply must give) and the part of the
status a reply must contain. Statuses are invented, drawn per post from the seed."""

_GIVEN = {
    "booking": ["booking reference", "booking ref"],
    "order": ["order number"],
    "ticket": ["ticket number"],
    "account": ["account number"],
    "repair": ["repair number"],
    "student_id": ["student id"],
    "case": ["case number"],
    "flight": ["flight number"],
}
_PRIVATE_SLOTS = ("booking", "order", "account", "student_id")
"""References that identify a customer: repeating them in public is a privacy breach."""

_LIMITS = {"airline": 50, "retail": 25, "telecom": 20, "education": 30, "luxury": 100, "generic": 20}
"""Assumed compensation limit per industry, in the drill's currency: the goodwill a front-line agent may
offer without asking."""

_CURRENCIES = {"GB": "GBP", "US": "USD", "IE": "EUR", "DE": "EUR", "FR": "EUR", "ES": "EUR", "IT": "EUR",
               "NL": "EUR", "IN": "INR", "JP": "JPY", "AU": "AUD", "CA": "CAD"}  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_AT = re.compile(
    r"^\s*(?P<day>[A-Za-z]{3,9}|\d{4}-\d{2}-\d{2})\s+(?P<clock>\d{1,2}:\d{2})(?:\s+(?P<zone>\S+))?\s*$"
)


@dataclass(frozen=True)
class Window:
    """Where the drill sits in the scenario: minutes from its start, and the local clock there."""

    start: float
    """Minutes after the scenario's `meta.start`."""
    length: float
    zone: str
    local: datetime
    """The window's start on the wall clock of `zone`."""


def parse_window(scenario: Scenario, at: str, length: float) -> Window:
    """The window `at` ('Mon 08:00 Europe/London' or '2026-03-05 08:00', zone default: the first region's),
    checked against the scenario's horizon (its warm-up counts: every post it draws is real traffic).

    Raises:
        GenerateError: for text that is no such time, or a window that does not fit in the horizon.
    """
    match = _AT.match(at)
    if match is None:
        raise GenerateError(f"--at '{at}' is not a time like 'Mon 08:00 Europe/London' or '2026-03-05 08:00'")
    try:
        zone = parse_timezone(match["zone"] or scenario.regions[0].timezone)
        minutes = parse_clock(match["clock"])
    except ValueError as exc:
        raise GenerateError(f"--at '{at}': {exc}") from None
    origin = scenario.meta.start.astimezone(ZoneInfo(zone))
    day = match["day"]
    if day[0].isdigit():
        midnight = datetime.fromisoformat(day).replace(tzinfo=ZoneInfo(zone))
    else:
        weekday = next((i for i, name in enumerate(_DAYS) if name.lower().startswith(day.lower())), None)
        if weekday is None or len(day) < 3:
            raise GenerateError(f"--at '{at}': '{day}' is not a day (Mon..Sun) or a date (YYYY-MM-DD)")
        first = origin.replace(hour=0, minute=0, second=0, microsecond=0)
        midnight = first + timedelta(days=(weekday - first.weekday()) % 7)
        if midnight + timedelta(minutes=minutes) < origin:
            midnight += timedelta(days=7)
    local = (midnight + timedelta(minutes=minutes)).replace(tzinfo=ZoneInfo(zone))
    start = (local - scenario.meta.start).total_seconds() / 60
    horizon = scenario.meta.duration
    if start < 0 or start + length > horizon:
        raise GenerateError(
            f"the window {local:%a %Y-%m-%d %H:%M} {zone} + {format_duration(length)} is outside the "
            f"scenario's horizon ({scenario.meta.start:%Y-%m-%d %H:%M} UTC + {format_duration(horizon)})"
        )
    return Window(start=start, length=length, zone=zone, local=local)


def generate_drill(scenario: Scenario, window: Window, difficulty: Difficulty, seed: int) -> dict[str, Any]:
    """The drill scenario (plain data, ready for YAML) cut from `window` of the scenario's traffic.

    Raises:
        GenerateError: when the window holds no posts.
    """
    level = LEVELS[difficulty]
    world = with_values(
        scenario,
        {"meta.duration": f"{window.start + window.length:.6f}m", "viral.enabled": False},
        "drill window",
    )
    randomness = run_randomness(seed, 0)
    stream = generate_mentions(world, randomness)
    inside = np.flatnonzero((stream.time >= window.start) & (stream.time < window.start + window.length))
    if inside.size == 0:
        raise GenerateError(
            f"no posts arrive in the window {window.local:%a %H:%M} {window.zone} + "
            f"{format_duration(window.length)}: pick a busier time or a longer window"
        )
    picker = np.random.default_rng([seed, 1])
    chosen = _thinned(stream, inside, level, window.length, picker)
    texts = describe_mentions(world, stream, chosen, randomness)
    builder = _Builder(scenario, stream, level, picker)
    mentions = [
        builder.mention(f"m{n + 1}", int(i), text, window)
        for n, (i, text) in enumerate(zip(chosen, texts, strict=True))
    ]
    builder.spread_loudest(mentions)
    return _scenario_data(scenario, window, difficulty, seed, builder, mentions)


def _thinned(
    stream: MentionStream, inside: np.ndarray, level: Level, length: float, rng: np.random.Generator
) -> list[int]:
    """The window's posts thinned to the level's volume, urgent and spam posts kept at their weights;
    scripted viral complaints are always kept. In time order."""
    wanted = max(1, round(level.per_hour * length / 60))
    viral = inside[stream.viral_event[inside] >= 0]
    others = inside[stream.viral_event[inside] < 0]
    keep = max(0, min(wanted - viral.size, others.size))
    weights = np.ones(others.size)
    kinds = stream.kind[others]
    weights[kinds == KINDS.index("urgent")] = level.urgent_weight
    weights[kinds == KINDS.index("spam")] = level.spam_weight
    picked = rng.choice(others, size=keep, replace=False, p=weights / weights.sum()) if keep else others[:0]
    return sorted(int(i) for i in np.concatenate([viral, picked]))


class _Builder:
    """Turns posts into drill mentions and collects the knowledge entries their expectations name."""

    def __init__(self, scenario: Scenario, stream: MentionStream, level: Level, rng: np.random.Generator):
        self.scenario = scenario
        self.stream = stream
        self.level = level
        self.rng = rng
        self.records: list[dict[str, Any]] = []
        self.policy_id = "goodwill-policy"

    def mention(self, mention_id: str, index: int, text: MentionText, window: Window) -> dict[str, Any]:
        """One drill mention with its expectation, from post `index` of the stream."""
        stream = self.stream
        kind = KINDS[stream.kind[index]]
        region = self.scenario.regions[int(stream.region[index])]
        data: dict[str, Any] = {
            "id": mention_id,
            "at": format_duration(round(float(stream.time[index]) - window.start, 4)) or "0m",
            "author": {
                "handle": text.handle,
                "name": text.author,
                "followers": int(stream.followers[index]),
                "timezone": region.timezone,
            },
            "kind": kind,
            "channel": CHANNELS[stream.channel[index]],
            "tagged": bool(stream.tagged[index]),
            "text": text.text,
        }
        if data["channel"] == "private_message":
            data["tagged"] = True  # a private message reaches the desk whatever it names
        expect: dict[str, Any] = {}
        if kind != "spam":
            record = self._record(mention_id, kind, text, window)
            if record is not None:
                expect["facts"] = [record]
                expect["given"] = [label for slot in text.references for label in _GIVEN[slot]]
            if kind == "complaint":
                expect["remedy"] = self.policy_id
        event = int(stream.viral_event[index])
        if event >= 0:
            branching = min(self.scenario.viral.events[event].branching or 0.85, 0.95)
            data["spread"] = {"branching": branching}
        if expect:
            data["expect"] = expect
        return data

    def spread_loudest(self, mentions: list[dict[str, Any]]) -> None:
        """Give the most-followed public complaint a live cascade when the level asks for one and the window
        has no scripted viral complaint."""
        if self.level.branching is None or any("spread" in m for m in mentions):
            return
        complaints = [m for m in mentions if m["kind"] == "complaint" and m["channel"] != "private_message"]
        if complaints:
            loudest = max(complaints, key=lambda m: m["author"]["followers"])
            loudest["spread"] = {"branching": self.level.branching}

    def _record(self, mention_id: str, kind: str, text: MentionText, window: Window) -> str | None:
        """A knowledge entry for the reference the post quotes (its most specific one), or None."""
        slots = [s for s in _RECORDS if s in text.references]
        if kind == "question":  # a flight's new departure is no answer to a question about that flight
            slots = [s for s in slots if s != "flight"]
        slot = slots[0] if slots else None
        if slot is None:
            return None
        reference = text.references[slot]
        title, status, fact = _RECORDS[slot]
        hour = window.local.hour
        values = {
            "ref": reference,
            "code": f"{reference[:2] if slot == 'flight' else self._carrier()}{self.rng.integers(100, 999)}",
            "time": format_clock(float(self.rng.integers(hour + 2, hour + 10) % 24 * 60)),
            "day": _DAYS[(window.local.weekday() + int(self.rng.integers(1, 4))) % 7],
            "gate": f"{'ABC'[int(self.rng.integers(0, 3))]}{int(self.rng.integers(1, 40))}",
        }
        entry_id = f"record-{mention_id}"
        status_text = status.format_map(values)
        entry: dict[str, Any] = {
            "id": entry_id,
            "kind": "record",
            "title": f"{title.format_map(values)} ({text.author})",
            "text": f"{status_text[0].upper()}{status_text[1:]}.",
            "tags": [reference.lower(), *text.author.lower().split(), slot.replace("_", " ")],
            "match": [fact.format_map(values)],
        }
        if slot in _PRIVATE_SLOTS:
            entry["private"] = [reference]
        self.records.append(entry)
        return entry_id

    def _carrier(self) -> str:
        name = self.scenario.brand.name
        capitals = [c for c in name if c.isupper()] or [c.upper() for c in name if c.isalpha()]
        return "".join(capitals[:2]).ljust(2, "X")

    def knowledge(self, currency: str) -> list[dict[str, Any]]:
        """The brand's handles, its goodwill policy and the records, in that order."""
        brand = self.scenario.brand
        entries: list[dict[str, Any]] = []
        for network, handle in brand.handles.items():
            shown = handle if handle.startswith("@") or network != "twitter" else "@" + handle
            entries.append(
                {
                    "id": f"official-{network}",
                    "kind": "handle",
                    "title": f"Official {network.capitalize()} account",
                    "text": f"{shown} is {brand.name}'s only official {network.capitalize()} account.",
                    "tags": [network, "official", "verified", "account", "handle", "fake"],
                    "match": [shown],
                }
            )
        limit = _LIMITS[brand.industry]
        entries.append(
            {
                "id": self.policy_id,
                "kind": "policy",
                "title": "Goodwill compensation",
                "text": f"For a fault of ours: apologise and offer up to {limit} {currency} in credit or a "
                f"voucher, the same for everyone whoever is asking; more goes to the back office.",
                "tags": ["compensation", "voucher", "refund", "credit", "goodwill", "policy"],
                "max_compensation": limit,
            }
        )
        return entries + self.records


def _scenario_data(
    scenario: Scenario,
    window: Window,
    difficulty: Difficulty,
    seed: int,
    builder: _Builder,
    mentions: list[dict[str, Any]],
) -> dict[str, Any]:
    currency = _CURRENCIES.get(scenario.regions[0].locale.rpartition("_")[2], "GBP")
    level = builder.level
    when = f"{window.local:%a %H:%M} {window.zone}"
    drill: dict[str, Any] = {
        "trainee": "Alex",
        "start": format_clock(window.local.hour * 60.0 + window.local.minute),
        "timezone": window.zone,
        "length": format_duration(window.length),
        "currency": currency,
        "knowledge": builder.knowledge(currency),
        "mentions": mentions,
        "reactions": {
            "patience": {
                kind: format_duration(minutes * level.patience) for kind, minutes in _DEFAULT_PATIENCE.items()
            }
        },
    }
    coverage = scenario.policies.coverage
    if coverage.mode == "business_hours":
        drill["hours"] = {"open": format_clock(coverage.open), "close": format_clock(coverage.close)}
    return {
        "meta": {
            "id": f"{scenario.meta.id}-{difficulty}-{seed}",
            "title": f"{scenario.brand.name} desk, {when}: {difficulty} ({len(mentions)} posts)",
            "description": (
                f"Generated from {scenario.meta.id} with seed {seed}: {format_duration(window.length)} "
                f"of its simulated traffic from {window.local:%A %Y-%m-%d %H:%M} {window.zone}, "
                f"{difficulty} level."
            ),
            "seed": seed,
            "start": window.local.astimezone(ZoneInfo("UTC")).replace(hour=0, minute=0).isoformat(),
        },
        "brand": scenario.brand.model_dump(mode="json", exclude_defaults=True),
        "regions": [_region(r, len(scenario.regions)) for r in scenario.regions],
        "traffic": {"volume_per_day": scenario.traffic.volume_per_day or 1.0},
        "drill": drill,
    }


def _region(region: Region, count: int) -> dict[str, Any]:
    """A region as the drill needs it: where it is and its language (its share only keeps the file valid:
    the drill's posts are already drawn)."""
    share = region.share if region.share is not None else round(1 / count, 6)
    return {"name": region.name, "timezone": region.timezone, "locale": region.locale, "share": share}


def write_drill(data: dict[str, Any], path: Path, source: Path) -> None:
    """The drill as a YAML file with a header saying where it came from."""
    header = (
        "# yaml-language-server: $schema=../scenario.schema.json\n"
        f"# Generated by `carelab drill generate {source}`: {data['meta']['description']}\n"
    )
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=None)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + body, encoding="utf-8")
