"""Backtest: simulate the period a history covers with a scenario, and put what it simulated beside what
happened, per region, kind and day.

Definitions, the same on both sides:

- Volume: posts that arrived (simulated: the mean over replications).
- First response: minutes from a post to the brand's first reply, of posts that got one; p50 and p90.
- Within target: posts answered within their kind's target (`targets`, else one hour) / all posts; posts
  never answered count as misses (the log cannot tell ignored spam from a missed post).
- Volume MAPE by hour of the week: the mean over the 168 UTC hours of the week with actual posts of
  |simulated - actual| / actual, each hour's posts summed over the weeks of the history.
- KS distance: the largest gap between the two distributions of first-response times (two-sample
  Kolmogorov-Smirnov statistic), 0 when they agree, 1 when they do not overlap.

The two-sample KS statistic is written here (a few lines of numpy) rather than taken from SciPy, which the
project does not otherwise need.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.engine import simulate
from sim.metrics import kind_targets
from sim.scenarios import KINDS, Scenario, with_values
from sim.traffic.recorded import History

HOURS_PER_WEEK = 168


@dataclass(frozen=True)
class Posts:
    """Posts of one side (actual or one simulated replication) on the scenario's clock."""

    minute: NDArray[np.float64]
    """Minutes since the backtest's start."""
    region: NDArray[np.int16]
    kind: NDArray[np.int8]
    """Index into KINDS, or UNKNOWN (then counted in the region, day and overall rows only)."""
    response: NDArray[np.float64]
    """Minutes to the first reply; NaN when none."""

    def select(self, chosen: NDArray[np.bool_]) -> Posts:
        return Posts(self.minute[chosen], self.region[chosen], self.kind[chosen], self.response[chosen])


@dataclass(frozen=True)
class Side:
    """One group's figures on one side."""

    posts: float
    p50: float
    p90: float
    within_target: float

    def to_dict(self) -> dict[str, float | None]:
        return {k: None if math.isnan(v) else v for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class Row:
    """A group (a region, a kind, a day, or all posts): actual beside simulated."""

    group: str
    actual: Side
    simulated: Side


@dataclass(frozen=True)
class Backtest:
    """What a backtest found."""

    start: datetime
    days: int
    replications: int
    by_region: list[Row]
    by_kind: list[Row]
    by_day: list[Row]
    overall: Row
    volume_mape: float
    """Mean absolute percentage error of volume by hour of the week (a share: 0.05 is 5%)."""
    volume_mape_noise: float
    """The MAPE that chance alone gives a scenario that is exactly right, for a history of this size:
    Poisson counts miss their mean by sqrt(2 / (pi mean)) of it on average, on both sides."""
    response_ks: float
    """KS distance of first-response times (NaN when a side has none)."""
    actual_by_hour: NDArray[np.float64]
    """Actual posts per UTC hour of the week (Monday 00h first), summed over the weeks."""
    simulated_by_hour: NDArray[np.float64]
    actual_responses: NDArray[np.float64]
    """Sorted first-response minutes (for the chart)."""
    simulated_responses: NDArray[np.float64]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures (NaN becomes None)."""

        def rows(items: list[Row]) -> list[dict[str, Any]]:
            return [
                {"group": r.group, "actual": r.actual.to_dict(), "simulated": r.simulated.to_dict()}
                for r in items
            ]

        return {
            "start": self.start.isoformat(),
            "days": self.days,
            "replications": self.replications,
            "volume_mape_by_hour_of_week": _finite(self.volume_mape),
            "volume_mape_from_chance_alone": _finite(self.volume_mape_noise),
            "response_time_ks": _finite(self.response_ks),
            "overall": rows([self.overall])[0],
            "by_region": rows(self.by_region),
            "by_kind": rows(self.by_kind),
            "by_day": rows(self.by_day),
        }


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else value


def backtest_period(history: History) -> tuple[datetime, int]:
    """The UTC days a history covers: midnight before its first post, and the number of days."""
    first, last = history.period()
    start = datetime(first.year, first.month, first.day, tzinfo=UTC)
    return start, (datetime(last.year, last.month, last.day, tzinfo=UTC) - start).days + 1


def backtest(scenario: Scenario, history: History, replications: int = 3) -> Backtest:
    """Simulate the history's period `replications` times with the scenario and compare.

    Raises:
        ValueError: if the history is empty or names regions the scenario lacks.
    """
    if not len(history):
        raise ValueError("the history has no posts")
    start, days = backtest_period(history)
    period = {"meta.start": start.isoformat(), "meta.duration": f"{days}d", "meta.warmup": "0m"}
    scenario = with_values(scenario, period, "backtest")
    actual = _actual(scenario, history, start)
    runs = [_simulated(scenario, r) for r in range(replications)]
    simulated = Posts(*(np.concatenate([getattr(run, f.name) for run in runs]) for f in fields(Posts)))
    targets = np.asarray(kind_targets(scenario))
    pair = _Pair(actual, simulated, replications, targets)
    names = [r.name for r in scenario.regions]
    actual_hours, simulated_hours = _by_hour_of_week(actual, start), _by_hour_of_week(simulated, start)
    simulated_hours /= replications
    return Backtest(
        start=start,
        days=days,
        replications=replications,
        by_region=[pair.row(name, lambda p, i=i: p.region == i) for i, name in enumerate(names)],
        by_kind=[pair.row(kind, lambda p, k=k: p.kind == k) for k, kind in enumerate(KINDS)],
        by_day=[
            pair.row(f"{datetime.fromtimestamp(start.timestamp() + d * 86400, UTC):%a %m-%d}", _day(d))
            for d in range(days)
        ],
        overall=pair.row("all", lambda p: np.ones(len(p.minute), dtype=bool)),
        volume_mape=_mape(actual_hours, simulated_hours),
        volume_mape_noise=_noise_mape(actual_hours, replications),
        response_ks=ks_distance(actual.response, simulated.response),
        actual_by_hour=actual_hours,
        simulated_by_hour=simulated_hours,
        actual_responses=np.sort(actual.response[~np.isnan(actual.response)]),
        simulated_responses=np.sort(simulated.response[~np.isnan(simulated.response)]),
    )


def _day(day: int) -> Any:
    return lambda p: (p.minute >= day * 1440) & (p.minute < (day + 1) * 1440)


def _actual(scenario: Scenario, history: History, start: datetime) -> Posts:
    names = [r.name for r in scenario.regions]
    unknown = sorted(set(history.regions) - set(names))
    if unknown:
        raise ValueError(
            f"the history's region(s) {', '.join(unknown)} are not in the scenario "
            f"(regions: {', '.join(names)})"
        )
    region_map = np.asarray([names.index(r) for r in history.regions], dtype=np.int16)
    return Posts(
        minute=(history.time - start.timestamp()) / 60.0,
        region=region_map[history.region],
        kind=history.kind,
        response=history.first_response / 60.0,
    )


def _simulated(scenario: Scenario, replication: int) -> Posts:
    records = simulate(scenario, replication).records
    roots = records.follow_up_of < 0
    return Posts(
        minute=records.arrival[roots],
        region=records.region[roots],
        kind=records.kind[roots],
        response=(records.first_response - records.arrival)[roots],
    )


@dataclass(frozen=True)
class _Pair:
    actual: Posts
    simulated: Posts
    replications: int
    targets: NDArray[np.float64]

    def row(self, group: str, chosen: Any) -> Row:
        return Row(
            group,
            self._side(self.actual.select(chosen(self.actual)), 1),
            self._side(self.simulated.select(chosen(self.simulated)), self.replications),
        )

    def _side(self, posts: Posts, runs: int) -> Side:
        answered = posts.response[~np.isnan(posts.response)]
        target = np.where(posts.kind >= 0, self.targets[np.maximum(posts.kind, 0)], self.targets.max())
        within = posts.response <= target  # NaN compares False: never answered is a miss
        return Side(
            posts=len(posts.minute) / runs,
            p50=float(np.quantile(answered, 0.5)) if len(answered) else math.nan,
            p90=float(np.quantile(answered, 0.9)) if len(answered) else math.nan,
            within_target=float(within.mean()) if len(posts.minute) else math.nan,
        )


def _by_hour_of_week(posts: Posts, start: datetime) -> NDArray[np.float64]:
    """Posts per UTC hour of the week, Monday 00h first, summed over the weeks."""
    hour = np.floor(posts.minute / 60.0).astype(np.int64) + start.weekday() * 24
    return np.bincount(hour % HOURS_PER_WEEK, minlength=HOURS_PER_WEEK).astype(np.float64)


def _mape(actual: NDArray[np.float64], simulated: NDArray[np.float64]) -> float:
    seen = actual > 0
    return float(np.mean(np.abs(simulated[seen] - actual[seen]) / actual[seen])) if seen.any() else math.nan


def _noise_mape(actual: NDArray[np.float64], replications: int) -> float:
    """Expected MAPE of Poisson counts around a correct mean (the actual counts stand in for the means)."""
    seen = actual[actual > 0]
    if not len(seen):
        return math.nan
    return float(np.mean(np.sqrt(2 / (np.pi * seen)) * math.sqrt(1 + 1 / replications)))


def ks_distance(first: NDArray[np.float64], second: NDArray[np.float64]) -> float:
    """Two-sample Kolmogorov-Smirnov statistic of the non-NaN values (NaN when a side is empty)."""
    a, b = np.sort(first[~np.isnan(first)]), np.sort(second[~np.isnan(second)])
    if not len(a) or not len(b):
        return math.nan
    points = np.concatenate((a, b))
    gap = np.searchsorted(a, points, side="right") / len(a) - np.searchsorted(b, points, side="right") / len(
        b
    )
    return float(np.abs(gap).max())
