"""Fitting: a history drawn from a known scenario gives that scenario's shapes, volumes and mix back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from sim.curves import hourly_shares
from sim.history.fitting import HistoryFit, RegionFit, fit_history
from sim.history.importing import import_log
from sim.history.synthetic import write_traffic_log
from sim.scenarios import Scenario, ScenarioError, load_scenario

from .test_history import history_cli

runner = CliRunner()
KNOWN = """\
meta:
  id: known
  title: Known traffic
  seed: {seed}
  start: 2026-03-02
  duration: 14d
brand:
  name: Known Co
regions:
  - name: UK
    timezone: Europe/London
    volume_per_day: 2500
    curve: social
  - name: US West
    timezone: America/Los_Angeles
    volume_per_day: 1500
    curve: office
    weekend_curve: social
traffic:
  weekly: [1.1, 1.0, 1.0, 1.0, 1.2, 0.8, 0.7]
  mix: {{question: 0.4, complaint: 0.25, praise: 0.2, urgent: 0.05, spam: 0.1}}
  untagged_share: 0.25
  channels: {{public_post: 0.7, private_message: 0.3}}
viral:
  enabled: false
staffing:
  teams:
    - name: desk
      timezone: UTC
      shifts:
        - {{start: "00:00", end: "24:00", days: daily, agents: 12}}
"""


def _fitted(tmp_path: Path, seed: int) -> tuple[Scenario, HistoryFit]:
    path = tmp_path / "known.yaml"
    path.write_text(KNOWN.format(seed=seed), encoding="utf-8")
    scenario = load_scenario(path)
    write_traffic_log(scenario, tmp_path / "log.csv")
    history, _ = import_log(tmp_path / "log.csv")
    return scenario, fit_history(history)


@pytest.fixture(scope="module", params=[11, 12])
def fitted(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Scenario, HistoryFit]:
    return _fitted(tmp_path_factory.mktemp(f"fit{request.param}"), request.param)


def test_each_regions_local_hourly_shape_is_recovered(fitted: tuple[Scenario, HistoryFit]) -> None:
    scenario, fit = fitted
    found_by_name = {r.name: r for r in fit.regions}
    assert set(found_by_name) == {r.name for r in scenario.regions}
    for region in scenario.regions:
        found = found_by_name[region.name]
        assert found.zone == region.timezone
        weekday = hourly_shares(region.curve, weekend=False)
        weekend = hourly_shares(region.weekend_curve or region.curve, weekend=True)
        assert np.corrcoef(weekday, found.weekday_curve)[0, 1] >= 0.98
        assert found.weekend_curve is not None
        assert np.corrcoef(weekend, found.weekend_curve)[0, 1] >= 0.98


def test_each_regions_daily_volume_is_within_3_percent(fitted: tuple[Scenario, HistoryFit]) -> None:
    scenario, fit = fitted
    volumes = scenario.region_volumes()
    for found in fit.regions:
        assert found.volume_per_day == pytest.approx(volumes[found.name], rel=0.03)
    np.testing.assert_allclose(
        fit.weekly, np.asarray(scenario.traffic.weekly) / np.mean(scenario.traffic.weekly), atol=0.05
    )


def test_the_kind_mix_and_marks_are_within_2_points(fitted: tuple[Scenario, HistoryFit]) -> None:
    scenario, fit = fitted
    assert fit.mix is not None and not fit.mix_estimated
    for kind, share in scenario.traffic.mix.items():
        assert fit.mix.get(kind, 0.0) == pytest.approx(share, abs=0.02)
    assert fit.untagged_share == pytest.approx(scenario.traffic.untagged_share, abs=0.02)
    assert fit.channels is not None
    assert fit.channels["public_post"] == pytest.approx(0.7, abs=0.02)
    assert fit.followers is not None and fit.followers.median == pytest.approx(20, rel=0.1)


def test_fit_writes_a_commented_scenario_that_validates(tmp_path: Path) -> None:
    scenario = load_scenario(_known(tmp_path))
    write_traffic_log(scenario, tmp_path / "log.csv")
    app = history_cli()
    out = tmp_path / "fitted.yaml"
    result = runner.invoke(app, ["fit", str(tmp_path / "log.csv"), "--out", str(out), "--country", "UK=GB"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "from the history's kind column" in text and "# policies.patience keeps the defaults" in text
    assert "countries: UK GB, US West US" in text
    fitted = load_scenario(out)
    assert {r.name for r in fitted.regions} == {"UK", "US West"}
    assert fitted.meta.start == scenario.meta.start and fitted.meta.duration == 14 * 1440


def test_a_base_the_fit_could_not_extend_is_refused_before_fitting(tmp_path: Path) -> None:
    """The guide's walk-through: a base outside the output's folder is refused up front (no file left
    behind); copied beside the fit, the fitted file extends it and validates."""
    (tmp_path / "out").mkdir()
    write_traffic_log(load_scenario(_known(tmp_path)), tmp_path / "log.csv")
    out = tmp_path / "out" / "fitted.yaml"
    app = history_cli()
    refused = runner.invoke(
        app, ["fit", str(tmp_path / "log.csv"), "--out", str(out), "--base", str(tmp_path / "known.yaml")]
    )
    assert refused.exit_code == 2
    assert "may only extend a file in its own folder" in refused.output and not out.exists()
    (tmp_path / "out" / "known.yaml").write_text((tmp_path / "known.yaml").read_text())
    kept = runner.invoke(
        app,
        ["fit", str(tmp_path / "log.csv"), "--out", str(out), "--base", str(tmp_path / "out" / "known.yaml")],
    )
    assert kept.exit_code == 0, kept.output
    assert "extends: known.yaml" in out.read_text(encoding="utf-8")
    assert {r.name for r in load_scenario(out).regions} == {"UK", "US West"}


def _known(tmp_path: Path) -> Path:
    path = tmp_path / "known.yaml"
    path.write_text(
        KNOWN.format(seed=5).replace("duration: 14d", "duration: 14d\n  warmup: 0m"), encoding="utf-8"
    )
    return path


def test_public_holidays_become_factors_on_their_day(tmp_path: Path) -> None:
    # Good Friday 2026-04-03 and Easter Monday 04-06, with a usual Friday and Monday (04-10, 04-13) beside
    text = KNOWN.format(seed=3).replace("start: 2026-03-02", "start: 2026-03-30").replace("14d", "15d")
    path = tmp_path / "easter.yaml"
    path.write_text(text, encoding="utf-8")
    write_traffic_log(load_scenario(path), tmp_path / "log.csv")
    fit = fit_history(import_log(tmp_path / "log.csv")[0], {"UK": "GB-ENG"})
    uk = next(r for r in fit.regions if r.name == "UK")
    assert [(h.day.isoformat(), h.name) for h in uk.holidays] == [
        ("2026-04-03", "Good Friday"),
        ("2026-04-06", "Easter Monday"),
    ]
    assert uk.holidays[0].start == 4 * 1440 - 60  # London midnight is 23:00 UTC in summer time
    assert all(
        h.factor == pytest.approx(1.0, abs=0.1) for h in uk.holidays
    )  # the drawn traffic had no holiday dip
    assert uk.days == 12  # 14 whole local days (London runs an hour ahead of the UTC period), 2 holidays


LATE_NIGHT = [6, 6, 5, 4, 3, 2, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 4, 5, 6, 7, 8, 8, 7]
"""A Saturday that peaks at night, unlike any named curve."""
SHAPED = """\
meta:
  id: shaped
  title: Distinct days and a trend
  seed: {seed}
  start: 2026-04-13
  duration: 28d
brand:
  name: Shaped Co
regions:
  - name: UK
    timezone: Europe/London
    volume_per_day: 2000
    curve: social
    day_curves: {{mon: office, sat: {late_night}}}
    trend_per_week: 0.05
traffic:
  weekly: [1.2, 1.0, 1.0, 1.0, 1.0, 0.9, 0.9]
""" + KNOWN[KNOWN.index("viral:") :]  # the same round-the-clock desk


@pytest.fixture(scope="module", params=[21, 22])
def shaped(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, RegionFit]:
    folder = tmp_path_factory.mktemp(f"shaped{request.param}")
    path = folder / "shaped.yaml"
    path.write_text(SHAPED.format(seed=request.param, late_night=LATE_NIGHT), encoding="utf-8")
    write_traffic_log(load_scenario(path), folder / "log.csv")
    history, _ = import_log(folder / "log.csv")
    fit = fit_history(history, {"UK": "GB-ENG"})  # no holiday falls in these four weeks
    return folder, fit.regions[0]


def test_days_with_their_own_shape_are_found_and_recovered(shaped: tuple[Path, RegionFit]) -> None:
    _, uk = shaped
    assert uk.own_days == (5, 0) or uk.own_days == (0, 5)  # Saturday and Monday, nothing else
    assert np.corrcoef(uk.day_curves[0], hourly_shares("office", weekend=False))[0, 1] >= 0.98
    assert np.corrcoef(uk.day_curves[5], hourly_shares(tuple(LATE_NIGHT), weekend=True))[0, 1] >= 0.98
    assert np.corrcoef(uk.weekday_curve, hourly_shares("social", weekend=False))[0, 1] >= 0.98
    assert uk.weekend_curve is not None  # Sunday alone now
    assert np.corrcoef(uk.weekend_curve, hourly_shares("social", weekend=True))[0, 1] >= 0.98


def test_a_weekly_trend_is_recovered_and_the_volume_is_the_mean_day(shaped: tuple[Path, RegionFit]) -> None:
    _, uk = shaped
    assert uk.trend_per_week is not None
    trend, error = uk.trend_per_week
    assert trend == pytest.approx(0.05, abs=0.01) and error < 0.01
    assert uk.volume_per_day == pytest.approx(2000, rel=0.03)


def test_the_fitted_scenario_carries_the_days_and_the_trend(shaped: tuple[Path, RegionFit]) -> None:
    folder, _ = shaped
    out = folder / "fitted.yaml"
    result = runner.invoke(history_cli(), ["fit", str(folder / "log.csv"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    region = load_scenario(out).regions[0]
    assert set(region.day_curves) == {"mon", "sat"}
    assert region.trend_per_week == pytest.approx(0.05, abs=0.01)
    assert "from the history" in out.read_text(encoding="utf-8").split("trend_per_week:")[1].splitlines()[0]


def test_day_curves_and_trends_are_checked_with_located_messages(tmp_path: Path) -> None:
    text = SHAPED.format(seed=1, late_night=LATE_NIGHT)
    bad = text.replace("mon: office", "monday: office").replace("trend_per_week: 0.05", "trend_per_week: -1")
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    messages = [str(p) for p in raised.value.problems]
    assert any(
        "regions.0.day_curves.monday: unknown key 'monday' (did you mean 'mon'?)" in m for m in messages
    )
    assert any("regions.0.trend_per_week: got -1 (expected a number greater than -1)" in m for m in messages)
