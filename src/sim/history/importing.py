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

Rows are parsed one at a time and parked on disk (`sim.history.staging`: SQLite finds the repeated ids,
matches the Twitter layout's replies to their posts and sorts by time), then written out a batch at a time,
so a log of millions of rows never sits in memory: an import's memory does not grow with the log.
"""

from __future__ import annotations

import csv
import difflib
import json
import math
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sim.history.kinds import estimate_kind
from sim.history.staging import Stage
from sim.mentions import NETWORKS
from sim.scenarios import CHANNELS, KINDS
from sim.traffic.recorded import UNKNOWN, History, HistoryWriter, load_history

Layout = Literal["mentions", "twitter", "hourly"]
LAYOUTS: tuple[Layout, ...] = ("mentions", "twitter", "hourly")
EXAMPLES_PER_REASON = 3
"""Problems shown per reason (the rest are counted)."""
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


def detect_layout(path: Path) -> Layout:
    """The layout a log's columns show: Twitter's ids, hourly counts, or mentions."""
    header = set(_header(path))
    if {"tweet_id", "inbound"} <= header:
        return "twitter"
    if {"hour", "count"} <= header:
        return "hourly"
    return "mentions"


Names = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
"""A history's regions, their zones, and its brands."""
Reader = Callable[[Path, str | None, ImportReport, Stage, HistoryWriter], Names]


def import_to_file(
    path: Path, target: Path, layout: Layout | None = None, zone: str | None = None, brand: str | None = None
) -> ImportReport:
    """Read a log into a history file at `target` (in time order), saying what was kept and dropped.

    Streamed: memory holds a batch of rows at a time, whatever the size of the log. `zone` is the IANA zone
    of naive timestamps (and of regions the log gives no zone); `brand` keeps only the posts addressed to
    that account (Twitter layout). Nothing is written when no row could be kept.

    Raises:
        LogError: if the file cannot be read or lacks a column the layout needs.
    """
    if zone is not None:
        _zone(zone)  # refuse an unknown --timezone before reading a row
    chosen = layout or detect_layout(path)
    report = ImportReport(str(path), chosen)
    _check_columns(path, chosen)
    report.ignored_columns = [c for c in _header(path) if c not in _KNOWN[chosen]]
    readers: dict[Layout, Reader] = {
        "mentions": _read_mentions,
        "twitter": lambda p, z, r, s, w: _read_twitter(p, z, r, s, w, brand),
        "hourly": _read_hourly,
    }
    with Stage() as stage, HistoryWriter(target) as writer:
        regions, zones, brands = readers[chosen](path, zone, report, stage, writer)
        report.kept = writer.count
        if writer.count:
            writer.finish(regions, zones, brands)
    return report


def import_log(
    path: Path, layout: Layout | None = None, zone: str | None = None, brand: str | None = None
) -> tuple[History, ImportReport]:
    """`import_to_file` into a temporary file, read back whole: for logs that fit in memory (a fit or a
    backtest of a log not imported first). An empty history when no row could be kept.

    Raises:
        LogError: if the file cannot be read or lacks a column the layout needs.
    """
    with tempfile.TemporaryDirectory(prefix="carelab-history-") as folder:
        target = Path(folder) / "history.npz"
        report = import_to_file(path, target, layout, zone, brand)
        return (load_history(target) if report.kept else History.empty()), report


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


def _read_mentions(
    path: Path, zone_name: str | None, report: ImportReport, stage: Stage, writer: HistoryWriter
) -> Names:
    """The `mentions` layout: rows staged, the repeats of an id dropped, the rest written in time order."""
    default_zone = _zone(zone_name) if zone_name else None
    regions = _Regions()
    columns = set(_header(path))
    report.kinds_estimated = "kind" not in columns and "text" in columns
    for line, row in _rows(path, report):
        parsed = _mention(row, line, default_zone, zone_name, regions, report)
        if parsed is not None:
            stage.add("mentions", (line, *parsed))
    stage.drop_repeats("mentions", "id", report)
    stage.write_mentions(writer, report.kinds_estimated)
    return tuple(regions.names), tuple(regions.zones), ()


def _mention(
    row: dict[str, str],
    line: int,
    default_zone: ZoneInfo | None,
    zone_name: str | None,
    regions: _Regions,
    report: ImportReport,
) -> tuple[Any, ...] | None:
    """One row's id (None without one) and history columns (`staging.MENTION_FIELDS` after the line), or
    None (counted) when it cannot be used."""
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
    return (
        row.get("id") or None,
        time,
        regions.index(region_name, row_zone_name or zone_name or ""),
        kind,
        _coded(row, "channel", CHANNELS, line, report),
        _coded(row, "network", NETWORKS, line, report),
        _tagged(row.get("tagged", ""), line, report),
        _followers(row.get("followers", ""), line, report),
        _delay(row, "first_response_at", time, row_zone, line, report),
        _delay(row, "resolved_at", time, row_zone, line, report),
    )


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


def _read_twitter(
    path: Path,
    zone_name: str | None,
    report: ImportReport,
    stage: Stage,
    writer: HistoryWriter,
    brand: str | None,
) -> Names:
    """Inbound posts as mentions; outbound replies give each post its brand and first response.

    Brands are coded in the sorted repliers' names; handles and repliers are coded as they come (one entry
    per account, not per row).
    """
    report.kinds_estimated = True
    handles: dict[str, int] = {}
    repliers: dict[str, int] = {}
    for line, row in _rows(path, report):
        parsed = _tweet(row, line, report)
        if parsed is None:
            continue
        tweet_id, time, inbound = parsed
        if inbound:
            handle = handles.setdefault(_addressed(row["text"]), len(handles))
            stage.add("posts", (line, tweet_id, time, estimate_kind(row["text"]), handle))
            continue
        target = _reply_target(row, line, tweet_id, report)
        if target is not None:
            stage.add("replies", (line, target, time, repliers.setdefault(row["author_id"], len(repliers))))
    brands = sorted(repliers)
    lookup = {b.lower(): i for i, b in enumerate(brands)}
    stage.drop_repeats("posts", "tweet_id", report)
    stage.match_replies(
        [lookup.get(handle, UNKNOWN) for handle in handles],
        [lookup[name.lower()] for name in repliers],
        report,
    )
    chosen = None if brand is None else lookup.get(brand.lower(), -2)
    if chosen is not None:
        report.dropped["addressed to another brand"] += stage.count_posts() - stage.count_posts(chosen)
    stage.write_posts(writer, chosen)
    return (zone_name or "all",), (zone_name or "",), tuple(brands)


def _tweet(row: dict[str, str], line: int, report: ImportReport) -> tuple[int, float, bool] | None:
    """A row's tweet id, time and whether it is inbound, or None (counted) when it cannot be used."""
    try:
        tweet_id = int(row["tweet_id"])
    except ValueError:
        report.drop("bad tweet_id", line, f"tweet_id: '{row['tweet_id']}' is not a number")
        return None
    try:
        time = _twitter_time(row["created_at"])
    except ValueError as error:
        report.drop("bad timestamp", line, f"created_at: {error}")
        return None
    inbound = row["inbound"].lower()
    if inbound not in _TRUE | _FALSE:
        report.drop("bad inbound", line, f"inbound: '{row['inbound']}' is not True or False")
        return None
    return tweet_id, time, inbound in _TRUE


def _reply_target(row: dict[str, str], line: int, tweet_id: int, report: ImportReport) -> int | None:
    """The post a brand's reply answers (the data set writes ids as floats, '123.0'), or None (counted)."""
    target = row.get("in_response_to_tweet_id", "")
    if not target:
        report.drop(
            "brand post that answers nothing", line, f"tweet {tweet_id} has no in_response_to_tweet_id"
        )
        return None
    try:
        return int(float(target))
    except ValueError:
        report.drop(
            "bad in_response_to_tweet_id", line, f"in_response_to_tweet_id: '{target}' is not a number"
        )
        return None


# --- hourly counts ---------------------------------------------------------------------------------------


def _read_hourly(
    path: Path, zone_name: str | None, report: ImportReport, stage: Stage, writer: HistoryWriter
) -> Names:
    """Each hour's count as that many posts spread evenly over the hour (their marks unknown)."""
    default_zone = _zone(zone_name) if zone_name else None
    regions = _Regions()
    unknown_marks = (UNKNOWN,) * 5
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
        region = regions.index(name, row_zone_name or zone_name or "")
        for post in range(count):
            time = start + (post + 0.5) / count * 3600.0
            stage.add("mentions", (line, None, time, region, *unknown_marks, math.nan, math.nan))
    stage.write_mentions(writer, estimated=False)
    return tuple(regions.names), tuple(regions.zones), ()
