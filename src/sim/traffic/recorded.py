"""Recorded arrivals: a desk's real mentions, read from a history file, as the engine's root stream.

A history file is what `carelab history import` writes: one numpy archive (`.npz`, uncompressed) of
columns, one entry per mention, compact enough for millions of rows. `HistoryWriter` writes it a chunk at a
time (each column spooled to its own file, then copied into the archive), so an import never holds the
whole history in memory; `np.load` reads it back like any archive. It lives here, below the engine, because
`traffic.source: FILE` makes the engine run on it instead of on drawn arrivals; `sim.history` writes it.

Marks a log did not keep (a kind, a channel, followers) are drawn from the scenario's own shares, from a
generator seeded by the scenario's seed alone: every replication sees the same customers, and replications
differ only in handling and patience.
"""

from __future__ import annotations

import math
import shutil
import struct
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

import numpy as np
from numpy.typing import NDArray

from sim.mentions import MentionStream
from sim.scenarios import KINDS, Scenario
from sim.traffic import marks
from sim.traffic.arrivals import categorical

UNKNOWN = -1
"""Code of a mark the log did not keep (kind, channel, network, tagged, followers, brand)."""
_REPLAY_STREAM = 0x5EC0
"""Spawn key of the generator that fills unknown marks (apart from every replication's streams)."""
COLUMNS: dict[str, type[np.generic]] = {
    "time": np.float64, "region": np.int16, "kind": np.int8, "kind_estimated": np.bool_, "channel": np.int8,
    "network": np.int8, "tagged": np.int8, "followers": np.int64, "first_response": np.float64,
    "resolved": np.float64, "brand": np.int16,
}  # fmt: skip
"""A history file's per-mention columns and their types (the `History` fields of the same names)."""
NAMES = ("regions", "zones", "brands")
"""A history file's name lists (text arrays)."""


@dataclass(frozen=True)
class History:
    """Imported mentions, one entry per post, in time order; codes index the name tuples."""

    time: NDArray[np.float64]
    """Seconds since 1970-01-01 UTC."""
    region: NDArray[np.int16]
    """Index into `regions`."""
    kind: NDArray[np.int8]
    """Index into `KINDS`, or UNKNOWN."""
    kind_estimated: NDArray[np.bool_]
    """Whether the kind was guessed from the text rather than read from a column."""
    channel: NDArray[np.int8]
    """Index into `CHANNELS`, or UNKNOWN."""
    network: NDArray[np.int8]
    """Index into `NETWORKS`, or UNKNOWN."""
    tagged: NDArray[np.int8]
    """1 if the post tags the brand, 0 if not, UNKNOWN."""
    followers: NDArray[np.int64]
    """The author's followers, or UNKNOWN."""
    first_response: NDArray[np.float64]
    """Seconds from the post to the brand's first reply; NaN when there was none (or none recorded)."""
    resolved: NDArray[np.float64]
    """Seconds from the post to its resolution; NaN when not recorded."""
    brand: NDArray[np.int16]
    """Index into `brands` (the account that was addressed), or UNKNOWN."""
    regions: tuple[str, ...]
    """Region names."""
    zones: tuple[str, ...]
    """IANA zone of each region ('' when the log gave none)."""
    brands: tuple[str, ...] = ()
    """Brand accounts (the Twitter layout's repliers)."""

    def __len__(self) -> int:
        return int(self.time.shape[0])

    @classmethod
    def empty(cls) -> History:
        """A history without a post (an import that kept nothing)."""
        columns: dict[str, Any] = {name: np.empty(0, dtype=dtype) for name, dtype in COLUMNS.items()}
        return cls(regions=(), zones=(), **columns)

    def save(self, path: Path) -> None:
        """Write the history as an uncompressed numpy archive (fast to read back, a few bytes a row)."""
        with HistoryWriter(path) as writer:
            writer.add({name: getattr(self, name) for name in COLUMNS})
            writer.finish(self.regions, self.zones, self.brands)

    def select(self, chosen: NDArray[np.bool_]) -> History:
        """The entries where `chosen` is true, with the same names."""
        columns: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, value in columns.items():
            if isinstance(value, np.ndarray):
                columns[name] = value[chosen]
        return History(**columns)

    def period(self) -> tuple[datetime, datetime]:
        """First and last post, in UTC."""
        return _utc(float(self.time[0])), _utc(float(self.time[-1]))


class HistoryWriter:
    """A history file written chunk by chunk, in time order: memory holds one chunk, never the history.

    Each column is appended to its own spool file in a temporary folder; `finish` copies the spools into the
    archive as `.npy` members (a header, then the raw values), which is all `np.savez` writes too.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._partial = path.with_name(f".{path.name}.partial")
        self._folder = tempfile.TemporaryDirectory(prefix="carelab-history-")
        self._spools: dict[str, BinaryIO] = {
            name: (Path(self._folder.name) / name).open("wb") for name in COLUMNS
        }

    def __enter__(self) -> HistoryWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        for spool in self._spools.values():
            spool.close()
        self._folder.cleanup()
        self._partial.unlink(missing_ok=True)

    def add(self, columns: dict[str, NDArray[Any]]) -> None:
        """Append the next mentions (every column of `COLUMNS`, the same length, later than those before)."""
        for name, spool in self._spools.items():
            np.ascontiguousarray(columns[name], dtype=COLUMNS[name]).tofile(spool)
        self.count += len(columns["time"])

    def finish(self, regions: Iterable[str], zones: Iterable[str], brands: Iterable[str]) -> None:
        """Write the archive at `path` from the spools and the name lists.

        The archive is written beside `path` and then renamed over it, so a history mapped from the old
        file (`load_history`) keeps reading the old file, and a failed write leaves no half a file.
        """
        names = {"regions": regions, "zones": zones, "brands": brands}
        written = self._partial
        with zipfile.ZipFile(written, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
            for name, spool in self._spools.items():
                spool.close()
                header = {
                    "descr": np.lib.format.dtype_to_descr(np.dtype(COLUMNS[name])),
                    "fortran_order": False,
                    "shape": (self.count,),
                }
                with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                    np.lib.format.write_array_header_1_0(member, header)
                    with Path(spool.name).open("rb") as values:
                        shutil.copyfileobj(values, member, 1 << 20)
            for name, texts in names.items():
                with archive.open(f"{name}.npy", "w") as member:
                    np.lib.format.write_array(member, np.asarray(list(texts), dtype=str))
        written.replace(self.path)


def _utc(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def read_history(path: Path) -> History:
    """Read a history file written by `History.save`.

    Raises:
        ValueError: if the file is not a history file (naming the file and what is missing).
    """
    return _read_cached(path.resolve(), path.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _read_cached(path: Path, mtime_ns: int) -> History:
    """Replications of one run read the same file: keep the last two read (keyed by path and change time)."""
    return load_history(path)


def load_history(path: Path) -> History:
    """Read a history file, every time (`read_history` keeps the last two read).

    The per-mention columns are memory-mapped from the file (see `_mapped`), so a history of millions of
    posts is paged in as it is used rather than copied whole into memory.

    Raises:
        ValueError: if the file is not a history file (naming the file and what is missing).
    """
    try:
        archive = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise ValueError(
            f"{path}: not a history file written by `carelab history import` ({error})"
        ) from None
    with archive:
        missing = [f.name for f in fields(History) if f.name not in archive.files]
        if missing:
            raise ValueError(f"{path}: not a history file (missing columns: {', '.join(missing)})")
        columns: dict[str, Any] = {name: tuple(str(v) for v in archive[name]) for name in NAMES}
        stored = {info.filename: info for info in archive.zip.infolist()}
        with path.open("rb") as handle:
            for name in COLUMNS:
                info = stored[f"{name}.npy"]
                mapped = _mapped(path, handle, info) if info.compress_type == zipfile.ZIP_STORED else None
                columns[name] = archive[name] if mapped is None else mapped
    return History(**columns)


def _mapped(path: Path, handle: BinaryIO, info: zipfile.ZipInfo) -> NDArray[Any] | None:
    """A stored (uncompressed) `.npy` member of the archive as a read-only memory map; None when empty.

    Written by hand because `np.load` ignores `mmap_mode` inside `.npz` archives: the member's data starts
    after the zip's local header (30 bytes, its name and its extra field) and the `.npy` header.
    """
    handle.seek(info.header_offset + 26)
    name_length, extra_length = struct.unpack("<HH", handle.read(4))
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    version = np.lib.format.read_magic(handle)
    read_header = (
        np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    )
    shape, fortran_order, dtype = read_header(handle)
    if fortran_order or not math.prod(shape):
        return None
    return np.memmap(path, dtype=dtype, mode="r", offset=handle.tell(), shape=shape).view(np.ndarray)


def recorded_mentions(scenario: Scenario) -> MentionStream:
    """The history's posts inside the scenario's period as a root stream (no reshare cascades).

    Raises:
        ValueError: if the file cannot be read or names a region the scenario does not have.
    """
    assert scenario.traffic.source is not None
    history = read_history(Path(scenario.traffic.source))
    start = scenario.meta.start.timestamp()
    minutes = (history.time - start) / 60.0
    inside = (minutes >= 0) & (minutes < scenario.meta.duration)
    names = [r.name for r in scenario.regions]
    unknown = sorted(set(history.regions) - set(names))
    if unknown:
        raise ValueError(
            f"{scenario.traffic.source}: region(s) {', '.join(unknown)} of the history are not in the "
            f"scenario (regions: {', '.join(names)})"
        )
    region_map = np.asarray([names.index(r) for r in history.regions], dtype=np.int16)
    rng = np.random.default_rng(np.random.SeedSequence(scenario.meta.seed, spawn_key=(_REPLAY_STREAM,)))
    return _stream(scenario, history.select(inside), minutes[inside], region_map, rng)


def _stream(
    scenario: Scenario,
    history: History,
    minutes: NDArray[np.float64],
    region_map: NDArray[np.int16],
    rng: np.random.Generator,
) -> MentionStream:
    """The selected posts with their unknown marks drawn from the scenario's shares."""
    count = len(history)
    traffic = scenario.traffic
    mix = np.asarray([traffic.mix.get(k, 0.0) for k in KINDS], dtype=np.float64)
    kind = _filled(history.kind, lambda n: categorical(mix, n, rng))
    channel = _filled(history.channel, lambda n: marks.channels(traffic, n, rng))
    network = _filled(history.network, lambda n: marks.networks(traffic, n, rng))
    drawn_tagged = marks.tagged(traffic, channel, rng).astype(np.int8)
    tagged = np.where(history.tagged == UNKNOWN, drawn_tagged, history.tagged).astype(bool)
    followers = _filled(history.followers, lambda n: marks.followers(traffic.followers, n, rng))
    return MentionStream(
        time=minutes,
        region=region_map[history.region] if count else np.empty(0, dtype=np.int16),
        kind=kind,
        channel=channel,
        network=network,
        tagged=tagged,
        followers=followers,
        viral_event=np.full(count, -1, dtype=np.int16),
    )


def _filled(column: NDArray[Any], draw: Callable[[int], NDArray[Any]]) -> NDArray[Any]:
    """The column with its UNKNOWN entries replaced by fresh draws (the whole column is drawn, so the
    draws do not depend on where the gaps are)."""
    missing = column == UNKNOWN
    if not missing.any():
        return column
    return np.where(missing, draw(len(column)), column).astype(column.dtype)
