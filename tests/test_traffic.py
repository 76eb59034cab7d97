"""Traffic: regional curves in local time (daylight saving included), weekly pattern, surges, the mention mix,
followers, scripted viral posts, reproducibility, texts and `carelab traffic`.

Statistical checks use fixed seeds and bounds from sampling error: a count N with expectation E is Poisson, so
|N - E| < 4 sqrt(E); a share p of n draws is binomial, so |p_hat - p| < 4 sqrt(p (1 - p) / n). With these at
4 standard errors a test fails by chance about once in 16,000 checks.

Daylight-saving rule under test (see `sim.traffic.rates`): every UTC instant takes the rate of the local hour
its clock shows. On the spring-forward day the skipped hour gets no traffic (a 23-hour day); on the fall-back
day the repeated hour runs twice at full rate (a 25-hour day).
"""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import typer
from faker import Faker
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray
from typer.testing import CliRunner

from sim.cascade import CascadeParams
from sim.curves import hourly_shares
from sim.mentions import NETWORKS, MentionStream
from sim.randomness import run_randomness
from sim.scenarios import CHANNELS, KINDS, Scenario
from sim.scenarios.world import Viral
from sim.traffic import describe_mentions, generate_mentions, phrases
from sim.traffic.export import COLUMNS
from sim.traffic.texts import _Pool, _Slots, _template

from .conftest import SCENARIOS

START = datetime(2026, 3, 23, tzinfo=UTC)  # a Monday; London springs forward on Sunday 29 March 2026
ROOT = Path(__file__).resolve().parent.parent


def make_scenario(
    regions: list[dict[str, Any]],
    traffic: dict[str, Any] | None = None,
    duration: str = "14d",
    start: datetime = START,
    viral: dict[str, Any] | None = None,
    brand: dict[str, Any] | None = None,
) -> Scenario:
    """A scenario built in code: only the world matters here, so the care team is a token one."""
    return Scenario.model_validate(
        {
            "meta": {"id": "traffic-test", "title": "Traffic test", "seed": 11, "start": start,
                     "duration": duration},
            "brand": brand or {"name": "SkyWays", "industry": "airline", "handles": {"twitter": "@SkyWaysHelp"}},
            "regions": regions,
            "traffic": traffic or {},
            "viral": {"enabled": False} if viral is None else viral,
            "staffing": {"teams": [{"name": "desk", "timezone": "UTC",
                                    "shifts": [{"start": "00:00", "end": "24:00", "days": "daily", "agents": 1}]}]},
        }
    )  # fmt: skip


def stream_of(scenario: Scenario, replication: int = 0) -> MentionStream:
    return generate_mentions(scenario, run_randomness(scenario.meta.seed, replication))


def within_poisson(observed: float, expected: float) -> bool:
    return abs(observed - expected) < 4 * math.sqrt(max(expected, 1.0))


def binomial_bound(p: float, n: int) -> float:
    return 4 * math.sqrt(p * (1 - p) / n) + 1e-12


# --- local time and daylight saving ------------------------------------------------------------------------


def reference_minutes(scenario: Scenario, region: int) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Expected mentions in each UTC minute of the run and the local hour of that minute, from plain
    `datetime` arithmetic: an implementation independent of the generator's `ZoneClock`.

    Offsets and local hours change only on whole minutes, so a minute has one local hour and one rate.
    """
    spec = scenario.regions[region]
    zone = ZoneInfo(spec.timezone)
    weekly = np.asarray(scenario.traffic.weekly) / np.mean(scenario.traffic.weekly)
    curves = (hourly_shares(spec.curve, False), hourly_shares(spec.weekend_curve or spec.curve, True))
    volume = scenario.region_volumes()[spec.name]
    minutes = int(scenario.meta.duration)
    rate, hour = np.empty(minutes), np.empty(minutes, dtype=np.int64)
    for m in range(minutes):
        local = (scenario.meta.start + timedelta(minutes=m)).astimezone(zone)
        day = local.weekday()
        rate[m] = volume * weekly[day] * curves[day >= 5][local.hour] / 60.0
        hour[m] = local.hour
    return rate, hour


DST_REGIONS = [
    {"name": "UK", "timezone": "Europe/London", "volume_per_day": 110_000, "curve": "social"},
    {"name": "Sydney", "timezone": "Australia/Sydney", "volume_per_day": 110_000, "curve": "office"},
    {"name": "India", "timezone": "Asia/Kolkata", "volume_per_day": 110_000,
     "curve": [1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 5, 4, 3, 2, 2, 1]},
]  # fmt: skip
"""Over 23 March - 6 April 2026 London springs forward (29 March) and Sydney falls back (5 April); Kolkata
is +05:30, so its local hours straddle UTC hours."""


@pytest.fixture(scope="module")
def dst_run() -> tuple[Scenario, MentionStream]:
    scenario = make_scenario(DST_REGIONS, {"weekly": [1.2, 1.0, 1.0, 1.0, 1.1, 0.8, 0.9]})
    return scenario, stream_of(scenario)


@pytest.mark.slow
def test_local_hour_histograms_match_curves_across_dst(dst_run: tuple[Scenario, MentionStream]) -> None:
    """At >= 1.5M mentions per region each local hour's share is within 1e-3 of the expected share (which is
    more than 4 standard errors for every hour), across a spring-forward and a fall-back day."""
    scenario, stream = dst_run
    for index in range(len(scenario.regions)):
        rate, hour = reference_minutes(scenario, index)
        times = stream.time[stream.region == index]
        assert len(times) >= 1_500_000
        assert within_poisson(len(times), rate.sum())
        observed = np.bincount(hour[times.astype(np.int64)], minlength=24) / len(times)
        expected = np.bincount(hour, weights=rate, minlength=24) / rate.sum()
        assert np.all(np.abs(observed - expected) < 1e-3), (scenario.regions[index].name, observed - expected)
        assert binomial_bound(float(expected.max()), len(times)) < 1e-3


def local_day_hour_counts(stream: MentionStream, region: int, zone: str, day: str) -> NDArray[np.int64]:
    """Mentions per local hour (0-23) of one local calendar day, a repeated hour counted twice over."""
    first = datetime.fromisoformat(day).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    last = (datetime.fromisoformat(day) + timedelta(days=1)).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    low, high = ((t - START).total_seconds() / 60 for t in (first, last))
    times = stream.time[(stream.region == region) & (stream.time >= low) & (stream.time < high)]
    hours = [(START + timedelta(minutes=float(t))).astimezone(ZoneInfo(zone)).hour for t in times]
    return np.bincount(np.asarray(hours, dtype=np.int64), minlength=24)


@pytest.mark.slow
def test_spring_forward_skips_an_hour_and_fall_back_repeats_one(
    dst_run: tuple[Scenario, MentionStream],
) -> None:
    _, stream = dst_run
    london = local_day_hour_counts(stream, 0, "Europe/London", "2026-03-29")  # 01:00-02:00 does not exist
    assert london[1] == 0
    assert within_poisson(london.sum(), 110_000 * 0.9 / 1.0 * (1 - hourly_shares("social", True)[1]))
    sydney_saturday = local_day_hour_counts(stream, 1, "Australia/Sydney", "2026-04-04")
    sydney_sunday = local_day_hour_counts(stream, 1, "Australia/Sydney", "2026-04-05")  # 02:00-03:00 twice
    office_two = 110_000 * hourly_shares("office", True)[2]
    assert within_poisson(sydney_saturday[2], office_two * 0.8)
    assert within_poisson(sydney_sunday[2], 2 * office_two * 0.9)
    assert within_poisson(sydney_sunday[9], 110_000 * 0.9 * hourly_shares("office", True)[9])


# --- weekly pattern and surges -----------------------------------------------------------------------------

FLAT_UTC = [{"name": "all", "timezone": "UTC", "curve": "flat"}]


def test_weekly_pattern_sets_each_local_day_volume() -> None:
    weekly = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    scenario = make_scenario(
        [{"name": "NY", "timezone": "America/New_York", "curve": "flat"}],
        {"volume_per_day": 20_000, "weekly": weekly},
        duration="28d",
        start=datetime(2026, 6, 1, 4, tzinfo=UTC),  # Monday 00:00 in New York (EDT)
    )
    stream = stream_of(scenario)
    per_day = np.bincount((stream.time // 1440).astype(np.int64), minlength=28)  # no DST change in June
    expected = 20_000 * np.asarray(weekly * 4) / np.mean(weekly)
    assert all(within_poisson(o, e) for o, e in zip(per_day, expected, strict=True))


def test_a_ten_minute_surge_inside_an_hour_is_not_lost() -> None:
    start = 2 * 1440 + 9 * 60 + 20  # day 2, 09:20 to 09:30
    surge = {"name": "flash", "start": "2d9h20m", "duration": "10m", "multiplier": 50}
    scenario = make_scenario(FLAT_UTC, {"volume_per_day": 14_400, "surges": [surge]}, duration="4d")
    time = stream_of(scenario).time
    in_surge = ((time >= start) & (time < start + 10)).sum()
    rest_of_hour = ((time >= start - 20) & (time < start + 40)).sum() - in_surge
    assert within_poisson(in_surge, 10 * 10 * 50)  # 10 a minute, times 50, for 10 minutes
    assert within_poisson(rest_of_hour, 10 * 50)
    assert within_poisson(len(time), 4 * 14_400 + 10 * 10 * 49)


def test_surges_apply_to_their_regions_and_kinds_only() -> None:
    surge = {"name": "outage", "start": "1d", "duration": "6h", "multiplier": 5, "regions": ["A"],
             "kinds": ["urgent"]}  # fmt: skip
    mix = {"question": 0.5, "complaint": 0.3, "urgent": 0.2}
    regions = [{"name": n, "timezone": "UTC", "curve": "flat", "share": 0.5} for n in ("A", "B")]
    scenario = make_scenario(
        regions, {"volume_per_day": 96_000, "mix": mix, "surges": [surge]}, duration="3d"
    )
    stream = stream_of(scenario)
    window = (stream.time >= 1440) & (stream.time < 1440 + 360)
    per_region_window = 48_000 / 4  # six hours of a flat day
    for region, factor in ((0, 5.0), (1, 1.0)):
        chosen = window & (stream.region == region)
        for kind, share in mix.items():
            count = (chosen & (stream.kind == KINDS.index(kind))).sum()
            expected = per_region_window * share * (factor if kind == "urgent" else 1.0)
            assert within_poisson(count, expected), (region, kind)
    outside = ~window & (stream.region == 0)
    assert within_poisson((outside & (stream.kind == KINDS.index("urgent"))).sum(), 48_000 * 2.75 * 0.2)


# --- the mix and the followers -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mix_run() -> tuple[Scenario, MentionStream]:
    traffic = {
        "volume_per_day": 150_000,
        "mix": {"question": 0.3, "complaint": 0.25, "praise": 0.3, "urgent": 0.05, "spam": 0.1},
        "channels": {"public_post": 0.5, "public_comment": 0.3, "private_message": 0.2},
        "networks": {"twitter": 0.6, "facebook": 0.3, "instagram": 0.1},
        "untagged_share": 0.31,
    }
    scenario = make_scenario([{"name": "UK", "timezone": "Europe/London"}], traffic, duration="7d")
    return scenario, stream_of(scenario)


def test_kind_channel_network_and_tagging_follow_the_mix(mix_run: tuple[Scenario, MentionStream]) -> None:
    scenario, stream = mix_run
    n = len(stream)
    assert n > 1_000_000
    traffic = scenario.traffic
    for column, names, shares in (
        (stream.kind, KINDS, traffic.mix),
        (stream.channel, CHANNELS, traffic.channels),
        (stream.network, NETWORKS, traffic.networks),
    ):
        observed = np.bincount(column, minlength=len(names)) / n
        for code, name in enumerate(names):
            p = shares.get(name, 0.0)
            assert abs(observed[code] - p) < binomial_bound(p, n), name
    public = stream.channel == CHANNELS.index("public_post")
    assert stream.tagged[~public].all()
    untagged = 1 - stream.tagged[public].mean()
    assert abs(untagged - 0.31) < binomial_bound(0.31, int(public.sum()))


def normal_cdf(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def test_followers_are_a_lognormal_with_power_users(mix_run: tuple[Scenario, MentionStream]) -> None:
    """Median near 20 (a little above: 2% power users shift it), and the tail above 2,000 followers is
    the power users' share: P = 0.98 P(ordinary > 2000) + 0.02 P(power > 2000)."""
    scenario, stream = mix_run
    model = scenario.traffic.followers
    n = len(stream)

    def above(x: float) -> float:
        ordinary = 1 - normal_cdf(math.log(x / model.median) / model.sigma)
        power = 1 - normal_cdf(math.log(x / model.power_user_median) / model.sigma)
        return (1 - model.power_user_share) * ordinary + model.power_user_share * power

    tail = above(1999.5)
    assert 0.019 < tail < 0.020
    assert abs((stream.followers >= 2000).mean() - tail) < binomial_bound(tail, n)
    assert 19.5 <= np.median(stream.followers) <= 22
    assert abs((stream.followers >= 21).mean() - above(20.5)) < binomial_bound(0.5, n)
    assert stream.followers.min() >= 0


# --- scripted viral posts, reproducibility -----------------------------------------------------------------


def test_scripted_viral_posts_are_tagged_complaints_in_time_order() -> None:
    events = [
        {"name": "late", "at": "2d3h", "region": "B", "followers": 48_000},
        {"name": "early", "at": "5h", "followers": 900},
        {"name": "after-the-run", "at": "9d", "followers": 5},
    ]
    regions = [{"name": n, "timezone": "UTC", "share": 0.5} for n in ("A", "B")]
    scenario = make_scenario(
        regions,
        {"volume_per_day": 500, "networks": {"facebook": 0.7, "twitter": 0.3}},
        duration="3d",
        viral={"enabled": False, "events": events},
    )
    stream = stream_of(scenario)
    assert np.all(np.diff(stream.time) >= 0)
    scripted = np.flatnonzero(stream.viral_event >= 0)
    assert stream.viral_event[scripted].tolist() == [1, 0]
    assert stream.time[scripted].tolist() == [300.0, 2 * 1440 + 180.0]
    assert stream.region[scripted].tolist() == [0, 1]
    assert stream.followers[scripted].tolist() == [900, 48_000]
    assert (stream.kind[scripted] == KINDS.index("complaint")).all()
    assert stream.tagged[scripted].all()
    assert (stream.network[scripted] == NETWORKS.index("facebook")).all()


def test_same_seed_same_stream_and_replications_differ() -> None:
    scenario = make_scenario(DST_REGIONS[:2], {"weekly": [1, 1, 1, 1, 1, 2, 2]}, duration="2d", viral={})
    first, again, other = stream_of(scenario), stream_of(scenario), stream_of(scenario, replication=1)
    for name in ("time", "region", "kind", "channel", "network", "tagged", "followers", "viral_event"):
        assert np.array_equal(getattr(first, name), getattr(again, name)), name
    assert first.cascades is not None and again.cascades is not None
    for name in ("time", "parent", "root", "followers", "u", "branching"):
        assert np.array_equal(getattr(first.cascades, name), getattr(again.cascades, name)), name
    assert len(first) != len(other) or not np.array_equal(first.time, other.time)


# --- cascades ----------------------------------------------------------------------------------------------


def test_cascade_params_carry_every_viral_field() -> None:
    viral = Viral.model_validate(
        {"kernel": "power_law", "theta": 0.8, "scale": "10m", "beta": 0.5, "branching_a": 0.7, "branching_b": 5,
         "resharer_mu": 4.0, "resharer_sigma": 1.1, "horizon": "2d", "audience_cap": 500}
    )  # fmt: skip
    assert CascadeParams.of(viral) == CascadeParams(
        kernel="power_law", theta=0.8, scale=10.0, beta=0.5, branching_a=0.7, branching_b=5.0,
        resharer_mu=4.0, resharer_sigma=1.1, horizon=2880.0, audience_cap=500, max_branching=0.99,
    )  # fmt: skip


def test_every_root_grows_a_cascade_with_its_kind_factor() -> None:
    """n* of a root is Beta(0.5, 6) times its kind's factor (mean within 4 standard errors); a scripted
    post spreads with its own branching; reshares stop at the horizon and at the end of the run."""
    events = [{"name": "stranded", "at": "1d", "followers": 48_000, "branching": 0.85}]
    scenario = make_scenario(
        FLAT_UTC,
        {"volume_per_day": 100_000, "mix": {"complaint": 0.5, "praise": 0.5}},
        duration="3d",
        viral={"events": events, "horizon": "1d"},
    )
    stream = stream_of(scenario)
    cascades = stream.cascades
    assert cascades is not None and cascades.n_roots == len(stream)
    assert np.array_equal(cascades.time[: len(stream)], stream.time)
    assert np.array_equal(cascades.followers[: len(stream)], stream.followers)
    reshare = np.arange(len(stream), len(cascades))
    assert len(reshare) > 1_000
    assert (cascades.time[reshare] < 3 * 1440).all()
    assert (cascades.time[reshare] - stream.time[cascades.root[reshare]] <= 1440).all()
    scripted = np.flatnonzero(stream.viral_event >= 0)
    assert cascades.branching[scripted].tolist() == [0.85]
    a, b = 0.5, 6.0
    mean, variance = a / (a + b), a * b / ((a + b) ** 2 * (a + b + 1))
    private = stream.channel == CHANNELS.index("private_message")
    assert (cascades.branching[private] == 0).all()  # only the brand sees a private message
    for kind, factor in (("complaint", 1.5), ("praise", 0.6)):
        chosen = (stream.kind == KINDS.index(kind)) & (stream.viral_event < 0) & ~private
        n = int(chosen.sum())
        observed = cascades.branching[chosen].mean()
        assert abs(observed - factor * mean) < 4 * factor * math.sqrt(variance / n), kind


def test_csv_is_byte_identical_in_other_processes(tmp_path: Path) -> None:
    """Two fresh interpreters (different hash seeds) write the same bytes as this one."""
    script = (
        "import sys, typer\n"
        "from sim.cli import traffic_cmd\n"
        "app = typer.Typer()\n"
        "app.callback()(lambda: None)\n"
        "traffic_cmd.register(app)\n"
        "app(sys.argv[1:])\n"
    )
    airline = str(SCENARIOS / "whatif" / "global_airline.yaml")
    outputs = []
    for hash_seed in ("1", "2"):
        target = tmp_path / f"run{hash_seed}.csv"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run(
            [sys.executable, "-c", script, "traffic", airline, "--limit", "400", "--out", str(target)],
            check=True, env=env, cwd=ROOT, capture_output=True,
        )  # fmt: skip
        outputs.append(target.read_bytes())
    local = tmp_path / "here.csv"
    result = runner.invoke(cli_app(), ["traffic", airline, "--limit", "400", "--out", str(local)])
    assert result.exit_code == 0, result.output
    assert outputs[0] == outputs[1] == local.read_bytes()
    assert outputs[0].count(b"\n") == 401
    assert b",reshare," in outputs[0]


# --- texts -------------------------------------------------------------------------------------------------


def single_kind_stream(kind: str, count: int, rng: np.random.Generator) -> MentionStream:
    channel = rng.integers(0, len(CHANNELS), count).astype(np.int8)
    return MentionStream(
        time=np.arange(count, dtype=np.float64),
        region=rng.integers(0, 2, count).astype(np.int16),
        kind=np.full(count, KINDS.index(kind), dtype=np.int8),
        channel=channel,
        network=rng.integers(0, 2, count).astype(np.int8),
        tagged=(channel != 0) | (rng.random(count) < 0.6),
        followers=np.full(count, 20, dtype=np.int64),
        viral_event=np.full(count, -1, dtype=np.int16),
    )


TEXT_REGIONS = [
    {"name": "UK", "timezone": "Europe/London", "share": 0.5, "locale": "en_GB"},
    {"name": "India", "timezone": "Asia/Kolkata", "share": 0.5, "locale": "en_IN"},
]


def test_texts_are_deterministic_per_mention() -> None:
    scenario = make_scenario(TEXT_REGIONS, {"volume_per_day": 1000})
    stream = stream_of(scenario)
    randomness = run_randomness(scenario.meta.seed, 0)
    first = describe_mentions(scenario, stream, range(50), randomness)
    subset = describe_mentions(scenario, stream, [40, 7, 13], run_randomness(scenario.meta.seed, 0))
    assert first == describe_mentions(scenario, stream, range(50), run_randomness(scenario.meta.seed, 0))
    assert subset == [first[40], first[7], first[13]]
    other = describe_mentions(scenario, stream, range(50), run_randomness(scenario.meta.seed, 1))
    assert sum(a.text != b.text for a, b in zip(first, other, strict=True)) > 40
    assert all(t.handle.startswith("@") and t.author for t in first)


@pytest.mark.parametrize("industry", ["airline", "retail", "telecom", "education", "luxury", "generic"])
def test_texts_tag_the_handle_iff_tagged_and_rarely_repeat(industry: str) -> None:
    """At least 90% of 1,500 texts of each kind are distinct: by the birthday estimate (pool ~ n^2 / 2 repeats)
    that is an effective pool of 7,500 texts or more per kind and industry."""
    handles = {"twitter": "@BrandHelp", "facebook": "BrandPage"}
    scenario = make_scenario(
        TEXT_REGIONS,
        {"volume_per_day": 10},
        brand={"name": "Brand Co", "industry": industry, "handles": handles},
    )
    randomness = run_randomness(3, 0)
    for kind in KINDS:
        stream = single_kind_stream(kind, 1_500, np.random.default_rng(5))
        texts = [t.text for t in describe_mentions(scenario, stream, range(len(stream)), randomness)]
        for text, tagged, network in zip(texts, stream.tagged, stream.network, strict=True):
            handle, other = ("@BrandHelp", "@BrandPage")[:: 1 if NETWORKS[network] == "twitter" else -1]
            assert (handle in text) == tagged and other not in text, text
            assert "Brand Co" in text or tagged, text
        assert len(set(texts)) >= 1_350, (kind, len(set(texts)))


def render(piece: str, slots: _Slots) -> str:
    """One phrase with its slots filled from fixed words, the brand as '@AcmeHelp'."""
    template = _template([piece], slots)
    return template.text.format_map(slots.fill(template, list(range(1, 25)), "@AcmeHelp"))


def test_every_template_renders_with_one_brand_slot() -> None:
    """All industries, kinds and templates: each names the brand once and fills every slot."""
    pool = _Pool(Faker("en_GB"), 1)
    for industry, kinds in phrases.BODIES.items():
        brand = make_scenario(
            FLAT_UTC, {"volume_per_day": 1}, brand={"name": "Acme", "industry": industry}
        ).brand
        slots = _Slots(pool, brand)
        for template in [t for bodies in kinds.values() for t in bodies] + list(phrases.SPAM):
            assert template.count("{brand}") == 1, template
            text = render(template, slots)
            assert text.count("@AcmeHelp") == 1 and "{" not in text, text
        for pieces in (*phrases.OPENERS.values(), *phrases.CLOSERS.values()):
            for piece in pieces:
                assert "{brand}" not in render(piece, slots)


def test_unknown_locale_is_a_clear_error() -> None:
    scenario = make_scenario([{"name": "X", "timezone": "UTC", "locale": "xx_YY"}], {"volume_per_day": 100})
    stream = stream_of(scenario)
    with pytest.raises(ValueError, match="unknown Faker locale 'xx_YY'"):
        describe_mentions(scenario, stream, [0], run_randomness(1, 0))


# --- the command -------------------------------------------------------------------------------------------

runner = CliRunner()
AIRLINE = str(SCENARIOS / "whatif" / "global_airline.yaml")
QUICK = ["--set", "meta.duration=2d", "--set", "viral.enabled=false"]


def cli_app() -> typer.Typer:
    from sim.cli import traffic_cmd

    app = typer.Typer()
    app.callback()(lambda: None)
    traffic_cmd.register(app)
    return app


def test_cli_prints_the_summary_and_writes_csv(tmp_path: Path) -> None:
    target = tmp_path / "mentions.csv"
    result = runner.invoke(cli_app(), ["traffic", AIRLINE, *QUICK, "--out", str(target), "--limit", "50"])
    assert result.exit_code == 0, result.output
    for text in ("UK", "India", "complaint", "tagged", "channels", "reshares"):
        assert text in result.stdout
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert len(lines) == 51


def test_cli_writes_jsonl_and_a_plot(tmp_path: Path) -> None:
    target, plot = tmp_path / "mentions.jsonl", tmp_path / "hourly.png"
    result = runner.invoke(
        cli_app(), ["traffic", AIRLINE, *QUICK, "--out", str(target), "--plot", str(plot), "--limit", "30"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 30 and set(rows[0]) == set(COLUMNS)
    assert all(isinstance(r["tagged"], bool) and r["parent_id"] is None for r in rows)
    times = [r["time_utc"] for r in rows]
    assert times == sorted(times)
    assert rows[0]["local_time"][-6:] in {"+00:00", "-05:00", "-08:00", "+05:30"}
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_writes_reshares_after_their_parents(tmp_path: Path) -> None:
    target = tmp_path / "mentions.csv"
    result = runner.invoke(cli_app(), ["traffic", AIRLINE, "--set", "meta.duration=3d", "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert "biggest cascade" in result.stdout
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    seen: dict[str, dict[str, str]] = {}
    reshares = 0
    for row in rows:
        if row["kind"] == "reshare":
            reshares += 1
            parent, root = seen[row["parent_id"]], seen[row["cascade_id"]]
            assert root["parent_id"] == "" and parent["cascade_id"] == row["cascade_id"]
            # A handle starts with @, which a spreadsheet would run: the CSV writes such text after a quote.
            assert root["handle"].startswith("'@")
            root_text = root["text"].removeprefix("'")
            assert row["text"] == f"RT {root['handle'][1:]}: {root_text}"
            assert row["region"] == row["local_time"] == ""
        else:
            assert row["cascade_id"] == row["id"] and row["parent_id"] == ""
        seen[row["id"]] = row
    assert reshares > 50
    assert [r["time_utc"] for r in rows] == sorted(r["time_utc"] for r in rows)


@pytest.mark.parametrize(
    ("option", "message"), [("--out", "use a .csv or .jsonl file name"), ("--plot", "use a .png file name")]
)
def test_cli_refuses_unknown_extensions_cleanly(tmp_path: Path, option: str, message: str) -> None:
    result = runner.invoke(cli_app(), ["traffic", AIRLINE, *QUICK, option, str(tmp_path / "x.txt")])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_cli_reports_an_unwritable_path_without_a_traceback(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x")
    target = not_a_folder / "x.csv"
    result = runner.invoke(cli_app(), ["traffic", AIRLINE, *QUICK, "--out", str(target)])
    assert result.exit_code == 2
    assert "cannot be written" in result.stderr and "Traceback" not in result.output


def test_cli_reports_an_unknown_locale_before_writing(tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    args = ["traffic", AIRLINE, *QUICK, "--set", "regions.0.locale=xx_YY", "--out", str(target)]
    result = runner.invoke(cli_app(), args)
    assert result.exit_code == 2
    assert "unknown Faker locale 'xx_YY'" in result.stderr and not target.exists()


@settings(max_examples=25, deadline=None)
@given(
    private=st.floats(0.05, 0.9),
    replication=st.integers(0, 1000),
    kind_factor=st.floats(0.5, 3.0),
)
def test_no_private_message_is_ever_reshared(private: float, replication: int, kind_factor: float) -> None:
    channels = {"private_message": private, "public_post": 1 - private}
    scenario = make_scenario(
        FLAT_UTC,
        {"volume_per_day": 3000, "mix": {"complaint": 1.0}, "channels": channels},
        duration="1d",
        viral={"kind_factor": {"complaint": kind_factor}, "horizon": "12h"},
    )
    stream = stream_of(scenario, replication)
    cascades = stream.cascades
    assert cascades is not None
    reshared_roots = cascades.root[len(stream) :]
    assert not (stream.channel[reshared_roots] == CHANNELS.index("private_message")).any()
