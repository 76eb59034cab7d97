"""Charts of a comparison (matplotlib, drawn off-screen): each returns PNG bytes for files and HTML alike.

`matplotlib.pyplot` takes half a second to import, so it is loaded by `pyplot()` the first time a chart is
drawn, never by importing this module.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.report.rows import Row, goal_share, headline_goal
from sim.scenarios import KINDS, Scenario

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from sim.experiments.replications import Replicated


def pyplot() -> Any:
    """`matplotlib.pyplot` on the off-screen backend (charts are files and report images, never windows)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plain_numbers(axis: Axes) -> None:
    """Tick labels as whole numbers with thousands separators: no '1e6' offset nobody can read."""
    from matplotlib.ticker import FuncFormatter

    axis.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.10g}"))


def png_bytes(figure: Figure) -> bytes:
    """The figure as PNG bytes; the figure is closed (pyplot keeps every open one in memory)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    pyplot().close(figure)
    return buffer.getvalue()


def _days_axis(axis: Axes, hours: int) -> None:
    ticks = np.arange(0, hours + 1, 24)
    axis.set_xticks(ticks, [f"d{t // 24}" for t in ticks])
    axis.set_xlim(0, hours)
    axis.grid(alpha=0.3)


def arrivals_and_agents(results: Replicated, scenario: Scenario) -> Figure | None:
    """Arrivals per hour by region (UTC, stacked) against frontline agents on duty in each variant."""
    base = results.labels[0]
    curves = [(r.name, results.mean_series(base, f"arrivals.{r.name}")) for r in scenario.regions]
    curves = [(name, c) for name, c in curves if c]
    if not curves:
        return None
    hours = min(len(curves[0][1]), 7 * 24)
    figure, axis = pyplot().subplots(figsize=(10, 4))
    axis.stackplot(
        np.arange(hours), *[c[:hours] for _, c in curves], labels=[n for n, _ in curves], alpha=0.6
    )
    axis.set_ylabel("mentions per hour (UTC)")
    agents = axis.twinx()
    for label in results.labels:
        duty = results.mean_series(label, "agents_on_duty")[:hours]
        agents.step(np.arange(len(duty)), duty, where="post", linewidth=1.4, label=f"agents: {label}")
    agents.set_ylabel("frontline agents on duty")
    _days_axis(axis, hours)
    handles = axis.get_legend_handles_labels()[0] + agents.get_legend_handles_labels()[0]
    names = axis.get_legend_handles_labels()[1] + agents.get_legend_handles_labels()[1]
    axis.legend(handles, names, loc="upper left", fontsize=8, ncol=2)
    axis.set_title("Arrivals by region and staffed agents, first week (UTC)")
    return figure


def backlog(results: Replicated, scenario: Scenario) -> Figure | None:
    """Mentions waiting for a first answer, hour by hour, in each variant."""
    plt = pyplot()
    figure, axis = plt.subplots(figsize=(10, 3.5))
    hours = 0
    for label in results.labels:
        curve = results.mean_series(label, "backlog")[: 7 * 24]
        hours = max(hours, len(curve))
        axis.plot(np.arange(len(curve)), curve, label=label, linewidth=1.2)
    if not hours:
        plt.close(figure)
        return None
    _days_axis(axis, hours)
    axis.set_ylabel("waiting for a first answer")
    axis.set_title("Backlog over the first week (UTC)")
    axis.legend(fontsize=8)
    return figure


def first_response_distribution(results: Replicated, scenario: Scenario) -> Figure | None:
    """Share answered within t, per kind and variant (from each run's response-time quantiles)."""
    kinds = [
        k for k in KINDS if any(results.mean_series(label, f"first_response.{k}") for label in results.labels)
    ]
    if not kinds:
        return None
    from sim.experiments.replications import QUANTILES

    figure, axes = pyplot().subplots(
        1, len(kinds), figsize=(3.2 * len(kinds), 3.2), sharey=True, squeeze=False
    )
    for axis, kind in zip(axes[0], kinds, strict=True):
        for label in results.labels:
            quantiles = results.mean_series(label, f"first_response.{kind}")
            if quantiles:
                axis.plot(np.maximum(quantiles, 1 / 60), QUANTILES, label=label)
        axis.set_xscale("log")
        axis.set_title(kind)
        axis.set_xlabel("minutes to first response")
        axis.grid(alpha=0.3)
    axes[0][0].set_ylabel("share of answered mentions")
    axes[0][-1].legend(fontsize=7)
    return figure


def service_by_local_hour(results: Replicated, scenario: Scenario) -> Figure | None:
    """Service level by the local hour of arrival: a panel per region on its own clock, a line per variant."""
    regions = [region.name for region in scenario.regions]
    series = {
        (name, label): results.mean_series(label, f"service_level.local_hour.{name}")
        for name in regions
        for label in results.labels
    }
    if not any(series.values()):
        return None
    goal = headline_goal(scenario)
    figure, axes = pyplot().subplots(
        1, len(regions), figsize=(3.2 * len(regions), 3.2), sharey=True, squeeze=False
    )
    for axis, name in zip(axes[0], regions, strict=True):
        for label in results.labels:
            levels = series[(name, label)]
            if levels:
                axis.plot(np.arange(24), 100 * np.asarray(levels), marker=".", linewidth=1.2, label=label)
        if goal is not None:
            axis.axhline(100 * goal, color="black", linestyle="--", linewidth=1, label=f"goal {goal:.0%}")
        axis.set_title(f"{name} (local time)", fontsize=9)
        axis.set_xticks(range(0, 24, 6), [f"{h:02d}:00" for h in range(0, 24, 6)])
        axis.set_xlabel("local hour of arrival")
        axis.grid(alpha=0.3)
    axes[0][0].set_ylabel("percent replied within target")
    axes[0][-1].legend(fontsize=7)
    figure.suptitle(
        "Service level by local hour of arrival, each region on its own clock", fontsize=10, y=1.04
    )
    return figure


def estimates_chart(
    rows: list[Row], labels: list[str], title: str, unit: str, targets: list[float | None] | None = None
) -> Figure | None:
    """Means with 95% intervals for a few rows, one marker per variant; each row's target as a dash.

    Shares are drawn in percent; `targets` (one per row, in the rows' own scale) mark what each figure must
    reach.
    """
    if not rows:
        return None
    scale = 100.0 if unit.startswith("percent") else 1.0
    figure, axis = pyplot().subplots(figsize=(max(6, 1.6 * len(rows)), 3.5))
    width = 0.8 / len(labels)
    for index, label in enumerate(labels):
        means = [scale * row.estimates[index].mean for row in rows]
        errors = [scale * row.estimates[index].half_width for row in rows]
        errors = [e if np.isfinite(e) else 0.0 for e in errors]
        x = np.arange(len(rows)) + (index - (len(labels) - 1) / 2) * width
        axis.errorbar(x, means, yerr=errors, fmt="o", capsize=4, label=label)
    goals = [(position, goal) for position, goal in enumerate(targets or []) if goal is not None]
    for number, (position, goal) in enumerate(goals):
        legend = "target" if number == 0 else None  # one legend entry for all the dashes
        axis.hlines(
            scale * goal, position - 0.45, position + 0.45, colors="black", linestyles="--", label=legend
        )
    axis.set_xticks(np.arange(len(rows)), [row.title for row in rows], rotation=20, ha="right", fontsize=8)
    axis.set_ylabel(unit)
    plain_numbers(axis)
    axis.set_title(title)
    axis.grid(alpha=0.3)
    axis.legend(fontsize=8)
    return figure


def comparison_charts(results: Replicated, scenario: Scenario, rows: list[Row]) -> dict[str, bytes]:
    """Every chart of a comparison as PNG bytes, by file stem."""
    service = [r for r in rows if r.metric.endswith(".service_level")]
    figures: dict[str, Figure | None] = {
        "arrivals-and-agents": arrivals_and_agents(results, scenario),
        "backlog": backlog(results, scenario),
        "first-response": first_response_distribution(results, scenario),
        "service-by-local-hour": service_by_local_hour(results, scenario),
        "service-level": estimates_chart(
            service,
            results.labels,
            "Service level: share answered within target (95% CI)",
            "percent of mentions",
            [goal_share(scenario, row.metric) for row in service],
        ),
        "negative-reach": estimates_chart(
            [r for r in rows if r.metric == "negative_reach"],
            results.labels,
            "Negative reach before a reply (95% CI)",
            "people reached",
        ),
    }
    return {name: png_bytes(figure) for name, figure in figures.items() if figure is not None}
