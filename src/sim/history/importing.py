"""Reading a desk's mention log into a `History`: three layouts, streamed row by row, every drop counted.

Layouts:

- `mentions`: a CSV or JSON-lines log, one row per mention: `created_at` (ISO 8601 with an offset, or naive
  with `timezone` or `--timezone`), and where present `id`, `region`, `timezone` (IANA), `kind`, `channel`,
  `network`, `tagged`, `followers`, `text`, `first_response_at`, `resolved_at`. `author` and `team` are
  accepted and not kept (no figure uses them yet).
- `twitter`: the public "Customer Support on Twitter" data set (`tweet_id, author_id, inbound, created_at,
  text, response_tweet_id, in_response_to_tweet_id`); each inbound post's first response is the earliest
  reply to it by the brand it addressed, rebuilt from the reply links.
- `hourly`: counts per hour (`hour, region or timezone, count`) for desks that keep only volumes; each
  hour's posts are spread evenly over it.

Rows are parsed one at a time and kept as compact numpy chunks (a few dozen bytes a mention), so a log of
millions of rows never sits in memory as text or as Python objects. The Twitter layout's reply links are
matched at the end with a sort of the ids, not a dictionary.
"""

from __future__ import annotations

import csv
import difflib
import json
import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from numpy.typing import NDArray

from sim.history.kinds import estimate_kind
from sim.mentions import NETWORKS
from sim.scenarios import CHANNELS, KINDS
from sim.traffic.recorded import UNKNOWN, History

Layout = Literal["mentions", "twitter", "hourly"]
LAYOUTS: tuple[Layout, ...] = ("mentions", "twitter", "hourly")
EXAMPLES_PER_REASON = 3
"""Problems shown per reason (the rest are counted)."""
_CHUNK = 65_536
"""Rows parsed into Python lists before they become numpy arrays."""
_REQUIRED: dict[Layout, tuple[str, ...]] = {
    "mentions": ("created_at",),
    "twitter": ("tweet_id", "author_id", "inbound", "created_at", "text", "in_response_to_tweet_id"),
    "hourly": ("hour", "count"),
}
_KNOWN: dict[Layout, tuple[str, ...]] = {
    "mentions": (
        "id", "created_at", "region", "timezone", "kind", "channel", "network", "tagged", "followers",
        "author", "text", "first_response_at", "resolved_at", "team",
    ),
    "twitter": (*_REQUIRED["twitter"], "response_tweet_id"),
    "hourly": ("hour", "region", "timezone", "count"),
}  # fmt: skip
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = {month: i + 1 for i, month in enumerate(_MONTH_NAMES)}


class LogError(Exception):
    """A log that cannot be read at all (no such file, a missing column): nothing was imported."""


@dataclass
class ImportReport:
    """What an import kept and dropped, and why, with the first few places of each problem."""

    source: str
    layout: Layout
    rows: int = 0
    """Data rows read (header excluded)."""
    kept: int = 0
    """Mentions in the history."""
    dropped: Counter[str] = field(default_factory=Counter)
    """Rows left out, by reason."""
    notes: Counter[str] = field(default_factory=Counter)
    """Rows kept with a value left unknown or a link ignored, by reason."""
    examples: dict[str, list[str]] = field(default_factory=dict)
    """Reason -> 'FILE:LINE: detail' of its first occurrences."""
    kinds_estimated: bool = False
    """Whether kinds were guessed from the text (the log had no `kind` column)."""
    ignored_columns: list[str] = field(default_factory=list)
    """Columns the layout does not read (a misspelt name shows here)."""

    def drop(self, reason: str, line: int, detail: str) -> None:
        """Count a row left out."""
        self.dropped[reason] += 1
        self._example(reason, line, detail)

    def note(self, reason: str, line: int, detail: str) -> None:
        """Count a row kept with something left out."""
        self.notes[reason] += 1
        self._example(reason, line, detail)

    def _example(self, reason: str, line: int, detail: str) -> None:
        shown = self.examples.setdefault(reason, [])
        if len(shown) < EXAMPLES_PER_REASON:
            shown.append(f"{self.source}:{line}: {detail}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "source": self.source,
            "layout": self.layout,
            "rows": self.rows,
            "kept": self.kept,
            "dropped": dict(self.dropped),
            "notes": dict(self.notes),
            "examples": self.examples,
            "kinds_estimated": self.kinds_estimated,
            "ignored_columns": self.ignored_columns,
        }


@dataclass
class _Regions:
    """Region names in order of first appearance, each with the first IANA zone seen for it."""

    names: dict[str, int] = field(default_factory=dict)
    zones: list[str] = field(default_factory=list)

    def index(self, name: str, zone: str) -> int:
        if name not in self.names:
            self.names[name] = len(self.zones)
            self.zones.append(zone)
        elif zone and not self.zones[self.names[name]]:
            self.zones[self.names[name]] = zone
        return self.names[name]


class _Chunks:
    """Columns grown row by row, turned into numpy chunks every `_CHUNK` rows."""

    def __init__(self, dtypes: dict[str, Any]) -> None:
        self.dtypes = dtypes
        self.rows: dict[str, list[Any]] = {name: [] for name in dtypes}
        self.chunks: dict[str, list[NDArray[Any]]] = {name: [] for name in dtypes}

    def add(self, **values: Any) -> None:
        for name, value in values.items():
            self.rows[name].append(value)
        if len(self.rows["time"]) >= _CHUNK:
            self._flush()

    def _flush(self) -> None:
        for name, values in self.rows.items():
            self.chunks[name].append(np.asarray(values, dtype=self.dtypes[name]))
            values.clear()

    def columns(self) -> dict[str, NDArray[Any]]:
        """The whole columns; each column's chunks are let go as soon as it is joined."""
        self._flush()
        return {name: np.concatenate(self.chunks.pop(name)) for name in list(self.chunks)}


_MENTION_COLUMNS = {
    "time": np.float64, "line": np.int64, "id": np.int64, "has_id": bool, "region": np.int16, "kind": np.int8,
    "channel": np.int8, "network": np.int8, "tagged": np.int8, "followers": np.int64,
    "first_response": np.float64, "resolved": np.float64,
}  # fmt: skip


def detect_layout(path: Path) -> Layout:
    """The layout a log's columns show: Twitter's ids, hourly counts, or mentions."""
    header = set(_header(path))
    if {"tweet_id", "inbound"} <= header:
        return "twitter"
    if {"hour", "count"} <= header:
        return "hourly"
    return "mentions"


def import_log(
    path: Path, layout: Layout | None = None, zone: str | None = None, brand: str | None = None
) -> tuple[History, ImportReport]:
    """Read a log into a history sorted by time, with what was kept and dropped.

    `zone` is the IANA zone of naive timestamps (and of regions the log gives no zone); `brand` keeps only
    the posts addressed to that account (Twitter layout).

    Raises:
        LogError: if the file cannot be read or lacks a column the layout needs.
    """
    if zone is not None:
        _zone(zone)  # refuse an unknown --timezone before reading a row
    chosen = layout or detect_layout(path)
    report = ImportReport(str(path), chosen)
    _check_columns(path, chosen)
    report.ignored_columns = [c for c in _header(path) if c not in _KNOWN[chosen]]
    readers: dict[Layout, Callable[[Path, str | None, ImportReport], History]] = {
        "mentions": _read_mentions,
        "twitter": lambda p, z, r: _read_twitter(p, z, r, brand),
        "hourly": _read_hourly,
    }
    history = readers[chosen](path, zone, report)
    report.kept = len(history)
    return history, report


def _check_columns(path: Path, layout: Layout) -> None:
    columns = _header(path)
    missing = [c for c in _REQUIRED[layout] if c not in columns]
    if layout == "hourly" and not {"region", "timezone"} & set(columns):
        missing.append("region or timezone")
    if not missing:
        return
    hints = []
    for name in missing:
        close = difflib.get_close_matches(name, columns, n=1)
        hints.append(f"'{name}'" + (f" (is '{close[0]}' meant?)" if close else ""))
    raise LogError(
        f"{path}:1: missing column {', '.join(hints)} for the {layout} layout "
        f"(columns found: {', '.join(columns) or 'none'})"
    )


def _header(path: Path) -> list[str]:
    """The log's column names: a CSV header, or the keys of a JSON-lines log's first row."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
    except OSError as error:
        raise LogError(f"{path}: cannot read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise LogError(f"{path}:1: not UTF-8 text") from None
    if not first.strip():
        raise LogError(f"{path}: empty file (expected a header row or JSON lines)")
    if _is_jsonl(path):
        try:
            row = json.loads(first)
        except json.JSONDecodeError as error:
            raise LogError(f"{path}:1: not a JSON object ({error.msg})") from None
        return [str(k) for k in row] if isinstance(row, dict) else []
    return [c.strip() for c in next(csv.reader([first]))]


def _is_jsonl(path: Path) -> bool:
    return path.suffix.lower() in (".jsonl", ".ndjson", ".json")


def _rows(path: Path, report: ImportReport) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row as text by column) for every data row; rows that do not parse are dropped."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        if _is_jsonl(path):
            for line, text in enumerate(handle, start=1):
                if not text.strip():
                    continue
                report.rows += 1
                try:
                    row = json.loads(text)
                except json.JSONDecodeError as error:
                    report.drop("not JSON", line, error.msg)
                    continue
                if not isinstance(row, dict):
                    report.drop("not JSON", line, "expected an object")
                    continue
                yield line, {k: "" if v is None else str(v) for k, v in row.items()}
            return
        reader = csv.DictReader(handle, skipinitialspace=True, restval="")
        reader.fieldnames = [name.strip() for name in reader.fieldnames or []]  # reads the header line
        start = reader.line_num + 1
        for row in reader:
            report.rows += 1
            yield start, row
            start = reader.line_num + 1


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise LogError(f"unknown time zone '{name}' (expected an IANA name like Europe/London)") from None


_ZONES: dict[str, ZoneInfo | None] = {}


def _cached_zone(name: str) -> ZoneInfo | None:
    if name not in _ZONES:
        try:
            _ZONES[name] = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            _ZONES[name] = None
    return _ZONES[name]


def _instant(text: str, zone: ZoneInfo | None) -> float:
    """Seconds since the epoch of an ISO 8601 time; a naive one is read in `zone`.

    Raises:
        ValueError: with what is wrong ('does not parse', 'naive').
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"'{text}' does not parse (expected ISO 8601, e.g. 2026-03-02T09:15:00+00:00)"
        ) from None
    if moment.tzinfo is None:
        if zone is None:
            raise ValueError(f"'{text}' has no UTC offset and no --timezone was given")
        moment = moment.replace(tzinfo=zone)
    return moment.timestamp()


@lru_cache(maxsize=1024)
def _code(value: str, names: tuple[str, ...]) -> int:
    """Index of a name (case and spaces forgiven), or UNKNOWN."""
    key = value.strip().lower().replace(" ", "_").replace("-", "_")
    return names.index(key) if key in names else UNKNOWN


def _read_mentions(path: Path, zone_name: str | None, report: ImportReport) -> History:
    """The `mentions` layout."""
    default_zone = _zone(zone_name) if zone_name else None
    regions = _Regions()
    chunks = _Chunks(_MENTION_COLUMNS)
    columns = set(_header(path))
    report.kinds_estimated = "kind" not in columns and "text" in columns
    for line, row in _rows(path, report):
        parsed = _mention(row, line, default_zone, zone_name, regions, report)
        if parsed is not None:
            chunks.add(line=line, **parsed)
    data = chunks.columns()
    data = _without_duplicates(data, report)
    return _history(data, regions, report.kinds_estimated)


def _mention(
    row: dict[str, str],
    line: int,
    default_zone: ZoneInfo | None,
    zone_name: str | None,
    regions: _Regions,
    report: ImportReport,
) -> dict[str, Any] | None:
    """One row's columns, or None (counted) when it cannot be used."""
    row_zone_name = row.get("timezone", "").strip()
    row_zone = _cached_zone(row_zone_name) if row_zone_name else default_zone
    if row_zone_name and row_zone is None:
        report.drop("unknown time zone", line, f"timezone: '{row_zone_name}' is not an IANA zone")
        return None
    try:
        time = _instant(row.get("created_at", ""), row_zone)
    except ValueError as error:
        reason = "naive timestamp" if "offset" in str(error) else "bad timestamp"
        report.drop(reason, line, f"created_at: {error}")
        return None
    region_name = row.get("region", "").strip() or row_zone_name or zone_name or "all"
    kind = _kind(row, line, report)
    return {
        "time": time,
        "id": hash(row.get("id", "")),
        "has_id": bool(row.get("id")),
        "region": regions.index(region_name, row_zone_name or zone_name or ""),
        "kind": kind,
        "channel": _coded(row, "channel", CHANNELS, line, report),
        "network": _coded(row, "network", NETWORKS, line, report),
        "tagged": _tagged(row.get("tagged", ""), line, report),
        "followers": _followers(row.get("followers", ""), line, report),
        "first_response": _delay(row, "first_response_at", time, row_zone, line, report),
        "resolved": _delay(row, "resolved_at", time, row_zone, line, report),
    }


def _kind(row: dict[str, str], line: int, report: ImportReport) -> int:
    if "kind" in row:
        return _coded(row, "kind", KINDS, line, report)
    text = row.get("text", "")
    return estimate_kind(text) if text else UNKNOWN


def _coded(row: dict[str, str], column: str, names: tuple[str, ...], line: int, report: ImportReport) -> int:
    value = row.get(column, "")
    if not value:
        return UNKNOWN
    code = _code(value, names)
    if code == UNKNOWN:
        report.note(f"unknown {column}", line, f"{column}: '{value}' is not one of {', '.join(names)}")
    return code


def _tagged(value: str, line: int, report: ImportReport) -> int:
    lowered = value.lower()
    if lowered in _TRUE:
        return 1
    if lowered in _FALSE:
        return 0
    if value:
        report.note("unknown tagged", line, f"tagged: '{value}' is not true or false")
    return UNKNOWN


def _followers(value: str, line: int, report: ImportReport) -> int:
    if not value:
        return UNKNOWN
    try:
        count = int(float(value))
    except ValueError:
        count = UNKNOWN
    if count < 0:
        report.note("bad followers", line, f"followers: '{value}' is not a count")
        return UNKNOWN
    return count


def _delay(
    row: dict[str, str], column: str, time: float, zone: ZoneInfo | None, line: int, report: ImportReport
) -> float:
    """Seconds from the post to a later moment of the same row; NaN when absent or unusable (noted)."""
    value = row.get(column, "")
    if not value:
        return math.nan
    try:
        delay = _instant(value, zone) - time
    except ValueError as error:
        report.note(f"bad {column}", line, f"{column}: {error}")
        return math.nan
    if delay < 0:
        report.note(f"{column} before created_at", line, f"{column}: {value} is before the post")
        return math.nan
    return delay


def _without_duplicates(data: dict[str, NDArray[Any]], report: ImportReport) -> dict[str, NDArray[Any]]:
    """Drop every repeat of an id after its first row (rows without an id are all kept).

    Ids are compared by their 64-bit hash, kept as an integer column instead of millions of strings: two
    different ids of a five-million-row log share a hash with a chance of about one in a million.
    """
    has_id = data.pop("has_id")
    ids = data.pop("id")
    return _drop_repeats(data, ids, has_id, report, "id")


def _drop_repeats(
    data: dict[str, NDArray[Any]],
    ids: NDArray[np.int64],
    present: NDArray[np.bool_],
    report: ImportReport,
    column: str,
) -> dict[str, NDArray[Any]]:
    """The rows without the repeats of an id seen on an earlier row, each repeat counted and located."""
    chosen = np.flatnonzero(present)
    _, first, group = np.unique(ids[chosen], return_index=True, return_inverse=True)
    first_row = chosen[first[group]]
    repeat = np.zeros(len(ids), dtype=bool)
    repeat[chosen] = first_row != chosen
    if not repeat.any():
        return data
    lines = data["line"]
    for position in np.flatnonzero(first_row != chosen):
        line, earlier = int(lines[chosen[position]]), int(lines[first_row[position]])
        report.drop("duplicate id", line, f"{column}: the same id as line {earlier}")
    return {name: values[~repeat] for name, values in data.items()}


_HISTORY_COLUMNS = (
    "time", "region", "kind", "channel", "network", "tagged", "followers", "first_response", "resolved",
    "brand",
)  # fmt: skip


def _history(data: dict[str, NDArray[Any]], regions: _Regions, estimated: bool, **extra: Any) -> History:
    """The columns as a history in time order.

    Each column is let go once its sorted copy exists (and a log already in time order is not copied), so
    the import's peak stays near one copy of the columns.
    """
    count = len(data["time"])
    data.setdefault("brand", np.full(count, UNKNOWN, dtype=np.int16))
    in_order = bool(np.all(data["time"][1:] >= data["time"][:-1]))
    order = None if in_order else np.argsort(data["time"], kind="stable")
    columns: dict[str, Any] = {
        name: data.pop(name) if order is None else data.pop(name)[order] for name in _HISTORY_COLUMNS
    }
    return History(
        kind_estimated=np.full(count, estimated, dtype=bool) & (columns["kind"] != UNKNOWN),
        regions=tuple(regions.names),
        zones=tuple(regions.zones),
        **columns,
        **extra,
    )


# --- the Twitter layout ----------------------------------------------------------------------------------


def _twitter_time(text: str) -> float:
    """Seconds since the epoch of Twitter's 'Tue Oct 31 22:10:47 +0000 2017'.

    Split by hand because `strptime` takes several times as long and the data set has millions of rows.
    """
    try:
        _, month, day, clock, offset, year = text.split()
        hour, minute, second = (int(p) for p in clock.split(":"))
        sign = -1 if offset[0] == "-" else 1
        shift = timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])) * sign
        moment = datetime(int(year), _MONTHS[month], int(day), hour, minute, second, tzinfo=timezone(shift))
    except (ValueError, KeyError, IndexError):
        raise ValueError(
            f"'{text}' does not parse (expected e.g. 'Tue Oct 31 22:10:47 +0000 2017')"
        ) from None
    return moment.timestamp()


def _addressed(text: str) -> str:
    """The first @handle a post names, lower case ('' if none)."""
    for word in text.split():
        if word.startswith("@") and len(word) > 1:
            return word[1:].strip(".,:;!?)").lower()
    return ""


def _read_twitter(path: Path, zone_name: str | None, report: ImportReport, brand: str | None) -> History:
    """Inbound posts as mentions; outbound replies give each post its brand and first response."""
    report.kinds_estimated = True
    handles: dict[str, int] = {}
    repliers: dict[str, int] = {}
    posts = _Chunks(
        {"time": np.float64, "line": np.int64, "id": np.int64, "kind": np.int8, "handle": np.int32}
    )
    replies = _Chunks({"time": np.float64, "line": np.int64, "target": np.int64, "brand": np.int32})
    for line, row in _rows(path, report):
        try:
            tweet_id = int(row["tweet_id"])
        except ValueError:
            report.drop("bad tweet_id", line, f"tweet_id: '{row['tweet_id']}' is not a number")
            continue
        try:
            time = _twitter_time(row["created_at"])
        except ValueError as error:
            report.drop("bad timestamp", line, f"created_at: {error}")
            continue
        inbound = row["inbound"].lower()
        if inbound in _TRUE:
            posts.add(
                time=time,
                line=line,
                id=tweet_id,
                kind=estimate_kind(row["text"]),
                handle=handles.setdefault(_addressed(row["text"]), len(handles)),
            )
            continue
        target = row.get("in_response_to_tweet_id", "")
        if inbound not in _FALSE:
            report.drop("bad inbound", line, f"inbound: '{row['inbound']}' is not True or False")
        elif target:
            brand_code = repliers.setdefault(row["author_id"], len(repliers))
            replies.add(time=time, line=line, target=int(float(target)), brand=brand_code)
        else:
            report.drop(
                "brand post that answers nothing", line, f"tweet {tweet_id} has no in_response_to_tweet_id"
            )
    return _twitter_history(posts.columns(), replies.columns(), (handles, repliers), zone_name, report, brand)


def _twitter_history(
    posts: dict[str, NDArray[Any]],
    replies: dict[str, NDArray[Any]],
    names: tuple[dict[str, int], dict[str, int]],
    zone_name: str | None,
    report: ImportReport,
    brand: str | None,
) -> History:
    """Posts with their brands (coded in the sorted repliers' names) and first responses."""
    posts = _unique_tweets(posts, report)
    handles, repliers = names
    brands = sorted(repliers)
    lookup = {b.lower(): i for i, b in enumerate(brands)}
    handle_brand = np.full(len(handles) + 1, UNKNOWN, dtype=np.int16)
    for handle, code in handles.items():
        handle_brand[code] = lookup.get(handle, UNKNOWN)
    post_brand = handle_brand[posts["handle"]]
    replier_brand = np.asarray([lookup[name.lower()] for name in repliers] or [0], dtype=np.int16)
    replies["brand"] = replier_brand[replies["brand"]]
    order = np.argsort(posts["id"])
    position = np.zeros(len(replies["target"]), dtype=np.int64)
    matched = np.zeros(len(replies["target"]), dtype=bool)
    if len(order):
        position = np.minimum(np.searchsorted(posts["id"], replies["target"], sorter=order), len(order) - 1)
        matched = posts["id"][order[position]] == replies["target"]
    for index in np.flatnonzero(~matched):
        report.note(
            "reply to an unknown post",
            int(replies["line"][index]),
            f"in_response_to_tweet_id {replies['target'][index]} is not an inbound post of this file",
        )
    first_response = _first_responses(posts, replies, order[position[matched]], matched, post_brand, report)
    if brand is not None:
        keep = post_brand == lookup.get(brand.lower(), -2)
        report.dropped["addressed to another brand"] += int((~keep).sum())
        posts = {name: column[keep] for name, column in posts.items()}
        post_brand, first_response = post_brand[keep], first_response[keep]
    count = len(posts["time"])
    regions = _Regions()
    regions.index(zone_name or "all", zone_name or "")
    data = {
        "time": posts["time"],
        "region": np.zeros(count, dtype=np.int16),
        "kind": posts["kind"],
        "channel": np.full(count, CHANNELS.index("public_post"), dtype=np.int8),
        "network": np.full(count, NETWORKS.index("twitter"), dtype=np.int8),
        "tagged": (post_brand != UNKNOWN).astype(np.int8),
        "followers": np.full(count, UNKNOWN, dtype=np.int64),
        "first_response": first_response,
        "resolved": np.full(count, math.nan),
        "brand": post_brand,
    }
    return _history(data, regions, True, brands=tuple(brands))


def _unique_tweets(posts: dict[str, NDArray[Any]], report: ImportReport) -> dict[str, NDArray[Any]]:
    present = np.ones(len(posts["id"]), dtype=bool)
    return _drop_repeats(posts, posts["id"], present, report, "tweet_id")


def _first_responses(
    posts: dict[str, NDArray[Any]],
    replies: dict[str, NDArray[Any]],
    target: NDArray[np.int64],
    matched: NDArray[np.bool_],
    post_brand: NDArray[np.int16],
    report: ImportReport,
) -> NDArray[np.float64]:
    """Seconds to each post's earliest reply by its brand (the handle it names, else the first to answer).

    A post that names no known brand takes the brand of its earliest reply, so `post_brand` is filled in.
    """
    reply_brand = replies["brand"][matched]
    delay = replies["time"][matched] - posts["time"][target]
    early = delay < 0
    for index in np.flatnonzero(early):
        report.note(
            "reply before its post",
            int(replies["line"][matched][index]),
            "created_at is before the post it answers",
        )
    target, reply_brand, delay = target[~early], reply_brand[~early], delay[~early]
    by_time = np.lexsort((delay, target))
    target, reply_brand, delay = target[by_time], reply_brand[by_time], delay[by_time]
    unnamed = post_brand[target] == UNKNOWN
    first_of_post = np.concatenate(([True], target[1:] != target[:-1])) if len(target) else np.zeros(0, bool)
    adopt = unnamed & first_of_post
    post_brand[target[adopt]] = reply_brand[adopt]
    own = reply_brand == post_brand[target]
    response = np.full(len(posts["time"]), math.nan)
    chosen = np.flatnonzero(own)
    first = (
        np.concatenate(([True], target[chosen][1:] != target[chosen][:-1]))
        if len(chosen)
        else chosen.astype(bool)
    )
    response[target[chosen][first]] = delay[chosen][first]
    return response


# --- hourly counts ---------------------------------------------------------------------------------------


def _read_hourly(path: Path, zone_name: str | None, report: ImportReport) -> History:
    """Each hour's count as that many posts spread evenly over the hour (their marks unknown)."""
    default_zone = _zone(zone_name) if zone_name else None
    regions = _Regions()
    hours = _Chunks({"time": np.float64, "line": np.int64, "region": np.int16, "count": np.int64})
    for line, row in _rows(path, report):
        row_zone_name = row.get("timezone", "")
        row_zone = _cached_zone(row_zone_name) if row_zone_name else default_zone
        try:
            start = _instant(row.get("hour", ""), row_zone)
            count = int(row.get("count", ""))
            if count < 0:
                raise ValueError(f"count {count} is below 0")
        except ValueError as error:
            report.drop(
                "bad hour or count",
                line,
                str(error).replace("invalid literal for int() with base 10", "count"),
            )
            continue
        name = row.get("region", "").strip() or row_zone_name or zone_name or "all"
        hours.add(
            time=start, line=line, region=regions.index(name, row_zone_name or zone_name or ""), count=count
        )
    data = hours.columns()
    counts = data["count"]
    starts = np.repeat(data["time"], counts)
    within = np.concatenate([(np.arange(n) + 0.5) / n for n in counts if n]) if counts.sum() else np.empty(0)
    total = int(counts.sum())
    columns = {
        "time": starts + within * 3600.0,
        "region": np.repeat(data["region"], counts),
        "kind": np.full(total, UNKNOWN, dtype=np.int8),
        "channel": np.full(total, UNKNOWN, dtype=np.int8),
        "network": np.full(total, UNKNOWN, dtype=np.int8),
        "tagged": np.full(total, UNKNOWN, dtype=np.int8),
        "followers": np.full(total, UNKNOWN, dtype=np.int64),
        "first_response": np.full(total, math.nan),
        "resolved": np.full(total, math.nan),
    }
    return _history(columns, regions, False)
