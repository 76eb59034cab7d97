"""The daily shape of generated traffic: per region in its own local time, and all regions together in UTC.

The two panels show why a global desk is never quiet: each region follows its curve in local time, and in UTC
the curves shift and stack into a flatter, wider load. `matplotlib.pyplot` is imported when a chart is drawn:
it costs half a second, which `carelab traffic` without `--plot` should not pay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from sim.mentions import MentionStream
from sim.scenarios import Scenario
from sim.traffic.clock import ZoneClock, local_hour
from sim.traffic.rates import region_clocks

if TYPE_CHECKING:
    from matplotlib.figure import Figure

EDGES = np.arange(25)
"""Hour edges 0..24: a step plot needs the last hour's end."""


def hourly_volume_figure(scenario: Scenario, stream: MentionStream) -> Figure:
    """Mean mentions per hour of the day by region: local time above, UTC (stacked) below."""
    meta = scenario.meta
    days = meta.duration / 1440.0
    utc = ZoneClock.for_run("UTC", meta.start, meta.duration)
    local_counts, utc_counts = [], []
    for index, clock in enumerate(region_clocks(scenario)):
        times = stream.time[stream.region == index]
        local_counts.append(_per_hour(clock, times) / days)
        utc_counts.append(_per_hour(utc, times) / days)
    import matplotlib.figure

    figure = matplotlib.figure.Figure()  # not pyplot: a file needs no window manager or global state
    local_axis, utc_axis = figure.subplots(2, 1, sharex=True)
    figure.set_size_inches(10, 7)
    names = [r.name for r in scenario.regions]
    for name, counts in zip(names, local_counts, strict=True):
        local_axis.step(EDGES, _closed(counts), where="post", linewidth=1.6, label=name)
    local_axis.set_title("Each region in its own local time")
    utc_axis.stackplot(EDGES, *map(_closed, utc_counts), labels=names, step="post", alpha=0.7)
    utc_axis.set_title("All regions in UTC (stacked)")
    utc_axis.set_xlabel("hour of the day")
    for axis in (local_axis, utc_axis):
        axis.set_ylabel("mentions per hour (mean over the days)")
        axis.set_xticks(range(0, 25, 3))
        axis.set_xlim(0, 24)
        axis.grid(alpha=0.3)
        axis.legend(loc="upper left", fontsize=8)
    figure.suptitle(f"{meta.title}: mean hourly volume over {days:g} days")
    figure.tight_layout()
    return figure


def save_hourly_volume(scenario: Scenario, stream: MentionStream, path: str) -> None:
    """Write the chart as a PNG."""
    hourly_volume_figure(scenario, stream).savefig(path, format="png", dpi=110)


def _per_hour(clock: ZoneClock, times: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.bincount(local_hour(clock.local_epoch(times)), minlength=24).astype(np.float64)


def _closed(counts: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.append(counts, counts[-1])
