"""Mention logs drawn from a scenario, in the generic `mentions` layout: known truth for fits and backtests.

The shipped sample, the tests and the import benchmark all use these: a log made from a scenario whose
curves and mixes are known is the only history against which a fit can be checked exactly.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Final

import numpy as np
from numpy.typing import NDArray

from sim.engine import simulate
from sim.mentions import NETWORKS, MentionStream
from sim.randomness import run_randomness
from sim.scenarios import CHANNELS, KINDS, Scenario
from sim.traffic import generate_mentions

LOG_COLUMNS: Final = (
    "id", "created_at", "region", "timezone", "kind", "channel", "network", "tagged", "followers",
    "first_response_at", "resolved_at",
)  # fmt: skip
_ROWS_PER_BATCH = 50_000


def write_traffic_log(scenario: Scenario, path: Path, replication: int = 0) -> int:
    """Write the scenario's drawn mentions (no desk, so no responses) as a log; returns the rows written."""
    stream = generate_mentions(scenario, run_randomness(scenario.meta.seed, replication))
    nothing = np.full(len(stream), np.nan)
    return _write(scenario, stream, nothing, nothing, path)


def write_run_log(scenario: Scenario, path: Path, replication: int = 0) -> int:
    """Simulate one replication and write its mentions with the desk's first replies and resolutions."""
    result = simulate(scenario, replication)
    records = result.records
    roots = records.follow_up_of < 0
    stream = MentionStream(
        time=records.arrival[roots],
        region=records.region[roots],
        kind=records.kind[roots],
        channel=records.channel[roots],
        network=records.network[roots],
        tagged=records.tagged[roots],
        followers=records.followers[roots],
        viral_event=np.full(int(roots.sum()), -1, dtype=np.int16),
    )
    return _write(scenario, stream, records.first_response[roots], records.resolved[roots], path)


def _write(
    scenario: Scenario,
    stream: MentionStream,
    first_response: NDArray[np.float64],
    resolved: NDArray[np.float64],
    path: Path,
) -> int:
    """One row per mention, times as ISO 8601 UTC, batch by batch (a year of mentions stays quick)."""
    names = np.asarray([r.name for r in scenario.regions])
    zones = np.asarray([r.timezone for r in scenario.regions])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(LOG_COLUMNS)
        for start in range(0, len(stream), _ROWS_PER_BATCH):
            part = slice(start, start + _ROWS_PER_BATCH)
            columns = (
                np.arange(len(stream))[part],
                _iso(scenario, stream.time[part]),
                names[stream.region[part]],
                zones[stream.region[part]],
                np.asarray(KINDS)[stream.kind[part]],
                np.asarray(CHANNELS)[stream.channel[part]],
                np.asarray(NETWORKS)[stream.network[part]],
                np.where(stream.tagged[part], "true", "false"),
                stream.followers[part],
                _iso(scenario, first_response[part]),
                _iso(scenario, resolved[part]),
            )
            writer.writerows(zip(*(c.tolist() for c in columns), strict=True))
    return len(stream)


def _iso(scenario: Scenario, minutes: NDArray[np.float64]) -> NDArray[np.str_]:
    """ISO 8601 UTC times of run minutes, to the millisecond ('' where NaN)."""
    start = np.datetime64(scenario.meta.start.replace(tzinfo=None), "ms")
    known = ~np.isnan(minutes)
    stamps = start + np.rint(np.where(known, minutes, 0.0) * 60_000).astype("timedelta64[ms]")
    text = np.char.add(np.datetime_as_string(stamps, unit="ms"), "+00:00")
    return np.where(known, text, "")
