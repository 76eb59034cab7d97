"""Fitting a scenario's traffic to a history: what each region's posts looked like, in its own local time.

Per region: the share of a day's posts in each local hour (Monday to Friday, Saturday and Sunday, and each
day of the week on its own), the average daily volume, its trend, and public holidays (the `holidays`
package) as factors on the usual volume of that weekday.

A day of the week keeps its own curve when its hours differ from the other days of its kind (Monday to
Friday, or the weekend) by more than chance: a chi-square test of homogeneity (scipy) of its hourly counts
against the others', at DAY_CURVE_SIGNIFICANCE. The most different day is set apart first and the test
repeated on the rest, so one odd Monday does not make Tuesday look odd against a pool that holds it.

Over all regions: the weekly shape, the kind mix, the untagged share, channels, networks, followers and,
where the log has them, first responses.

Handle times, where the log records first responses: a post's first response time is the wait for an
agent plus the handling, so in the hours when the desk answers fastest (waits near nothing) it is mostly
handling. Per kind, the mean and spread of the first responses of tagged posts in the fastest hours of the
week (which together hold QUIET_SHARE of the answered posts) estimate the handle time, from above: whatever
wait is left is counted in. `resolved_at` does not give handle times: the time from the first reply to the
resolution spans the customer's own replies and any later turns, not the agents' work.

Only whole local days count (a region west of UTC starts its first day mid-evening), and holidays are left
out of the curves and volumes so that one Christmas does not bend a month's Mondays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import holidays
import numpy as np
from numpy.typing import NDArray
from scipy.stats import chi2_contingency

from sim.mentions import NETWORKS
from sim.scenarios import CHANNELS, KINDS
from sim.scenarios.world import AuthorFollowers
from sim.traffic.clock import ZoneClock, local_hour
from sim.traffic.recorded import UNKNOWN, History

ZONE_TABLE = Path("/usr/share/zoneinfo/zone.tab")
"""The tz database's zone -> country table, where the system has one (for the holidays' countries)."""
POWER_USER_RATIO = 100.0
"""Assumed: an author with 100 times the median's followers is a power user (the default mix puts power
users about 1,000 times above ordinary authors, so this cut separates the two parts)."""
DAY_CURVE_SIGNIFICANCE = 0.001
"""Assumed: a day gets its own curve when chance alone would give so different an hourly shape less than
once in a thousand histories (few false days in a fit of seven days per region)."""
QUIET_SHARE = 0.1
"""Assumed: handle times come from the fastest-answered hours of the week holding 10% of answered posts
(enough posts per kind, few hours with a queue)."""
MIN_HANDLE_POSTS = 30
"""Fewest posts of a kind in those hours for a handle-time estimate of it (else the built-in default)."""
_EPOCH_DATE = date(1970, 1, 1)
_EPOCH_HOUR_OF_WEEK = 72
"""1970-01-01 was a Thursday: hours from Monday 00:00 UTC to the epoch."""


@dataclass(frozen=True)
class HolidayFactor:
    """A public holiday inside the history and how its volume compared with the usual day."""

    day: date
    name: str
    factor: float
    """Posts that day / mean posts on the same weekday without holidays."""
    start: float
    """Local midnight of the day, in minutes since the fitted scenario's start."""


@dataclass(frozen=True)
class HandleEstimate:
    """One kind's handle time as the fastest-answered hours show it (see the module's docstring)."""

    mean: float
    """Minutes: the mean first response of the kind's tagged posts in those hours."""
    cv: float
    """Their standard deviation over their mean."""
    posts: int
    hours: int
    """Hours of the week (UTC) they came from."""


@dataclass(frozen=True)
class RegionFit:
    """What one region's posts looked like."""

    name: str
    zone: str
    zone_assumed: bool
    """Whether the log gave no zone (UTC is then assumed)."""
    posts: int
    days: int
    """Whole local days used (holidays left out)."""
    volume_per_day: float
    weekday_curve: NDArray[np.float64]
    """Shares of a Monday-Friday's posts per local hour (sum 1), from the weekdays without their own curve
    (all weekdays when every one has its own)."""
    weekend_curve: NDArray[np.float64] | None
    """Shares of a Saturday-Sunday's posts, the same way; None without weekend days."""
    day_curves: NDArray[np.float64]
    """(7, 24): shares per local hour for each day of the week (NaN rows for days not in the history)."""
    own_days: tuple[int, ...]
    """Days of the week (0 = Monday) whose curve differs from the rest of their kind (see the module)."""
    daily_by_weekday: NDArray[np.float64]
    """Mean posts per day, Monday..Sunday (NaN where the history has no such day)."""
    trend_per_week: tuple[float, float] | None
    """Compounding growth of daily volume per week (0.02: 2% a week, as `Region.trend_per_week`) and its
    standard error, from a least-squares line through the days' volumes each divided by their weekday's
    mean (None with under two weeks)."""
    country: str | None
    holidays: list[HolidayFactor] = field(default_factory=list)
    answered_share: float | None = None
    """Share of posts with a recorded first response (None when the log records none)."""
    first_response_p50: float | None = None
    """Minutes, of posts with a response."""
    first_response_p90: float | None = None


@dataclass(frozen=True)
class HistoryFit:
    """A whole history's fit."""

    posts: int
    start: datetime
    """Midnight UTC before the first post: the fitted scenario's start."""
    days: int
    """Days from `start` to the end of the last post's UTC day."""
    regions: list[RegionFit]
    weekly: list[float]
    """Relative volume Monday..Sunday (mean 1)."""
    mix: dict[str, float] | None
    """Kind shares of posts with a kind; None when none had one."""
    mix_estimated: bool
    """Whether the kinds were guessed from the text."""
    mix_posts: int
    untagged_share: float | None
    channels: dict[str, float] | None
    networks: dict[str, float] | None
    followers: AuthorFollowers | None
    utc_hourly: NDArray[np.float64]
    """Mean posts per UTC hour of the day, 00h first (what a round-the-clock desk meets)."""
    handle_times: dict[str, HandleEstimate] = field(default_factory=dict)
    """Kinds with a handle-time estimate (none when the log records no first responses)."""


def fit_history(history: History, countries: dict[str, str] | None = None) -> HistoryFit:
    """Fit every region of a history (at least one post); `countries` maps regions to holiday countries
    (ISO codes), else each region's zone gives its country where the system knows it.

    Raises:
        ValueError: for an empty history or a country the `holidays` package does not know.
    """
    if not len(history):
        raise ValueError("the history has no posts to fit")
    first, last = history.period()
    start = datetime(first.year, first.month, first.day, tzinfo=UTC)
    days = (datetime(last.year, last.month, last.day, tzinfo=UTC) - start).days + 1
    countries = countries or {}
    regions = [
        _fit_region(history, index, start, days, countries.get(name) or _country(history.zones[index]))
        for index, name in enumerate(history.regions)
    ]
    estimated = bool(history.kind_estimated.any())
    kinds = history.kind[history.kind != UNKNOWN]
    return HistoryFit(
        posts=len(history),
        start=start,
        days=days,
        regions=regions,
        weekly=_weekly(regions),
        mix=_shares(kinds, KINDS),
        mix_estimated=estimated,
        mix_posts=len(kinds),
        untagged_share=_untagged(history),
        channels=_shares(history.channel[history.channel != UNKNOWN], CHANNELS),
        networks=_shares(history.network[history.network != UNKNOWN], NETWORKS),
        followers=_followers(history.followers[history.followers != UNKNOWN]),
        utc_hourly=np.bincount(((history.time // 3600) % 24).astype(np.int64), minlength=24) / days,
        handle_times=_handle_times(history),
    )


def _fit_region(history: History, index: int, start: datetime, days: int, country: str | None) -> RegionFit:
    mine = history.region == index
    zone = history.zones[index] or "UTC"
    clock = ZoneClock.for_run(zone, start, days * 1440.0)
    minutes = (history.time[mine] - start.timestamp()) / 60.0
    local = clock.local_epoch(minutes)
    first_day = math.ceil(float(clock.local_epoch(np.zeros(1))[0]) / 1440.0)
    end_day = math.floor(float(clock.local_epoch(np.asarray([days * 1440.0]))[0]) / 1440.0)
    day = np.floor(local / 1440.0).astype(np.int64)
    whole = (day >= first_day) & (day < end_day)
    count_days = max(end_day - first_day, 0)
    counts = np.bincount(
        (day[whole] - first_day) * 24 + local_hour(local[whole]), minlength=count_days * 24
    ).reshape(count_days, 24)
    day_numbers = np.arange(first_day, end_day)
    weekday = (day_numbers + 3) % 7
    found = _holidays(country, day_numbers)
    usual = np.asarray([d not in found for d in day_numbers.tolist()], dtype=bool)
    daily = counts.sum(axis=1).astype(np.float64)
    by_weekday = np.asarray([_mean(daily[usual & (weekday == w)]) for w in range(7)])
    by_day = np.stack([counts[usual & (weekday == w)].sum(axis=0) for w in range(7)])
    own = _own_days(by_day, (0, 1, 2, 3, 4)) + _own_days(by_day, (5, 6))
    responses = history.first_response[mine]
    answered = responses[~np.isnan(responses)] / 60.0
    recorded = bool(np.isfinite(history.first_response).any())
    return RegionFit(
        name=history.regions[index],
        zone=zone,
        zone_assumed=not history.zones[index],
        posts=int(mine.sum()),
        days=int(usual.sum()),
        volume_per_day=float(np.nanmean(by_weekday)) if usual.any() else float(len(minutes)) / days,
        weekday_curve=_pooled_curve(by_day, (0, 1, 2, 3, 4), own),
        weekend_curve=_pooled_curve(by_day, (5, 6), own) if by_day[5:].sum() > 0 else None,
        day_curves=np.stack([_curve(by_day[w : w + 1]) for w in range(7)]),
        own_days=own,
        daily_by_weekday=by_weekday,
        trend_per_week=_trend(day_numbers[usual], daily[usual] / _weekday_factor(by_weekday)[weekday[usual]]),
        country=country,
        holidays=_holiday_factors(found, day_numbers, daily, weekday, usual, clock, start),
        answered_share=float(len(answered) / max(len(responses), 1)) if recorded else None,
        first_response_p50=float(np.quantile(answered, 0.5)) if len(answered) else None,
        first_response_p90=float(np.quantile(answered, 0.9)) if len(answered) else None,
    )


def _handle_times(history: History) -> dict[str, HandleEstimate]:
    """Per kind, the first responses of tagged posts in the fastest-answered hours (see the module)."""
    answered = np.isfinite(history.first_response) & (history.kind != UNKNOWN) & (history.tagged != 0)
    if not answered.any():
        return {}
    minutes = history.first_response[answered] / 60.0
    hour = ((history.time[answered] // 3600 + _EPOCH_HOUR_OF_WEEK) % 168).astype(np.int64)
    medians = np.full(168, np.inf)
    for h in np.unique(hour):
        medians[h] = np.median(minutes[hour == h])
    fastest = np.argsort(medians, kind="stable")
    posts = np.cumsum(np.bincount(hour, minlength=168)[fastest])
    chosen = fastest[: int(np.searchsorted(posts, QUIET_SHARE * len(minutes))) + 1]
    quiet = np.isin(hour, chosen)
    kinds = history.kind[answered]
    estimates: dict[str, HandleEstimate] = {}
    for code, kind in enumerate(KINDS):
        sample = minutes[quiet & (kinds == code)]
        if len(sample) >= MIN_HANDLE_POSTS and sample.mean() > 0:
            estimates[kind] = HandleEstimate(
                mean=float(sample.mean()),
                cv=float(sample.std() / sample.mean()),
                posts=len(sample),
                hours=len(chosen),
            )
    return estimates


def _mean(values: NDArray[np.float64]) -> float:
    return float(values.mean()) if len(values) else math.nan


def _curve(counts: NDArray[np.int64]) -> NDArray[np.float64]:
    """Hourly shares of the days given (NaN when there are none or they are empty)."""
    total = counts.sum(axis=0).astype(np.float64)
    return total / total.sum() if total.sum() > 0 else np.full(24, math.nan)


def _own_days(by_day: NDArray[np.int64], kind: tuple[int, ...]) -> tuple[int, ...]:
    """The days of one kind (weekdays or weekend) whose hours differ from the others', most different first
    (see the module's docstring)."""
    own: list[int] = []
    while True:
        pooled = [d for d in kind if d not in own and by_day[d].sum() > 0]
        if len(pooled) < 2:
            return tuple(own)
        tests = {
            d: _homogeneity(by_day[d], by_day[[e for e in pooled if e != d]].sum(axis=0)) for d in pooled
        }
        different = {d: statistic for d, (statistic, p) in tests.items() if p < DAY_CURVE_SIGNIFICANCE}
        if not different:
            return tuple(own)
        own.append(max(different, key=lambda d: different[d]))


def _homogeneity(day: NDArray[np.int64], rest: NDArray[np.int64]) -> tuple[float, float]:
    """Chi-square statistic and p-value of 'these two sets of hourly counts have one shape' (hours empty in
    both left out)."""
    table = np.stack((day, rest))[:, (day + rest) > 0]
    if table.shape[1] < 2:
        return 0.0, 1.0
    result = chi2_contingency(table, correction=False)
    return float(result.statistic), float(result.pvalue)


def _pooled_curve(
    by_day: NDArray[np.int64], kind: tuple[int, ...], own: tuple[int, ...]
) -> NDArray[np.float64]:
    """The curve of the days of `kind` without their own curve (all of them when every one has its own)."""
    shared = [d for d in kind if d not in own] or list(kind)
    return _curve(by_day[shared])


def _weekday_factor(by_weekday: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each weekday's mean volume over the mean weekday (1 where the history has no such day)."""
    factor = by_weekday / np.nanmean(by_weekday) if np.isfinite(by_weekday).any() else np.ones(7)
    return np.where(np.isfinite(factor) & (factor > 0), factor, 1.0)


def _trend(day_numbers: NDArray[np.int64], daily: NDArray[np.float64]) -> tuple[float, float] | None:
    """Compounding weekly growth of daily volume (each day already divided by its weekday's factor) and its
    standard error (None under 14 days: a week's shape would pass for a trend).

    A least-squares line's slope per week over the mean is the log growth rate to first order; its
    exponential is the factor from one week to the next.
    """
    if len(daily) < 14 or daily.mean() <= 0:
        return None
    (slope, _), covariance = np.polyfit(day_numbers.astype(np.float64), daily, 1, cov=True)
    rate = slope * 7 / daily.mean()
    error = np.sqrt(covariance[0, 0]) * 7 / daily.mean()
    return float(np.expm1(rate)), float(error * np.exp(rate))


def _country(zone: str) -> str | None:
    """The country of an IANA zone from the system's tz table (None when unknown or there is no table)."""
    if not zone or not ZONE_TABLE.is_file():
        return None
    for line in ZONE_TABLE.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and not line.startswith("#") and parts[2] == zone:
            return parts[0]
    return None


def _holidays(country: str | None, day_numbers: NDArray[np.int64]) -> dict[int, str]:
    """Local day number -> holiday name, for the days of the history that are public holidays.

    `country` is an ISO code, or code-subdivision (GB-ENG: England's bank holidays, Easter Monday among them).
    """
    if country is None or not len(day_numbers):
        return {}
    dates = [_EPOCH_DATE + timedelta(days=int(d)) for d in day_numbers]
    code, _, subdivision = country.partition("-")
    try:
        calendar = holidays.country_holidays(
            code, subdiv=subdivision or None, years=sorted({d.year for d in dates})
        )
    except NotImplementedError:
        raise ValueError(
            f"the holidays package has no country or subdivision '{country}' (expected e.g. GB or GB-ENG)"
        ) from None
    return {int(n): str(calendar[d]) for n, d in zip(day_numbers, dates, strict=True) if d in calendar}


def _holiday_factors(
    found: dict[int, str],
    day_numbers: NDArray[np.int64],
    daily: NDArray[np.float64],
    weekday: NDArray[np.int64],
    usual: NDArray[np.bool_],
    clock: ZoneClock,
    start: datetime,
) -> list[HolidayFactor]:
    factors = []
    for position, number in enumerate(day_numbers.tolist()):
        if number not in found:
            continue
        same = daily[usual & (weekday == weekday[position])]
        base = same.mean() if len(same) else (daily[usual].mean() if usual.any() else math.nan)
        # local epoch = start_epoch + t + offset(t): solve for t at the day's first local minute
        shifted = number * 1440.0 - clock.start_epoch
        run_minute = shifted - float(clock.offset(np.asarray([shifted]))[0])
        factors.append(
            HolidayFactor(
                day=_EPOCH_DATE + timedelta(days=number),
                name=found[number],
                factor=float(daily[position] / base) if base > 0 else 1.0,
                start=max(run_minute, 0.0),
            )
        )
    return factors


def _weekly(regions: list[RegionFit]) -> list[float]:
    """Mean daily posts of all regions per weekday (each in its own local week), scaled to mean 1; flat
    where the history has no such day."""
    total = np.nansum(np.stack([r.daily_by_weekday for r in regions]), axis=0)
    seen = ~np.all(np.isnan(np.stack([r.daily_by_weekday for r in regions])), axis=0)
    if not seen.all() or total.mean() <= 0:
        return [1.0] * 7
    return (total / total.mean()).tolist()


def _shares(codes: NDArray[np.int8], names: tuple[str, ...]) -> dict[str, float] | None:
    if not len(codes):
        return None
    counts = np.bincount(codes, minlength=len(names)) / len(codes)
    return {name: float(share) for name, share in zip(names, counts, strict=True) if share > 0}


def _untagged(history: History) -> float | None:
    """Untagged share of the posts that could leave the handle out (a customer's own public posts)."""
    known = history.tagged != UNKNOWN
    public = (history.channel == CHANNELS.index("public_post")) | (history.channel == UNKNOWN)
    chosen = known & public
    return float((history.tagged[chosen] == 0).mean()) if chosen.any() else None


def _followers(followers: NDArray[np.int64]) -> AuthorFollowers | None:
    """A lognormal for ordinary authors and one for power users (cut at POWER_USER_RATIO times the median).

    The spread comes from the interquartile range of log followers, which the few power users hardly move.
    """
    if len(followers) < 100:
        return None
    median = max(float(np.median(followers)), 1.0)
    power = followers >= POWER_USER_RATIO * median
    ordinary = np.log(np.maximum(followers[~power], 1))
    low, high = np.quantile(ordinary, [0.25, 0.75])
    return AuthorFollowers(
        median=max(float(np.exp(np.median(ordinary))), 1.0),
        sigma=max(float((high - low) / 1.349), 0.05),
        power_user_share=float(power.mean()),
        power_user_median=max(float(np.median(followers[power])), 1.0) if power.any() else 20_000.0,
    )
