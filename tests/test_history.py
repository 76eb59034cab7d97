"""Importing mention logs: the three layouts, Twitter's reply links, and bad input located and counted."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from sim.cli import history_cmd
from sim.engine import simulate
from sim.history.importing import import_log
from sim.history.synthetic import write_run_log, write_traffic_log
from sim.scenarios import KINDS, ScenarioError, load_scenario
from sim.traffic.recorded import UNKNOWN, History, load_history, read_history

from .conftest import SCENARIOS
from .helpers import MINIMAL

DATA = Path(__file__).parent / "data"
runner = CliRunner()
HEADER = "id,created_at,region,timezone,kind,channel,tagged,followers,first_response_at\n"


def history_cli() -> typer.Typer:
    """A `carelab` with only the history commands (import, fit, backtest)."""
    cli = typer.Typer()
    cli.callback()(lambda: None)
    history_cmd.register(cli)
    return cli


@pytest.fixture
def app() -> typer.Typer:
    return history_cli()


def _log(tmp_path: Path, body: str, header: str = HEADER, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def test_a_generic_log_keeps_its_marks_and_responses(tmp_path: Path) -> None:
    path = _log(
        tmp_path,
        "a,2026-03-02T09:00:00+00:00,UK,Europe/London,complaint,public_post,false,120,2026-03-02T09:10:00Z\n"
        "b,2026-03-02T10:00:00-05:00,US,America/New_York,Question,private message,true,7,\n",
    )
    history, report = import_log(path)
    assert report.kept == 2 and not report.dropped
    assert history.regions == ("UK", "US") and history.zones == ("Europe/London", "America/New_York")
    assert [KINDS[k] for k in history.kind] == ["complaint", "question"]
    assert history.tagged.tolist() == [0, 1] and history.followers.tolist() == [120, 7]
    assert history.first_response[0] == 600 and math.isnan(history.first_response[1])
    assert history.time[1] - history.time[0] == 6 * 3600  # 10:00 at -05:00 is 15:00 UTC
    assert report.ignored_columns == []


def test_columns_the_layout_does_not_read_are_named(tmp_path: Path) -> None:
    _, report = import_log(_log(tmp_path, "2026-03-02T09:00:00Z,x\n", header="created_at,knid\n"))
    assert report.ignored_columns == ["knid"]


def test_json_lines_read_like_csv(tmp_path: Path) -> None:
    rows = [{"created_at": "2026-03-02T09:00:00Z", "text": "worst airline ever, still waiting"}, {"x": 1}]
    path = tmp_path / "log.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n{not json\n", encoding="utf-8")
    history, report = import_log(path)
    assert report.kept == 1 and report.kinds_estimated
    assert KINDS[history.kind[0]] == "complaint" and history.kind_estimated[0]
    assert report.dropped == {"bad timestamp": 1, "not JSON": 1}
    assert report.examples["not JSON"][0].startswith(f"{path}:3: ")


def test_bad_rows_are_located_counted_and_the_rest_kept(tmp_path: Path) -> None:
    path = _log(
        tmp_path,
        "a,2026-03-02T09:00:00Z,UK,Europe/London,praise,,,,\n"
        "b,yesterday,UK,Europe/London,praise,,,,\n"
        "a,2026-03-02T09:05:00Z,UK,Europe/London,praise,,,,\n"
        "c,2026-03-02T09:06:00,,,praise,,,,\n"
        "d,2026-03-02T09:07:00Z,UK,Mars/Olympus,praise,,,,\n"
        "e,2026-03-02T09:08:00Z,UK,Europe/London,rant,,maybe,-3,2026-03-02T08:00:00Z\n",
    )
    history, report = import_log(path)
    assert report.rows == 6 and report.kept == 2
    assert report.dropped == {
        "bad timestamp": 1,
        "duplicate id": 1,
        "naive timestamp": 1,
        "unknown time zone": 1,
    }
    assert report.examples["bad timestamp"] == [
        f"{path}:3: created_at: 'yesterday' does not parse "
        "(expected ISO 8601, e.g. 2026-03-02T09:15:00+00:00)"
    ]
    assert report.examples["duplicate id"] == [f"{path}:4: id: the same id as line 2"]
    assert set(report.notes) == {
        "unknown kind",
        "unknown tagged",
        "bad followers",
        "first_response_at before created_at",
    }
    assert history.kind[1] == UNKNOWN and history.tagged[1] == UNKNOWN and history.followers[1] == UNKNOWN


def test_naive_timestamps_read_in_the_given_zone(tmp_path: Path) -> None:
    path = _log(tmp_path, "a,2026-07-01T09:00:00,,,,,,,\n")
    history, _ = import_log(path, zone="Europe/London")
    assert history.time[0] == pytest.approx(1782892800.0)  # 08:00 UTC: London is on summer time
    assert history.regions == ("Europe/London",)


def test_the_twitter_layout_rebuilds_first_responses_per_brand() -> None:
    history, report = import_log(DATA / "twitter_sample.csv")
    assert report.layout == "twitter"
    assert report.kept == 6
    assert report.dropped == {"duplicate id": 1, "bad timestamp": 1}
    assert report.notes == {"reply to an unknown post": 1, "reply before its post": 1}
    assert history.brands == ("AppleSupport", "sprintcare")
    responses = dict(zip(history.time.tolist(), history.first_response.tolist(), strict=True))
    brand = dict(zip(history.time.tolist(), [history.brands[b] for b in history.brand], strict=True))
    post_3 = 1509487707.0  # Tue Oct 31 22:08:27 2017 UTC, answered by tweet 1 at 22:10:47
    post_5 = 1509486575.0  # 21:49:35, answered by tweet 4 at 21:54:49 (tweet 6 is stamped before it)
    post_10 = 1509530700.0  # names no brand; AppleSupport answers 20 minutes later and becomes its brand
    assert responses[post_3] == 140 and responses[post_5] == 314 and responses[post_10] == 1200
    assert brand[post_3] == "sprintcare" and brand[post_10] == "AppleSupport"
    assert int(np.isnan(history.first_response).sum()) == 2  # tweets 2 and 9 were never answered
    assert KINDS[history.kind[history.time.tolist().index(post_5)]] == "complaint"


def test_the_twitter_layout_keeps_one_brand_when_asked() -> None:
    history, report = import_log(DATA / "twitter_sample.csv", brand="applesupport")
    assert report.kept == 3 and report.dropped["addressed to another brand"] == 3
    assert {history.brands[b] for b in history.brand} == {"AppleSupport"}


def test_hourly_counts_become_posts_spread_over_each_hour(tmp_path: Path) -> None:
    path = _log(
        tmp_path,
        "2026-03-02T09:00:00Z,UK,4\n2026-03-02T10:00:00Z,UK,0\n2026-03-02T11:00:00Z,UK,lots\n",
        header="hour,region,count\n",
    )
    history, report = import_log(path, zone="Europe/London")
    assert report.layout == "hourly" and report.dropped == {"bad hour or count": 1}
    start = 1772442000.0  # 2026-03-02T09:00Z
    assert (history.time - start).tolist() == [450.0, 1350.0, 2250.0, 3150.0]
    assert (history.kind == UNKNOWN).all()


@pytest.mark.parametrize(
    ("body", "header", "message"),
    [
        (
            "2026-03-02T09:00:00Z\n",
            "created\n",
            "log.csv:1: missing column 'created_at' (is 'created' meant?)",
        ),
        ("", "", "empty file"),
        ("2026-03-02T09:00:00,,,,,,,,\n", HEADER, "nothing usable remains (1 rows read)"),
    ],
)
def test_unusable_logs_exit_2_with_a_message(
    app: typer.Typer, tmp_path: Path, body: str, header: str, message: str
) -> None:
    path = _log(tmp_path, body, header)
    result = runner.invoke(app, ["history", "import", str(path)])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_import_writes_a_history_and_reports_as_json(app: typer.Typer, tmp_path: Path) -> None:
    path = _log(tmp_path, "a,2026-03-02T09:00:00Z,UK,Europe/London,praise,,,,\nb,never,,,,,,,\n")
    target = tmp_path / "h.npz"
    result = runner.invoke(app, ["history", "import", str(path), "--out", str(target), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kept"] == 1 and data["dropped"] == {"bad timestamp": 1} and data["history"] == str(target)
    assert len(read_history(target)) == 1


def _replay_scenario(tmp_path: Path) -> tuple[Path, History]:
    """A two-day scenario whose traffic is its own drawn traffic, recorded and imported."""
    base = tmp_path / "base.yaml"
    base.write_text(MINIMAL.replace("meta:\n", "meta:\n  duration: 2d\n"), encoding="utf-8")
    write_traffic_log(load_scenario(base), tmp_path / "drawn.csv", replication=3)
    history = import_log(tmp_path / "drawn.csv")[0]
    history.save(tmp_path / "recorded.npz")
    replay = tmp_path / "replay.yaml"
    text = base.read_text(encoding="utf-8")
    replay.write_text(
        text.replace("  volume_per_day: 100\n", "  volume_per_day: 100\n  source: recorded.npz\n")
    )
    return replay, history


def test_replay_runs_the_recorded_posts_and_varies_only_handling(tmp_path: Path) -> None:
    path, history = _replay_scenario(tmp_path)
    scenario = load_scenario(path)
    first, second = (simulate(scenario, r).records for r in (0, 1))
    roots = [r.follow_up_of < 0 for r in (first, second)]
    start = scenario.meta.start.timestamp()
    np.testing.assert_allclose(first.arrival[roots[0]], (history.time - start) / 60, atol=1e-3)
    assert np.array_equal(first.kind[roots[0]], history.kind)
    assert np.array_equal(first.kind[roots[0]], second.kind[roots[1]])
    assert np.array_equal(first.followers[roots[0]], second.followers[roots[1]])
    both = ~np.isnan(first.first_response[roots[0]]) & ~np.isnan(second.first_response[roots[1]])
    assert both.sum() > 50
    assert not np.allclose(first.first_response[roots[0]][both], second.first_response[roots[1]][both])


def test_a_missing_source_is_a_located_scenario_error(tmp_path: Path) -> None:
    text = MINIMAL.replace("  volume_per_day: 100\n", "  volume_per_day: 100\n  source: nowhere.npz\n")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert str(caught.value.problems[0]).startswith(f"{path}:11:11: traffic.source: no such history file")


def test_the_shipped_sample_is_what_its_recipe_writes(tmp_path: Path) -> None:
    sample = SCENARIOS / "history"
    written = tmp_path / "sample.csv"
    write_run_log(load_scenario(sample / "sample_desk.yaml"), written)
    assert written.read_bytes() == (sample / "sample_mentions.csv").read_bytes()
    history, report = import_log(sample / "sample_mentions.csv")
    assert report.kept == report.rows == 5545 and history.regions == ("UK", "US East")


def test_a_history_read_stays_whole_when_its_file_is_written_again(tmp_path: Path) -> None:
    first = import_log(_log(tmp_path, "a,2026-03-02T09:00:00Z,UK,Europe/London,praise,,,,\n"))[0]
    second = import_log(_log(tmp_path, "b,2026-03-03T10:00:00Z,US,America/New_York,spam,,,,\n"))[0]
    target = tmp_path / "h.npz"
    first.save(target)
    mapped = load_history(target)
    second.save(target)
    assert mapped.time.tolist() == first.time.tolist() and mapped.regions == ("UK",)
    assert load_history(target).regions == ("US",)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no partial file left
