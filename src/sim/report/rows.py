"""The rows a manager reads when comparing variants: which figures, in which units, against the baseline.

Built once and rendered twice (a Rich table in the terminal, an HTML table in the report), so both always
say the same thing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from sim.experiments.replications import Replicated
from sim.metrics import kind_targets
from sim.scenarios import KINDS, Scenario
from sim.scenarios.units import format_duration
from sim.stats import Estimate

Formatter = Callable[[float], str]


def percent(value: float) -> str:
    """0.934 -> '93.4%'."""
    return f"{100 * value:.1f}%"


def minutes(value: float) -> str:
    """Minutes in a human unit, rounded to what a manager can act on: '4m', '2h 5m', '1d 3h'; a percentile
    that the unanswered posts put beyond every reply is 'not reached'."""
    if math.isinf(value):
        return "not reached"
    if value < 1:
        return f"{round(value * 60)}s"
    whole = round(value)
    days, rest = divmod(whole, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {mins}m" if mins else f"{hours}h"
    return format_duration(float(mins))


def count(value: float) -> str:
    """A count with thousands separators: 12345.6 -> '12,346'."""
    return f"{value:,.0f}"


def money(currency: str) -> Formatter:
    """A formatter for costs in `currency`."""
    return lambda value: f"{currency} {value:,.0f}"


@dataclass(frozen=True)
class Row:
    """One figure across variants: the estimates and, beside the baseline, the paired differences."""

    title: str
    metric: str
    fmt: Formatter
    estimates: list[Estimate]
    differences: list[Estimate | None]
    """Difference to the first variant (None for the first)."""
    higher_is_better: bool

    def cell(self, index: int) -> str:
        """'93.4% ± 1.2%' for the baseline; the same plus the change for the others."""
        est = self.estimates[index]
        if est.n == 0 or math.isnan(est.mean):
            return "—"
        text = self.fmt(est.mean)
        if est.n > 1 and math.isfinite(est.half_width) and math.isfinite(est.mean):
            text += f" ± {self.fmt(est.half_width).lstrip('+')}"
        return text

    def verdict(self, index: int) -> str:
        """'better', 'worse' or 'same' for a variant against the baseline ('' for the baseline itself)."""
        diff = self.differences[index]
        if diff is None or diff.n < 2 or not diff.excludes_zero():
            return "" if diff is None else "same"
        return "better" if (diff.mean > 0) == self.higher_is_better else "worse"


def comparison_rows(results: Replicated, scenario: Scenario) -> list[Row]:
    """The standard comparison: service level and p90 per kind, then backlog, abandonment, reach, cost."""
    specs: list[tuple[str, str, Formatter, bool]] = []
    targets = dict(zip(KINDS, kind_targets(scenario), strict=True))  # the target each kind is measured on
    for kind in KINDS:
        if kind == "spam":
            continue
        goal = f"answered in {format_duration(targets[kind])}"
        specs.append((f"{kind}: {goal}", f"kind.{kind}.service_level", percent, True))
        specs.append((f"{kind}: p90 first response", f"kind.{kind}.first_response_p90", minutes, False))
    for region in scenario.regions:
        specs.append(
            (f"{region.name}: p90 first response", f"region.{region.name}.first_response_p90", minutes, False)
        )
    specs += [
        ("untagged: answered at all", "untagged.answered_share", percent, True),
        ("backlog when the desk opens", "morning_backlog.desk_open", count, False),
        ("abandoned", "all.abandonment", percent, False),
        ("negative reach", "negative_reach", count, False),
    ]
    if scenario.staffing is not None:
        specs += [
            (f"{team.name}: occupancy", f"team.{team.name}.occupancy", percent, True)
            for team in scenario.staffing.teams
        ]
    specs.append(("cost", "cost", money(scenario.costs.currency), False))
    labels = results.labels
    known = set(results.metrics())
    rows = []
    for title, metric, fmt, higher in specs:
        if metric not in known:
            continue
        estimates = [results.estimate(label, metric) for label in labels]
        differences: list[Estimate | None] = [None] + [
            results.difference(label, labels[0], metric) for label in labels[1:]
        ]
        rows.append(Row(title, metric, fmt, estimates, differences, higher))
    return rows


def undecided(rows: list[Row], labels: list[str]) -> list[str]:
    """Variants whose every difference from the baseline is lost in the noise: they need more replications."""
    return [
        label
        for index, label in enumerate(labels[1:], start=1)
        if rows and all(row.verdict(index) in ("same", "") for row in rows)
    ]
