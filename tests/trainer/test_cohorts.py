"""Cohorts: case-insensitive trainees, assignments with due dates, the report in four forms, and several
processes writing to one data folder at once without losing a row."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sim.cli.main import app
from trainer.cohorts import Cohorts
from trainer.store import Store

from .helpers import BUNDLED, PLAYTHROUGHS

runner = CliRunner()
DUE = (datetime.now(UTC).date() + timedelta(days=14)).isoformat()


def drill(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["drill", *args])
    return result.exit_code, result.stdout, result.stderr


def play(trainee: str, quality: str) -> None:
    script = PLAYTHROUGHS / f"late_booking.{quality}.yaml"
    code, _, err = drill("run", str(BUNDLED), "--script", str(script), "--trainee", trainee)
    assert code == 0, err


def cohort_of_three(played: bool = True) -> None:
    """Three trainees, two assignments; two trainees play the first one (well and poorly) when `played`."""
    code, _, err = drill(
        "cohort", "March Intake", "--add", "Alex Trainee", "--add", "Sam Morgan", "--add", "Kim Lee"
    )
    assert code == 0, err
    code, _, err = drill("assign", "--cohort", "march intake", "--drill", "late-booking", "--due", DUE)
    assert code == 0, err
    code, _, err = drill("assign", "--cohort", "MARCH INTAKE", "--drill", "official-account", "--due", DUE)
    assert code == 0, err
    if not played:
        return
    play("alex TRAINEE", "poor")  # another spelling of the same trainee
    play("Sam  Morgan", "good")


def test_a_cohort_of_three_reports_as_json_with_assignments_and_weakest_practices() -> None:
    cohort_of_three()
    code, out, err = drill("cohort", "march intake", "--json")
    assert code == 0, err
    report = json.loads(out)
    people = {t["name"]: t for t in report["trainees"]}
    assert list(people) == ["Alex Trainee", "Kim Lee", "Sam Morgan"]
    statuses = {n: [a["status"] for a in t["assignments"]] for n, t in people.items()}
    assert statuses == {
        "Alex Trainee": ["done", "due"],
        "Kim Lee": ["due", "due"],
        "Sam Morgan": ["done", "due"],
    }
    assert people["Sam Morgan"]["mean_score"] > people["Alex Trainee"]["mean_score"]
    assert people["Kim Lee"]["drills"] == 0 and people["Kim Lee"]["practices"] == []
    alex = {p["practice"]: p for p in people["Alex Trainee"]["practices"]}
    assert alex["BP05"]["name"] == "Don't deflect"
    weakest = report["weakest_practices"]
    assert len(weakest) == 3
    scores = [w["cohort_score"] for w in weakest]
    assert scores == sorted(scores)
    for weak in weakest:  # the mean of the trainees who practised it
        theirs = [
            p["score"] for t in people.values() for p in t["practices"] if p["practice"] == weak["practice"]
        ]
        assert weak["cohort_score"] == pytest.approx(sum(theirs) / len(theirs), abs=0.05)
    others = [report_score for report_score in _cohort_scores(people) if report_score not in scores]
    assert all(score >= scores[-1] for score in others)


def _cohort_scores(people: dict[str, dict]) -> list[float]:
    by_practice: dict[str, list[float]] = {}
    for trainee in people.values():
        for p in trainee["practices"]:
            by_practice.setdefault(p["practice"], []).append(p["score"])
    return [round(sum(v) / len(v), 1) for v in by_practice.values()]


def test_the_report_as_table_csv_and_html_say_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cohort_of_three()
    monkeypatch.setenv("COLUMNS", "80")
    page = tmp_path / "cohort.html"
    code, table, err = drill("cohort", "March Intake", "--html", str(page))
    assert code == 0, err
    assert "Weakest practices of the cohort" in table and "BP05 Don't deflect" in table
    assert max(len(line) for line in table.splitlines()) <= 80
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Weakest practices of the cohort" in text
    assert "Kim Lee" in text and "<script" not in text
    code, out, err = drill("cohort", "March Intake", "--csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["trainee"] for r in rows} == {"Alex Trainee", "Kim Lee", "Sam Morgan"}
    kim = [r for r in rows if r["trainee"] == "Kim Lee"]
    assert len(kim) == 1 and kim[0]["practice"] == "" and kim[0]["assignments_due"] == "2"
    sam = {r["practice"]: r for r in rows if r["trainee"] == "Sam Morgan"}
    assert sam["BP05"]["practice_name"] == "Don't deflect" and float(sam["BP05"]["proficiency"]) == 100


def test_history_csv_has_a_score_per_practice_named() -> None:
    play("Sam Morgan", "good")
    play("sam morgan", "poor")
    code, out, _ = drill("history", "--csv", "--trainee", "SAM MORGAN")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2  # both spellings are one trainee
    assert float(rows[0]["BP05 Don't deflect"]) > float(rows[1]["BP05 Don't deflect"])


def test_bad_input_is_exit_2_with_a_clear_message() -> None:
    cohort_of_three(played=False)
    cases = {
        ("cohort", "Nobody"): "no cohort 'Nobody' (cohorts: March Intake)",
        ("assign", "--cohort", "Nobody", "--drill", "late-booking", "--due", DUE): "no cohort 'Nobody'",
        ("assign", "--cohort", "March Intake", "--drill", "no-such", "--due", DUE): "no drill 'no-such'",
        (
            "assign",
            "--cohort",
            "March Intake",
            "--drill",
            "late-booking",
            "--due",
            "2020-01-01",
        ): "in the past",
        ("assign", "--cohort", "March Intake", "--drill", "late-booking", "--due", "soon"): "is not a date",
    }
    for args, message in cases.items():
        code, _, err = drill(*args)
        assert code == 2, (args, err)
        assert message in err, (args, err)
        assert "Traceback" not in err


def _writer(path: str, worker: int, count: int) -> None:
    """One trainee process: starts, plays and finishes drills, and enrols, all in the shared database."""
    with Store(Path(path)) as store, Cohorts(Path(path)) as book:
        for n in range(count):
            drill_id = store.start(
                trainee=f"Trainee {worker}",
                scenario_path="x.yaml",
                scenario_id="x",
                title="x",
                digest="d",
                seed=n,
            )
            for seq in range(5):
                store.add_action(drill_id, seq, float(seq), "{}")
            store.finish(
                drill_id, score=50.0, passed=False, tier="none", scorecard={}, tallies={"BP01": (1, 2)}
            )
            book.enrol("Shared", [f"TRAINEE {worker}"])


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    Store(path).close()
    workers, count = 4, 15
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_writer, args=(str(path), w, count)) for w in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    with Store(path) as store, Cohorts(path) as book:
        rows = store.drills()
        assert len(rows) == workers * count
        assert all(row.finished for row in rows)
        assert all(len(store.actions(row.id)) == 5 for row in rows)
        assert len(store.tallies("trainee 0")) == count
        report = book.report("shared", store, datetime.now(UTC).date())
        assert [t.name for t in report.trainees] == [f"TRAINEE {w}" for w in range(workers)]
        assert all(t.drills == count for t in report.trainees)
