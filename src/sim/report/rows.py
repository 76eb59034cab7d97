"""The rows a manager reads when comparing variants: which figures, in which units, against the baseline.

Built once and rendered twice (a Rich table in the terminal, an HTML table in the report), so both always
say the same thing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.metrics import kind_targets
from sim.scenarios import KINDS, Scenario
from sim.scenarios.units import format_duration
from sim.stats import Estimate

if TYPE_CHECKING:
    from sim.experiments.replications import Replicated

Formatter = Callable[[float], str]


MEANINGS: tuple[tuple[str, str], ...] = (
    ("within target", "share of a kind's mentions replied to within its target (misses: abandoned, open)"),
    (
        "p50/p90 reply",
        "time by which half / nine in ten of the mentions needing an answer had one; the unanswered count as "
        "beyond every reply ('not reached' when too many got none)",
    ),
    (
        "gave up waiting",
        "share of mentions whose author ran out of patience before a pick; the post stays in the inbox "
        "(answered late or open) unless policies.inbox lets it leave",
    ),
    ("abandoned", "share of mentions that left the inbox unanswered (reneged or dropped by a stated rule)"),
    (
        "occupancy",
        "handling time / a team's conversation slots' time on duty or handling past it (all handling "
        "counts); paid hours include overtime",
    ),
    (
        "any conversation open",
        "the same per agent: share of an agent's time on duty or handling past it with a conversation open",
    ),
    ("breaks taken", "share of rostered time neither on duty nor handling, beside the configured shrinkage"),
    ("backlog when the desk opens", "mentions waiting for a first answer as the day's first shift starts"),
    (
        "negative reach",
        "people reshares of complaints and urgent posts reached before the first reply (the author's own "
        "followers, who see a post at once, not counted)",
    ),
    ("complaints' whole reach", "everyone complaints and urgent posts reached, authors' followers included"),
    ("complaints' reshares", "reshares of complaints and urgent posts, after a reply thinned the later ones"),
    ("by local hour", "service level of the mentions that arrived in each hour of the region's own clock"),
    ("±", "half-width of the 95% interval of the mean over replications (Student's t)"),
)
"""What each figure means, as `run --help` and the HTML report say it."""


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


def estimate_text(value: Estimate | None, fmt: Formatter) -> str:
    """'93.4%' for one run, '93.4% ± 1.2%' for several; '—' when there is nothing to measure."""
    if value is None or value.n == 0 or math.isnan(value.mean):
        return "—"
    text = fmt(value.mean)
    if value.n > 1 and math.isfinite(value.half_width) and math.isfinite(value.mean):
        text += f" ± {fmt(value.half_width).lstrip('+')}"
    return text


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
        """'93.4% ± 1.2%': the variant's mean and the half-width of its 95% interval."""
        return estimate_text(self.estimates[index], self.fmt)

    def mark(self, index: int) -> str:
        """'▲' or '▼' when the variant is higher or lower than the baseline beyond doubt, else ''."""
        diff = self.differences[index]
        if diff is None or not self._told_apart(index, diff):
            return ""
        return "▲" if diff.mean > 0 else "▼"

    def verdict(self, index: int) -> str:
        """'better', 'worse' or 'same' for a variant against the baseline ('' for the baseline itself)."""
        diff = self.differences[index]
        if diff is None or not self._told_apart(index, diff):
            return "" if diff is None else "same"
        return "better" if (diff.mean > 0) == self.higher_is_better else "worse"

    def _told_apart(self, index: int, diff: Estimate) -> bool:
        """The paired difference excludes zero and was measured in every replication the cells show.

        A replication in which neither variant reached a percentile ('not reached' in both) has no
        difference to count; marking the rest would put ▲ between two cells that read the same."""
        shown = min(self.estimates[0].n, self.estimates[index].n)
        return diff.n >= 2 and diff.n == shown and diff.excludes_zero()


Spec = tuple[str, str, Formatter, bool]
"""A figure as a manager reads it: title, metric name, formatter, whether higher is better."""


def present_kinds(results: Replicated) -> list[str]:
    """The kinds any variant saw at least one mention of (a scenario without spam has no spam rows)."""
    return [
        kind
        for kind in KINDS
        if any(results.estimate(label, f"kind.{kind}.mentions").mean > 0 for label in results.labels)
    ]


def goal_share(scenario: Scenario, metric: str) -> float | None:
    """The share a service-level figure must reach (its kind's target, else the 'all' target), if any."""
    if not metric.endswith(".service_level"):
        return None
    kind = metric.split(".")[1] if metric.startswith("kind.") else "all"
    shares: dict[str, float] = {target.kind: target.share for target in reversed(scenario.targets)}
    return shares.get(kind, shares.get("all"))


def headline_goal(scenario: Scenario) -> float | None:
    """The share to draw on a chart of all kinds together: the 'all' target's, else the strictest kind's."""
    shares = [target.share for target in scenario.targets if target.kind == "all"]
    return shares[0] if shares else max((target.share for target in scenario.targets), default=None)


def figure_specs(scenario: Scenario, kinds: list[str]) -> list[Spec]:
    """The standard figures: service level and p90 per kind, p90 per region, backlog, reach, cost."""
    specs: list[Spec] = []
    targets: dict[str, float] = dict(zip(KINDS, kind_targets(scenario), strict=True))  # each kind's target
    for kind in kinds:
        if kind == "spam":
            continue
        goal = f"replied within {format_duration(targets[kind])}"
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
        ("gave up waiting", "all.gave_up", percent, False),
        ("negative reach", "negative_reach", count, False),
        ("complaints' whole reach", "complaint_reach", count, False),
        ("complaints' reshares", "complaint_reshares", count, False),
    ]
    if scenario.staffing is not None:
        specs += [
            (f"{team.name}: occupancy", f"team.{team.name}.occupancy", percent, True)
            for team in scenario.staffing.teams
        ]
    specs.append(("cost", "cost", money(scenario.costs.currency), False))
    return specs


def spec_for(metric: str, specs: list[Spec]) -> Spec:
    """The spec of `metric`, or one read from its name for a figure outside the standard ones."""
    for spec in specs:
        if spec[1] == metric:
            return spec
    shares = ("service_level", "abandonment", "occupancy", "answered_share", "gave_up", "shrinkage")
    fmt = percent if metric.endswith(shares) else minutes if "first_response" in metric else count
    return (metric, metric, fmt, metric.endswith(shares[:1]))


def comparison_rows(results: Replicated, scenario: Scenario) -> list[Row]:
    """The standard comparison, only with the kinds, regions and teams the scenario has."""
    labels = results.labels
    known = set(results.metrics())
    rows = []
    for title, metric, fmt, higher in figure_specs(scenario, present_kinds(results)):
        if metric not in known:
            continue
        estimates = [results.estimate(label, metric) for label in labels]
        if all(e.n == 0 for e in estimates):
            continue
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
