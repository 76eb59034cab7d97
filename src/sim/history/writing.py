"""A fit written as a commented scenario: every figure says where it came from (posts, period) or "assumed".

Written line by line rather than dumped, because a YAML dumper drops comments, and the comments are the
point: a manager reads which figures the history gave, which are estimates, and which are defaults.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import yaml
from numpy.typing import NDArray

from sim.erlang import UnreachableTargetError, agents_for_reply_level
from sim.history.fitting import DAY_CURVE_SIGNIFICANCE, QUIET_SHARE, HistoryFit, RegionFit
from sim.scenarios.operations import DEFAULT_HANDLE_TIMES
from sim.scenarios.units import DAY_NAMES, format_duration

SIZING_TARGET_MINUTES = 60.0
SIZING_LEVEL = 0.9
"""Assumed: without a rota to start from, the desk is sized for 90% of replies within an hour per UTC hour
(Erlang C on that hour's mean load), a common social-care promise; replace it with the real rota."""


@dataclass(frozen=True)
class FitSource:
    """How the fitted file refers to its inputs."""

    history: str
    """The history file, as the fitted scenario should name it (relative to the scenario)."""
    scenario_id: str
    title: str
    base: str | None = None
    """A scenario to extend (relative to the fitted one): its staffing, policies and targets are kept."""


def scenario_yaml(fit: HistoryFit, source: FitSource) -> str:
    """The fitted scenario as commented YAML text."""
    end = fit.start + timedelta(days=fit.days)
    period = f"{fit.start:%Y-%m-%d} to {end - timedelta(days=1):%Y-%m-%d}"
    lines = [
        f"# Fitted by `carelab fit` from {source.history}: {fit.posts:,} posts, {period} (UTC days).",
        "# Figures marked 'from the history' were measured; 'estimate' and 'assumed' ones were not.",
    ]
    if source.base:
        lines += [f"extends: {source.base}   # staffing, policies, targets and costs come from here"]
    lines += [
        "meta:",
        f"  id: {source.scenario_id}",
        f"  title: {_text(source.title)}",
        f"  start: {fit.start:%Y-%m-%dT%H:%M:%SZ}   # midnight UTC before the first post",
        f"  duration: {fit.days}d   # to the end of the last post's UTC day",
    ]
    if not source.base:
        lines += ["brand:", "  name: Fitted brand   # assumed: the log does not name the brand"]
    lines += ["regions:", *[line for region in fit.regions for line in _region(region)]]
    lines += _traffic(fit, source)
    if not source.base:
        lines += _staffing(fit)
    else:
        lines += _handle_notes(fit)
    lines += [
        "# policies.patience keeps the defaults: the log shows no give-ups (it records no abandoned posts).",
        "",
    ]
    return "\n".join(lines)


def _region(region: RegionFit) -> list[str]:
    zone_note = "assumed: the log gave no zone" if region.zone_assumed else "from the history"
    lines = [
        f"  # {region.name}: {region.posts:,} posts; {region.days} whole local days without holidays.",
        f"  - name: {_text(region.name)}",
        f"    timezone: {region.zone}   # {zone_note}",
        f"    volume_per_day: {region.volume_per_day:.1f}   # mean posts per local day, from the history",
        "    # % of a weekday's posts in each local hour, 00h first (Mon-Fri without a day curve below),"
        " from the history",
        f"    curve: {_numbers(region.weekday_curve * 100)}",
    ]
    if region.weekend_curve is not None and not np.isnan(region.weekend_curve).any():
        lines += [
            "    # % of a weekend day's posts in each local hour (Sat-Sun without a day curve below),"
            " from the history",
            f"    weekend_curve: {_numbers(region.weekend_curve * 100)}",
        ]
    lines += _own_curves(region)
    lines += _day_notes(region)
    lines += _trend(region)
    if region.first_response_p50 is not None:
        lines.append(
            f"    # the desk answered {region.answered_share:.1%}; first response p50 "
            f"{region.first_response_p50:.0f} min, p90 {region.first_response_p90:.0f} min (from the history)"
        )
    return lines


def _own_curves(region: RegionFit) -> list[str]:
    """The days whose hours differ from the rest of their kind, each with its own curve."""
    if not region.own_days:
        return []
    lines = [
        "    # days whose hours differ from the other days of their kind (chi-square, p < "
        f"{DAY_CURVE_SIGNIFICANCE:g}): % of that day's posts per local hour, from the history",
        "    day_curves:",
    ]
    for day in sorted(region.own_days):
        lines.append(f"      {DAY_NAMES[day]}: {_numbers(region.day_curves[day] * 100)}")
    return lines


def _trend(region: RegionFit) -> list[str]:
    """The trend when the history shows one beyond its noise (two standard errors); else a comment."""
    if region.trend_per_week is None:
        return ["    # trend: none fitted (under two weeks of whole days)"]
    trend, error = region.trend_per_week
    measured = f"{trend:+.2%} ± {error:.2%} a week (one standard error)"
    if abs(trend) <= 2 * error:
        return [f"    # trend_per_week: left at 0: the history's {measured} is within the noise"]
    return [
        f"    trend_per_week: {trend:.4f}   # {measured}, from the history; volume_per_day is the mean day"
    ]


def _day_notes(region: RegionFit) -> list[str]:
    """How far each day's own curve is from the curve the scenario uses for it (correlation)."""
    notes = []
    for day, curve in enumerate(region.day_curves):
        used = region.weekday_curve if day < 5 or region.weekend_curve is None else region.weekend_curve
        if day in region.own_days or np.isnan(curve).any() or np.isnan(used).any():
            continue
        notes.append(f"{DAY_NAMES[day]} {np.corrcoef(curve, used)[0, 1]:.2f}")
    if not notes:
        return []
    return [f"    # each day's own curve against the one used (correlation): {', '.join(notes)}"]


def _traffic(fit: HistoryFit, source: FitSource) -> list[str]:
    rows = f"{fit.posts:,} posts"
    lines = [
        "traffic:",
        f"  # source: {source.history}   # uncomment to replay the recorded posts instead of drawing them",
        f"  weekly: {_numbers(np.asarray(fit.weekly))}   # Mon..Sun, mean 1, from the history ({rows})",
    ]
    if fit.mix is not None:
        how = "an estimate from the texts" if fit.mix_estimated else "from the history's kind column"
        lines.append(f"  mix: {_mix(fit.mix)}   # {how} ({fit.mix_posts:,} posts)")
    else:
        lines.append("  # mix: the defaults (the log has neither kinds nor texts)")
    lines += _optional("untagged_share", fit.untagged_share, "of public posts without the handle")
    lines += _optional("channels", fit.channels, "")
    lines += _optional("networks", fit.networks, "")
    if fit.followers is not None:
        values = fit.followers.model_dump()
        lines.append(
            f"  followers: {_flow({k: round(v, 4) for k, v in values.items()})}   # from the history"
        )
    else:
        lines.append("  # followers: the defaults (the log has no follower counts)")
    lines += _surges(fit)
    return lines


def _optional(key: str, value: float | dict[str, float] | None, what: str) -> list[str]:
    if value is None:
        return [f"  # {key}: the default (the log does not record it)"]
    text = f"{value:.4f}" if isinstance(value, float) else _mix(value)
    note = f"{what}, from the history" if what else "from the history"
    return [f"  {key}: {text}   # {note}"]


def _surges(fit: HistoryFit) -> list[str]:
    found = [(region, h) for region in fit.regions for h in region.holidays]
    countries = ", ".join(f"{r.name} {r.country or 'none'}" for r in fit.regions)
    lines = [f"  # public holidays (the holidays package; countries: {countries}) as factors on the day"]
    if not found:
        return [*lines, "  surges: []   # no public holiday fell inside the history"]
    lines.append("  surges:")
    for region, holiday in found:
        name = re.sub(r"[.\s]+", " ", f"{holiday.name} {region.name}").strip()
        lines += [
            f"    - name: {_text(name)}   # {holiday.day:%a %Y-%m-%d}, {holiday.factor:.2f} x a usual day",
            f"      start: {format_duration(round(holiday.start))}",
            "      duration: 1d",
            f"      multiplier: {max(holiday.factor, 0.01):.3f}",
            f"      regions: [{_text(region.name)}]",
        ]
    return lines


def _staffing(fit: HistoryFit) -> list[str]:
    """One round-the-clock team, agents per UTC hour from Erlang C (see SIZING_LEVEL)."""
    mix = fit.mix or {"question": 1.0}
    aht = sum(share * _handle_minutes(fit, kind) for kind, share in mix.items())
    agents = []
    for arrivals in fit.utc_hourly.tolist():
        try:
            agents.append(agents_for_reply_level(arrivals, aht, SIZING_TARGET_MINUTES, SIZING_LEVEL))
        except UnreachableTargetError:
            agents.append(math.ceil(arrivals * aht / 60) + 1)
    return [
        "staffing:   # assumed: sized by Erlang C for 90% of replies within 1h; replace with your rota",
        "  teams:",
        "    - name: desk",
        "      timezone: UTC",
        f"      hourly: {_flow(agents)}   # agents per UTC hour, 00h first",
        *_handle_times(fit),
    ]


def _handle_times(fit: HistoryFit) -> list[str]:
    """The team's `handle_time`: the estimated kinds, the others left to the built-in defaults."""
    if not fit.handle_times:
        return ["      # handle_time: the defaults (the log records no first responses to estimate them)"]
    entries = [
        f"        {kind}: {{dist: lognormal, mean: {_minutes(e.mean)}, cv: {e.cv:.2f}}}   # {e.posts:,} posts"
        for kind, e in fit.handle_times.items()
    ]
    source = [f"      # {line}" for line in _handle_source(fit)]
    return [*source, "      # kinds not listed keep the defaults", "      handle_time:", *entries]


def _handle_notes(fit: HistoryFit) -> list[str]:
    """The estimates as comments, when the staffing comes from a base scenario."""
    if not fit.handle_times:
        return []
    found = [
        f"{kind} {_minutes(e.mean)} (cv {e.cv:.2f}, {e.posts:,} posts)"
        for kind, e in fit.handle_times.items()
    ]
    return [
        *[f"# {line}" for line in _handle_source(fit)],
        f"# handle times: {', '.join(found)}.",
        "# The staffing comes from the base scenario: set its teams' handle_time to use them.",
    ]


def _handle_source(fit: HistoryFit) -> list[str]:
    """Where the handle times come from, as comment lines."""
    hours = next(iter(fit.handle_times.values())).hours
    return [
        "handle times: an estimate from the history, the mean first response of tagged posts in the",
        f"{hours} fastest-answered hours of the week ({QUIET_SHARE:.0%} of answered posts): mostly handling,",
        "and any wait left in adds to it",
    ]


def _minutes(value: float) -> str:
    """Minutes as a scenario duration to two decimals, e.g. '8.19m'."""
    return f"{round(value, 2):g}m"


def _handle_minutes(fit: HistoryFit, kind: str) -> float:
    """A kind's mean handle time: the history's estimate, else the built-in default."""
    if kind in fit.handle_times:
        return fit.handle_times[kind].mean
    return next(h.mean for k, h in DEFAULT_HANDLE_TIMES.items() if k == kind)


def _numbers(values: NDArray[np.float64]) -> str:
    return "[" + ", ".join(f"{v:.3f}".rstrip("0").rstrip(".") for v in values.tolist()) + "]"


def _mix(shares: dict[str, float]) -> str:
    """Shares rounded to 4 places that still sum to 1 (the largest takes the rounding)."""
    rounded = {k: round(v, 4) for k, v in shares.items()}
    largest = max(rounded, key=lambda k: rounded[k])
    rounded[largest] = round(rounded[largest] + 1.0 - sum(rounded.values()), 4)
    return _flow(rounded)


def _flow(value: object) -> str:
    return yaml.safe_dump(value, default_flow_style=True, width=10_000, sort_keys=False).strip()


def _text(value: str) -> str:
    """A string as a YAML scalar (JSON's quoting is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)
