"""The backtest chart: volume by hour of the week, and the distributions of first-response times.

Two panels that answer "does the scenario's traffic look like ours?" and "does its desk answer like ours?".
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # no display: the chart is a file
import matplotlib.pyplot as plt
import numpy as np
from numpy.typing import NDArray

from sim.history.backtest import HOURS_PER_WEEK, Backtest


def save_backtest_chart(result: Backtest, path: str) -> None:
    """Write the chart as PNG."""
    figure, (volume, responses) = plt.subplots(2, 1, figsize=(10, 7))
    hours = np.arange(HOURS_PER_WEEK + 1)
    volume.step(hours, _closed(result.actual_by_hour), where="post", label="actual", linewidth=1.6)
    volume.step(
        hours, _closed(result.simulated_by_hour), where="post", label="simulated (mean)", linewidth=1.2
    )
    volume.set_xticks(
        np.arange(0, HOURS_PER_WEEK + 1, 24), ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", ""]
    )
    volume.set_ylabel("posts per hour (summed over the weeks)")
    volume.set_title(
        f"Volume by UTC hour of the week: MAPE {result.volume_mape:.1%} "
        f"(chance alone {result.volume_mape_noise:.1%})"
    )
    volume.legend()
    for label, times in (("actual", result.actual_responses), ("simulated", result.simulated_responses)):
        if len(times):
            responses.plot(np.maximum(times, 0.1), np.arange(1, len(times) + 1) / len(times), label=label)
    responses.set_xscale("log")
    responses.set_xlabel("minutes to the first response (answered posts)")
    responses.set_ylabel("share answered within")
    responses.set_title(f"First responses: KS distance {result.response_ks:.3f}")
    responses.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _closed(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """The values with the last repeated, so a step plot draws the last hour too."""
    return np.append(values, values[-1:])
