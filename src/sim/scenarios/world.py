"""Scenario sections about the world outside the care team: who posts, when, what, and how it spreads."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator, model_validator

from sim.curves import NAMED_CURVES
from sim.scenarios.base import (
    ChannelMix,
    Fraction,
    Kind,
    KindMix,
    Model,
    Name,
    Network,
    NetworkMix,
    copy_of,
)
from sim.scenarios.problems import quoted
from sim.scenarios.units import DAY_NAMES, Duration, TimeZone

Industry = Literal["airline", "retail", "telecom", "education", "luxury", "generic"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
"""A day of the week, as `sim.scenarios.units.DAY_NAMES` spells it."""


def _to_utc(value: Any) -> Any:
    """Dates mean midnight UTC, naive times are UTC, aware times are converted: the engine's clock is UTC."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=UTC)
    return value


UtcDateTime = Annotated[datetime, BeforeValidator(_to_utc)]


class Meta(Model):
    """What the scenario is and how long it runs."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)
    """Short identifier used in file names and reports, e.g. 'global-airline'."""
    title: str
    """One line a person reads in a list of scenarios."""
    description: str = ""
    """What the scenario teaches or answers."""
    seed: int = Field(default=1, ge=0)
    """Seed of every random draw; the same seed gives the same result on any machine."""
    start: UtcDateTime = datetime(2026, 3, 2, tzinfo=UTC)
    """When the simulated period starts, in UTC (a Monday keeps weekly patterns easy to read)."""
    duration: Duration = Field(default=7 * 1440.0, gt=0)
    """How long the simulated period lasts, e.g. '7d'."""
    warmup: Duration = Field(default=0.0, ge=0)
    """Leading time whose mentions are simulated but left out of the figures (the queue fills up first)."""


class Brand(Model):
    """The brand whose care team is simulated or trained."""

    name: str
    """The brand's name as customers write it."""
    industry: Industry = "generic"
    """Chooses the vocabulary of generated posts."""
    handles: dict[Network, str] = Field(default_factory=dict)
    """The brand's official account on each network, e.g. {twitter: '@SkyWaysHelp'}."""


def _check_curve(value: Any) -> str | tuple[float, ...]:
    """A curve is a known name or 24 non-negative hourly weights, not all zero."""
    if isinstance(value, str):
        if value not in NAMED_CURVES:
            known = ", ".join(sorted(NAMED_CURVES))
            raise ValueError(f"unknown curve {quoted(value)} (expected one of: {known}, or 24 hourly values)")
        return value
    if not isinstance(value, list | tuple) or len(value) != 24:
        raise ValueError("expected a curve name (social, office, flat) or a list of 24 hourly weights")
    if any(isinstance(v, bool) or not isinstance(v, int | float) or v < 0 for v in value):
        raise ValueError("hourly weights must be numbers of 0 or more")
    if sum(value) <= 0:
        raise ValueError("a curve needs at least one hour above 0")
    return tuple(float(v) for v in value)


Curve = Annotated[
    str | tuple[float, ...],
    BeforeValidator(_check_curve),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "enum": sorted(NAMED_CURVES)},
                {"type": "array", "items": {"type": "number", "minimum": 0}, "minItems": 24, "maxItems": 24},
            ]
        }
    ),
]
"""A daily curve: a named shape or 24 hourly weights in local time."""


class Region(Model):
    """Customers living in one time zone, with their own daily rhythm in local time."""

    name: Name
    """Label used in reports, e.g. 'UK'."""
    timezone: TimeZone
    """IANA zone whose local clock drives this region's daily curve (daylight saving included)."""
    share: Fraction | None = None
    """Share of `traffic.volume_per_day` posted from this region (give every region a share, or none)."""
    volume_per_day: float | None = Field(default=None, ge=0)
    """Mentions per day from this region, instead of a share of the total."""
    locale: str = "en_US"
    """Faker locale for authors' names and handles, e.g. 'en_GB', 'hi_IN'."""
    curve: Curve = "social"
    """Daily curve in local time: a name (social, office, flat) or 24 hourly weights."""
    weekend_curve: Curve | None = None
    """Curve on Saturday and Sunday; defaults to the weekend form of `curve`."""
    day_curves: dict[Weekday, Curve] = Field(default_factory=dict)
    """Curves of single days of the week in local time, each used on its day instead of `curve` or
    `weekend_curve`, e.g. {mon: office, sat: [24 hourly weights]}. Days left out keep those. Default: none."""
    trend_per_week: float = Field(default=0.0, gt=-1, le=1)
    """Growth of this region's volume per week, compounding (0.02: each week 2% above the one before; -0.05:
    5% below), centred on the middle of the run and scaled so that the run's mean day still has
    `volume_per_day` (or its share). Default 0: no trend (assumed)."""

    def curve_on(self, day: int) -> tuple[Curve, bool]:
        """The curve of a day of the week (0 = Monday) and whether to take a named curve's weekend form."""
        weekend = day >= 5
        own = self.day_curves.get(DAY_NAMES[day])  # type: ignore[call-overload]
        if own is not None:
            return own, weekend
        return (self.weekend_curve or self.curve) if weekend else self.curve, weekend


class Surge(Model):
    """A window when traffic runs above normal: a product launch, an outage, a holiday sale."""

    name: Name
    """What happened, for reports."""
    start: Duration
    """When it starts, counted from `meta.start`, e.g. '2d9h'."""
    duration: Duration = Field(gt=0)
    """How long it lasts."""
    multiplier: float = Field(gt=0)
    """Factor on the normal rate during the window (3 = three times the usual traffic)."""
    regions: list[str] | None = None
    """Regions affected; all when left out."""
    kinds: list[Kind] | None = None
    """Mention kinds affected (an outage raises urgent mentions); all when left out."""


class AuthorFollowers(Model):
    """Follower counts of people who write to the brand: mostly small accounts with a tail of power users.

    Defaults: a lognormal with median 20 (Pew 2019: the median US Twitter user has 19 followers) mixed with 2%
    power users around 20,000 followers.
    """

    median: float = Field(default=20.0, gt=0)
    """Median followers of an ordinary author."""
    sigma: float = Field(default=1.2, gt=0)
    """Spread (log scale) of ordinary authors' followers. Assumed: 1.2."""
    power_user_share: Fraction = 0.02
    """Share of authors who are power users (journalists, influencers). Assumed: 2%."""
    power_user_median: float = Field(default=20_000.0, gt=0)
    """Median followers of a power user. Assumed: 20,000."""


DEFAULT_MIX: dict[Kind, float] = {
    "question": 0.34,
    "complaint": 0.21,
    "praise": 0.33,
    "urgent": 0.04,
    "spam": 0.08,
}


class Traffic(Model):
    """How many mentions arrive, and of which sorts.

    The default kind mix follows Jansen et al. (2009): of brand tweets, questions (11.1%), negative opinions
    (7.5%) and positive ones (11.7%) stand roughly 3 : 2 : 3; a small share is urgent and some is spam.
    About 31% of public brand mentions carry no @handle (Syften, 70k tweets): only listening finds them.
    """

    volume_per_day: float | None = Field(default=None, ge=0)
    """Mentions per average day over all regions (split by the regions' shares)."""
    weekly: Annotated[list[Annotated[float, Field(ge=0)]], Field(min_length=7, max_length=7)] = Field(
        default_factory=lambda: [1.0] * 7
    )
    """Relative volume Monday..Sunday; scaled so that the week averages `volume_per_day`. Assumed: flat."""
    surges: list[Surge] = Field(default_factory=list)
    """Windows of extra traffic."""
    mix: KindMix = Field(default_factory=copy_of(DEFAULT_MIX))
    """Share of each mention kind."""
    untagged_share: Fraction = 0.31
    """Share of public posts that name the brand without tagging its handle (31.2% of 70,125 brand posts
    had no handle in a listening vendor's count)."""
    channels: ChannelMix = Field(
        default_factory=copy_of({"public_post": 0.6, "public_comment": 0.25, "private_message": 0.15})
    )
    """Share of mentions per channel. Assumed: 60% public posts, 25% comments, 15% private messages."""
    networks: NetworkMix = Field(default_factory=copy_of({"twitter": 1.0}))
    """Share of mentions per social network. Assumed: all on Twitter/X."""
    followers: AuthorFollowers = Field(default_factory=AuthorFollowers)
    """Follower counts of authors."""
    source: str | None = None
    """A history file (from `carelab history import`, relative to this file) whose recorded posts replace
    the drawn arrivals: replications then vary handling and patience only. This section's shares fill in
    the marks the log did not keep."""

    @field_validator("weekly")
    @classmethod
    def _some_day(cls, value: list[float]) -> list[float]:
        if sum(value) <= 0:
            raise ValueError("at least one day of the week needs traffic above 0")
        return value


ReshareKernel = Literal["seismic", "power_law"]
"""Shapes of the delay between a post and its reshares (see `Viral.kernel`)."""


class ViralEvent(Model):
    """A scripted complaint known to go viral: placed at a time, by an author with a given audience."""

    name: Name
    """Label in reports, e.g. 'broken-guitar'."""
    at: Duration
    """When it is posted, counted from `meta.start`."""
    region: str | None = None
    """Region of the author; the first region when left out."""
    followers: int = Field(ge=0)
    """The author's followers."""
    branching: float = Field(default=0.9, gt=0)
    """Branching factor of its cascade (reshares per reshare; close to 1 spreads far). Assumed: 0.9, a
    complaint that spreads far yet dies out; above 1 it grows until `viral.audience_cap` stops it."""
    text: str | None = None
    """What the post says; generated when left out."""


class Viral(Model):
    """How complaints spread through reshares (a marked self-exciting process, SEISMIC kernel by default).

    The one home of the cascade model's parameters, their defaults and their validation: the cascade code
    takes the values checked here (`sim.cascade.CascadeParams.of`) and checks none of them again. Sources,
    from research/traffic.md section 1: the SEISMIC kernel as fitted by Zhao et al. (KDD 2015), the followers
    of 395k retweeters in TiDeH's SEISMIC cascades, `beta` from the Rizoiu et al. tutorial, and the
    Beta(0.5, 6) branching factor, which matches Goel et al. (2016)'s 93% of tweets without a retweet only
    where followers do not matter; the customers of the default traffic, with far fewer followers than
    resharers, leave 98.4% of their public posts unshared (see `branching_b`).
    """

    enabled: bool = True
    """Whether reshare cascades are simulated at all."""
    kernel: ReshareKernel = "seismic"
    """Shape of reshare delays: SEISMIC (flat for `scale`, then a power law) or a pure power law."""
    theta: float = Field(default=0.242, gt=0)
    """Power-law exponent of the delay kernel. Zhao et al. (2015) fit 0.242: of all the reshares the kernel
    gives a post, 19.5% come within 5 min and 55.9% within an hour (Kwak et al. 2010: 55%), the median at
    36 min (research/traffic.md). The 3-day `horizon` drops the 15.7% that come later, so of the reshares
    simulated 66% come within an hour of the post they reshare."""
    scale: Duration = Field(default=5.0, gt=0)
    """Kernel time scale: SEISMIC's plateau s0 (5 min in Zhao et al.), or the power law's offset c."""
    beta: float = Field(default=0.6, ge=0, lt=1.5)
    """How strongly a resharer's followers raise their own reshares (reshares grow like followers**beta;
    0.6 in the Rizoiu et al. tutorial)."""
    branching_a: float = Field(default=0.5, gt=0)
    """First parameter of the Beta distribution of each post's branching factor (one drawn per post: one
    shared factor leaves only 48-66% of posts without a reshare, research/traffic.md section 1)."""
    branching_b: float = Field(default=6.0, gt=0)
    """Second parameter of that Beta distribution. With a=0.5, b=6 (mean 0.077), E[exp(-n*)] = 0.930: where
    followers do not matter (`beta` 0) 93% of posts go without a reshare, as Goel et al. (2016) found for
    tweets (research/traffic.md). Followers do matter, and customers have fewer than resharers (median 20
    against 183): with the default traffic, kinds and `beta`, 98.4% of public posts get no reshare."""
    kind_factor: dict[Kind, Annotated[float, Field(ge=0)]] = Field(
        default_factory=copy_of(
            {"complaint": 1.5, "urgent": 1.3, "question": 0.5, "praise": 0.6, "spam": 0.1}
        )
    )
    """Multiplier of the branching factor per kind: complaints spread more than praise. Assumed: no
    published figure per kind."""
    resharer_mu: float = 5.217
    """Log-mean of resharers' followers (a lognormal fit to 395k retweeters, median 183: research/traffic.md
    section 3)."""
    resharer_sigma: float = Field(default=1.608, gt=0)
    """Log-spread of resharers' followers (10th/90th percentiles 24 and 1,369)."""
    horizon: Duration = Field(default=3 * 1440.0, gt=0)
    """Reshares later than this after the original post are not simulated (the kernel's mean is infinite;
    15.7% of SEISMIC's delays exceed three days). Assumed: three days."""
    audience_cap: int | None = Field(default=None, gt=0)
    """Most reshares one cascade can reach (HawkesN): lets a viral scenario run hot and still saturate.
    Assumed: no cap, as every cascade is subcritical without one (see `max_branching`) and so ends anyway."""
    max_branching: float = Field(default=0.99, gt=0, lt=1)
    """Largest branching factor a cascade may have without an audience cap: below 1, so that every cascade
    stays finite (a supercritical one would explode within the horizon). Assumed: 0.99."""
    events: list[ViralEvent] = Field(default_factory=list)
    """Scripted viral complaints."""

    @model_validator(mode="after")
    def _finite_mark_moment(self) -> Viral:
        if self.audience_cap is None and any(e.branching >= 1 for e in self.events):
            raise ValueError("a viral event with branching >= 1 grows without bound: set viral.audience_cap")
        return self
