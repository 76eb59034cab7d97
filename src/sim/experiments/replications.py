"""Replicated runs of several scenarios (variants or sweep points), with confidence intervals.

Replication `r` of every scenario uses the same random streams (seed and replication number), so variants
are compared on the same arrivals, customers and handling times: common random numbers. Differences are
then estimated pair by pair, which makes them sharp with few replications.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from sim.experiments.executors import Executor, Progress
from sim.scenarios import Scenario
from sim.stats import Estimate, estimate, paired_difference

Figures = dict[str, float]
"""Flat numeric figures of one run, e.g. {'service_level.complaint': 0.93, 'cost': 40210.0}."""


@dataclass(frozen=True)
class Work:
    """One run to do: which scenario (by label) and which replication."""

    label: str
    scenario: Scenario
    replication: int


def run_work(work: Work) -> Figures:
    """Simulate one replication and return its flat figures (runs inside worker processes)."""
    from sim.engine import simulate

    return simulate(work.scenario, work.replication).summary.figures()


@dataclass(frozen=True)
class Replicated:
    """Per-replication figures of several labelled scenarios, in the order they were given."""

    figures: dict[str, list[Figures]]
    """Label -> one figures dict per replication."""

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
    for item, result in zip(work, results, strict=True):
        figures[item.label].append(result)
    return Replicated(figures)
