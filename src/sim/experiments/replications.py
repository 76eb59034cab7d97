"""Replicated runs of several scenarios (variants or sweep points), with confidence intervals.

Replication `r` of every scenario uses the same random streams (seed and replication number), so variants
are compared on the same arrivals, customers and handling times: common random numbers. Differences are
then estimated pair by pair, which makes them sharp with few replications.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.experiments.executors import Executor, Progress
from sim.metrics import service_level_by_local_hour
from sim.scenarios import KINDS, Scenario
from sim.stats import Estimate, estimate, paired_difference

if TYPE_CHECKING:
    from sim.engine import RunResult

Figures = dict[str, float]
"""Flat numeric figures of one run, e.g. {'kind.complaint.service_level': 0.93, 'cost': 40210.0}."""
Series = dict[str, list[float]]
"""Named curves of one run for charts: hourly arrivals per region, agents on duty, backlog, quantiles."""
QUANTILES = np.linspace(0.0, 1.0, 41)
"""Quantiles kept of each kind's first-response times: enough to draw the distribution, small to ship."""


@dataclass(frozen=True)
class RunOutput:
    """What one replication sends back from a worker: figures for tables, series for charts."""

    figures: Figures
    series: Series


@dataclass(frozen=True)
class Work:
    """One run to do: which scenario (by label) and which replication."""

    label: str
    scenario: Scenario
    replication: int


def run_work(work: Work) -> RunOutput:
    """Simulate one replication and return its figures and chart series (runs inside worker processes)."""
    from sim.engine import simulate

    result = simulate(work.scenario, work.replication)
    figures = {k: math.nan if v is None else float(v) for k, v in result.summary.to_dict().items()}
    return RunOutput(figures, _series(result))


def _series(result: RunResult) -> Series:
    records, hourly, scenario = result.records, result.hourly, result.scenario
    hours = len(hourly.arrivals)
    series: Series = {
        "agents_on_duty": hourly.agents_on_duty.tolist(),
        "backlog": hourly.backlog.astype(float).tolist(),
        "answered": hourly.answered.astype(float).tolist(),
    }
    roots = records.follow_up_of < 0
    hour = np.minimum((records.arrival // 60).astype(np.int64), hours - 1)
    for index, region in enumerate(scenario.regions):
        mask = roots & (records.region == index)
        series[f"arrivals.{region.name}"] = np.bincount(hour[mask], minlength=hours).astype(float).tolist()
    answered = ~np.isnan(records.first_response) & (records.arrival >= scenario.meta.warmup)
    response = records.first_response - records.arrival
    for index, kind in enumerate(KINDS):
        times = response[answered & (records.kind == index)]
        if times.size:
            series[f"first_response.{kind}"] = np.quantile(times, QUANTILES).tolist()
    for name, levels in service_level_by_local_hour(records, scenario).items():
        series[f"service_level.local_hour.{name}"] = levels
    return series


@dataclass(frozen=True)
class Replicated:
    """Per-replication figures of several labelled scenarios, in the order they were given."""

    figures: dict[str, list[Figures]]
    """Label -> one figures dict per replication."""
    series: dict[str, list[Series]]
    """Label -> one set of chart series per replication."""

    @property
    def labels(self) -> list[str]:
        """The scenarios' labels, in order."""
        return list(self.figures)

    @property
    def replications(self) -> int:
        """Replications per scenario."""
        return len(next(iter(self.figures.values()), []))

    def metrics(self) -> list[str]:
        """Every figure name any run reported, in first-seen order."""
        names: dict[str, None] = {}
        for runs in self.figures.values():
            for run in runs:
                names.update(dict.fromkeys(run))
        return list(names)

    def values(self, label: str, metric: str) -> list[float]:
        """One value per replication (NaN where a run had nothing to measure)."""
        return [run.get(metric, math.nan) for run in self.figures[label]]

    def estimate(self, label: str, metric: str) -> Estimate:
        """Mean of a figure over replications, with its 95% interval."""
        return estimate(self.values(label, metric))

    def difference(self, label: str, baseline: str, metric: str) -> Estimate:
        """Paired difference `label - baseline` of a figure, with its 95% interval."""
        pairs = [
            (v, b)
            for v, b in zip(self.values(label, metric), self.values(baseline, metric), strict=True)
            if not (math.isnan(v) or math.isnan(b))
        ]
        return paired_difference([v for v, _ in pairs], [b for _, b in pairs])

    def mean_series(self, label: str, name: str) -> list[float]:
        """A chart series averaged over replications (empty if no run had it)."""
        runs = [run[name] for run in self.series[label] if name in run]
        return np.mean(np.asarray(runs, dtype=float), axis=0).tolist() if runs else []

    def to_dict(self) -> dict[str, dict[str, dict[str, float | int]]]:
        """Label -> metric -> {mean, low, high, n}, JSON-ready."""
        return {
            label: {metric: self.estimate(label, metric).to_dict() for metric in self.metrics()}
            for label in self.labels
        }


def replicate(
    scenarios: Mapping[str, Scenario],
    replications: int,
    executor: Executor,
    progress: Progress | None = None,
) -> Replicated:
    """Run every scenario `replications` times on `executor` and gather the figures by label."""
    if replications < 1:
        raise ValueError("at least one replication is needed")
    work = [Work(label, scenario, r) for label, scenario in scenarios.items() for r in range(replications)]
    results = executor.map(run_work, work, progress)
    figures: dict[str, list[Figures]] = {label: [] for label in scenarios}
    series: dict[str, list[Series]] = {label: [] for label in scenarios}
    for item, result in zip(work, results, strict=True):
        figures[item.label].append(result.figures)
        series[item.label].append(result.series)
    return Replicated(figures, series)
