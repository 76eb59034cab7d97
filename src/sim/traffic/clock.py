"""Local wall-clock time of a region over a run, as vectorised arithmetic on the engine's UTC minutes.

A zone's UTC offset is a step function that changes a few times a year, so it is found once per region (a
coarse scan with `zoneinfo`, refined by bisection at each change) and afterwards every local hour, weekday
and ISO timestamp is numpy arithmetic on "local epoch minutes" (minutes since 1970-01-01 00:00 on the local
wall clock) instead of a `datetime` per mention.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SCAN_STEP = timedelta(days=1)
"""Offsets are sampled this often (a few hundred `zoneinfo` look-ups for a year, not thousands): since 1970
no zone of the tz database has changed its offset twice within a week (the closest pair is 167 hours apart),
so no change hides between two samples."""
_EPOCH_WEEKDAY = 3
"""1970-01-01 was a Thursday (0 = Monday)."""


@dataclass(frozen=True)
class ZoneClock:
    """A region's UTC offset over one run: `offsets[i]` holds from run minute `changes[i]` on."""

    start_epoch: float
    """The run's start in minutes since the Unix epoch (UTC)."""
    changes: NDArray[np.float64]
    """Run minutes at which an offset starts to hold; the first is minus infinity."""
    offsets: NDArray[np.float64]
    """Minutes east of UTC from the matching change on."""

    @classmethod
    def for_run(cls, zone: str, start: datetime, duration: float) -> ZoneClock:
        """The clock of `zone` over a run starting at `start` (aware, UTC) and lasting `duration` minutes."""
        tz = ZoneInfo(zone)
        steps = int(duration // (_SCAN_STEP.total_seconds() / 60)) + 2
        samples = [start + i * _SCAN_STEP for i in range(steps)]
        changes, offsets = [-np.inf], [_offset(tz, start)]
        for before, after in pairwise(samples):
            if _offset(tz, after) != _offset(tz, before):
                moment = _change_between(tz, before, after)
                changes.append((moment - start).total_seconds() / 60)
                offsets.append(_offset(tz, moment))
        return cls(
            start_epoch=(start - _EPOCH).total_seconds() / 60,
            changes=np.asarray(changes),
            offsets=np.asarray(offsets),
        )

    def offset(self, times: NDArray[np.float64]) -> NDArray[np.float64]:
        """UTC offset in minutes at each run minute."""
        return self.offsets[np.searchsorted(self.changes, times, side="right") - 1]

    def local_epoch(self, times: NDArray[np.float64]) -> NDArray[np.float64]:
        """Local wall-clock minutes since 1970-01-01 00:00 at each run minute."""
        return self.start_epoch + times + self.offset(times)

    def hour_edges(self, duration: float) -> NDArray[np.float64]:
        """Run minutes in [0, duration] where a local hour starts, plus the offset changes in between.

        Between these edges the local hour and the local date are constant, which is what the rate needs.
        """
        starts = np.maximum(self.changes, 0.0)
        ends = np.minimum(np.append(starts[1:], duration), duration)
        pieces = [starts]
        for low, high, offset in zip(starts, ends, self.offsets, strict=True):
            # local = start_epoch + t + offset is a whole hour where t = 60k - start_epoch - offset
            shift = self.start_epoch + offset
            first, last = np.ceil((low + shift) / 60.0), np.floor((high + shift) / 60.0)
            pieces.append(np.arange(first, last + 1) * 60.0 - shift)
        edges = np.concatenate(pieces)
        return edges[edges <= duration]


def local_hour(local_epoch: NDArray[np.float64]) -> NDArray[np.int64]:
    """Hour of the local day (0-23)."""
    return (np.floor(local_epoch / 60.0).astype(np.int64)) % 24


def local_weekday(local_epoch: NDArray[np.float64]) -> NDArray[np.int64]:
    """Local day of the week (0 = Monday)."""
    return (np.floor(local_epoch / 1440.0).astype(np.int64) + _EPOCH_WEEKDAY) % 7


def iso_local_all(local_epoch: NDArray[np.float64], offset: NDArray[np.float64]) -> list[str]:
    """ISO 8601 local times with their offsets, to the second, e.g. '2026-03-29T02:30:05+01:00'."""
    seconds = np.rint(local_epoch * 60).astype(np.int64)
    stamps = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s")
    distinct, which = np.unique(offset, return_inverse=True)
    suffixes = np.asarray([_offset_text(minutes) for minutes in distinct.tolist()], dtype=str)
    joined: list[str] = np.char.add(stamps, suffixes[which]).tolist()
    return joined


def iso_utc_all(start: datetime, minutes: NDArray[np.float64]) -> list[str]:
    """ISO 8601 UTC times of run minutes, to the second, e.g. '2026-03-02T09:15:00+00:00'."""
    base = np.datetime64(start.astimezone(UTC).replace(tzinfo=None), "us")
    moments = base + (np.rint(minutes * 60).astype(np.int64) * 1_000_000).astype("timedelta64[us]")
    stamps = np.datetime_as_string(moments, unit="s")
    joined: list[str] = np.char.add(stamps, _offset_text(0.0)).tolist()
    return joined


def iso_utc(start: datetime, minutes: float) -> str:
    """ISO 8601 UTC time of a run minute, to the second, e.g. '2026-03-02T09:15:00+00:00'."""
    return (start + timedelta(seconds=round(minutes * 60))).isoformat(timespec="seconds")


def _offset_text(offset: float) -> str:
    """A UTC offset in minutes as ISO 8601 writes it: '+05:30', '-08:00'."""
    sign = "+" if offset >= 0 else "-"
    hours, minutes = divmod(round(abs(offset)), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def _offset(tz: ZoneInfo, moment: datetime) -> float:
    delta = moment.astimezone(tz).utcoffset()
    return delta.total_seconds() / 60 if delta is not None else 0.0


def _change_between(tz: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """The first second after `before` with `after`'s offset (bisection: offsets only change at seconds)."""
    target = _offset(tz, after)
    low, high = 0, int((after - before).total_seconds())
    while high - low > 1:
        middle = (low + high) // 2
        if _offset(tz, before + timedelta(seconds=middle)) == target:
            high = middle
        else:
            low = middle
    return before + timedelta(seconds=high)
