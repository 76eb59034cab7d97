"""The response chart of a sweep: each figure against the first varied field, one line per other setting.

Each panel is titled as the tables title the figure, service levels are drawn in percent against the share the
scenario's target asks for (a dashed line), and money and counts carry their unit on the axis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.report.charts import plain_numbers, png_bytes, pyplot
from sim.report.rows import goal_share

if TYPE_CHECKING:
    from sim.scenarios import Scenario

SHARES = ("service_level", "abandonment", "occupancy", "answered_share")
"""Figures that are shares, drawn in percent."""


def sweep_chart(
    records: list[dict[str, Any]],
    paths: list[str],
    metrics: list[str],
    titles: dict[str, str],
    scenario: Scenario,
) -> bytes:
    """PNG of every metric against the first varied path, with 95% bands; lines split by the other paths."""
    plt = pyplot()
    x_path, others = paths[0], paths[1:]
    figure, axes = plt.subplots(1, len(metrics), figsize=(4 * len(metrics), 3.4), squeeze=False)
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(tuple(record[p] for p in others), []).append(record)
    for axis, metric in zip(axes[0], metrics, strict=True):
        scale = 100.0 if metric.endswith(SHARES) else 1.0
        for key, group in groups.items():
            xs = [r[x_path] for r in group]
            positions = (
                np.arange(len(xs)) if any(isinstance(x, str) for x in xs) else np.asarray(xs, dtype=float)
            )
            means, low, high = (
                scale * np.asarray([r[f"{metric}{end}"] for r in group], dtype=float)
                for end in ("", ".low", ".high")
            )
            label = ", ".join(f"{p.rsplit('.', 1)[-1]}={v}" for p, v in zip(others, key, strict=True)) or None
            axis.plot(positions, means, marker="o", label=label)
            finite = np.isfinite(low) & np.isfinite(high)
            axis.fill_between(positions, low, high, where=finite, alpha=0.2)
            if isinstance(xs[0], str):
                axis.set_xticks(positions, xs, rotation=20)
        goal = goal_share(scenario, metric)
        if goal is not None:
            axis.axhline(100 * goal, color="black", linestyle="--", linewidth=1, label=f"target {goal:.0%}")
        axis.set_title(titles.get(metric, metric), fontsize=9)
        axis.set_xlabel(x_path.rsplit(".", 1)[-1])
        axis.set_ylabel(_unit(metric, scenario))
        plain_numbers(axis)
        axis.grid(alpha=0.3)
        if others or goal is not None:
            axis.legend(fontsize=7)
    return png_bytes(figure)


def _unit(metric: str, scenario: Scenario) -> str:
    if metric.endswith(SHARES):
        return "percent of mentions" if not metric.endswith("occupancy") else "percent of paid time"
    if metric == "cost":
        return f"cost ({scenario.costs.currency})"
    if "first_response" in metric:
        return "minutes"
    return "mentions" if "backlog" in metric else "people reached" if "reach" in metric else "count"
