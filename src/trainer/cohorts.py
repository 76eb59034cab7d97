"""Cohorts for a training lead: trainees with display names, drills assigned with a due date, and the report.

A trainee's id is their name with case and spacing folded ('Alex Trainee', 'alex  trainee' and 'ALEX
TRAINEE' are one person), and the first spelling seen is the display name. A cohort is a named group of
trainees; an assignment asks the whole cohort to finish a drill (by its scenario id) by a date. The report
reads the drills every trainee finished from the history store (`trainer.store`), so a drill counts however
it was played: the app, `carelab drill run`, or the browser.

The tables live in the same SQLite file as the history, in WAL mode, so several trainees playing on one
server (each drill its own process) and a lead reading the report share one data folder safely; every write
is one short transaction, and a writer waits for another (`BUSY_TIMEOUT_S`) instead of failing.
"""

from __future__ import annotations

import sqlite3
import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from trainer import practices
from trainer.rubric import Proficiency, proficiency
from trainer.store import DB_NAME, Store, home, trainee_key

BUSY_TIMEOUT_S = 30.0  # the history store waits as long
"""How long a writer waits for another one's transaction (assumed: far longer than any single write)."""

WEAKEST = 3
"""How many of the cohort's weakest practices the report names."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS trainees (
    key TEXT PRIMARY KEY,
    display TEXT NOT NULL,
    added TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cohorts (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cohort_members (
    cohort TEXT NOT NULL REFERENCES cohorts(key),
    trainee TEXT NOT NULL REFERENCES trainees(key),
    PRIMARY KEY (cohort, trainee)
);
CREATE TABLE IF NOT EXISTS assignments (
    cohort TEXT NOT NULL REFERENCES cohorts(key),
    drill TEXT NOT NULL,
    title TEXT NOT NULL,
    due TEXT NOT NULL,
    assigned TEXT NOT NULL,
    PRIMARY KEY (cohort, drill)
);
"""


class CohortError(Exception):
    """An unknown cohort, or an assignment that cannot be made (a due date in the past)."""


@dataclass(frozen=True)
class Assignment:
    """A drill a cohort must finish by a date."""

    drill: str
    """The drill's scenario id (`meta.id`)."""
    title: str
    due: date


@dataclass(frozen=True)
class AssignmentStatus:
    """Where one trainee stands on one assignment."""

    assignment: Assignment
    finished: date | None
    """When the trainee first finished the drill; None when not yet."""
    best: float | None
    """Their best score on it."""

    def status(self, today: date) -> str:
        """done, late (done after the due date), due (still time) or overdue."""
        if self.finished is not None:
            return "late" if self.finished > self.assignment.due else "done"
        return "overdue" if today > self.assignment.due else "due"


@dataclass(frozen=True)
class TraineeReport:
    """One trainee's line in the cohort report."""

    key: str
    name: str
    drills: int
    """Finished drills, assigned or not."""
    mean_score: float | None
    """Mean score of those drills (0-100)."""
    levels: list[Proficiency]
    """Recency-weighted proficiency per practice (see `trainer.rubric.proficiency`)."""
    assignments: list[AssignmentStatus]

    def count(self, status: str, today: date) -> int:
        """How many of the trainee's assignments have this status."""
        return sum(a.status(today) == status for a in self.assignments)

    def score(self, practice: str) -> float | None:
        """The trainee's proficiency in a practice, None when no drill exercised it."""
        return next((p.score for p in self.levels if p.practice == practice), None)


@dataclass(frozen=True)
class CohortReport:
    """Everything `carelab drill cohort NAME` shows."""

    cohort: str
    today: date
    trainees: list[TraineeReport]
    assignments: list[Assignment]
    practices: list[str] = field(default_factory=list)
    """Practice codes exercised by anyone in the cohort, sorted."""

    def cohort_score(self, practice: str) -> float | None:
        """Mean proficiency of the trainees who practised it."""
        scores = [s for t in self.trainees if (s := t.score(practice)) is not None]
        return round(statistics.mean(scores), 1) if scores else None

    def weakest(self) -> list[tuple[str, float]]:
        """The cohort's weakest practices, lowest mean proficiency first."""
        scored = [(p, s) for p in self.practices if (s := self.cohort_score(p)) is not None]
        return sorted(scored, key=lambda pair: (pair[1], pair[0]))[:WEAKEST]

    def to_json(self) -> dict[str, object]:
        """The report as plain data."""
        today = self.today
        return {
            "cohort": self.cohort,
            "today": today.isoformat(),
            "assignments": [
                {"drill": a.drill, "title": a.title, "due": a.due.isoformat()} for a in self.assignments
            ],
            "trainees": [
                {
                    "id": t.key,
                    "name": t.name,
                    "drills": t.drills,
                    "mean_score": t.mean_score,
                    "assignments": [
                        {
                            "drill": s.assignment.drill,
                            "due": s.assignment.due.isoformat(),
                            "status": s.status(today),
                            "finished": s.finished.isoformat() if s.finished else None,
                            "best_score": s.best,
                        }
                        for s in t.assignments
                    ],
                    "practices": [
                        {
                            "practice": p.practice,
                            "name": practices.name(p.practice),
                            "score": p.score,
                            "level": p.level,
                            "drills": p.drills,
                            "latest": p.latest,
                        }
                        for p in t.levels
                    ],
                }
                for t in self.trainees
            ],
            "weakest_practices": [
                {"practice": p, "name": practices.name(p), "cohort_score": s} for p, s in self.weakest()
            ],
        }


class Cohorts:
    """The cohort tables beside the history; open, use, close (or use as a context manager)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or home() / DB_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def __enter__(self) -> Cohorts:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def register(self, name: str) -> str:
        """Make sure the trainee exists (the first spelling becomes the display name); returns their id."""
        key = trainee_key(name)
        if not key:
            raise CohortError("a trainee needs a name")
        self._db.execute(
            "INSERT OR IGNORE INTO trainees (key, display, added) VALUES (?, ?, ?)",
            (key, " ".join(name.split()), _now()),
        )
        return key

    def enrol(self, cohort: str, names: list[str]) -> None:
        """Add trainees to a cohort, creating the cohort on first use; enrolling someone twice is harmless."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "INSERT OR IGNORE INTO cohorts (key, name, created) VALUES (?, ?, ?)",
                (trainee_key(cohort), " ".join(cohort.split()), _now()),
            )
            for name in names:
                key = self.register(name)
                self._db.execute(
                    "INSERT OR IGNORE INTO cohort_members (cohort, trainee) VALUES (?, ?)",
                    (trainee_key(cohort), key),
                )

    def cohort_name(self, cohort: str) -> str:
        """The cohort's name as first written.

        Raises:
            CohortError: when there is no such cohort.
        """
        row = self._db.execute("SELECT name FROM cohorts WHERE key = ?", (trainee_key(cohort),)).fetchone()
        if row is None:
            known = [r["name"] for r in self._db.execute("SELECT name FROM cohorts ORDER BY key")]
            listed = (
                ", ".join(known)
                if known
                else "none yet; create one with carelab drill cohort NAME --add TRAINEE"
            )
            raise CohortError(f"no cohort '{cohort}' (cohorts: {listed})")
        return str(row["name"])

    def assign(self, cohort: str, drill: str, title: str, due: date, today: date) -> None:
        """Ask every trainee of the cohort to finish `drill` by `due` (a later call moves the date).

        Raises:
            CohortError: for an unknown cohort or a due date before `today`.
        """
        self.cohort_name(cohort)
        if due < today:
            raise CohortError(f"--due {due.isoformat()} is in the past (today is {today.isoformat()})")
        self._db.execute(
            "INSERT INTO assignments (cohort, drill, title, due, assigned) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (cohort, drill) DO UPDATE SET due = excluded.due, title = excluded.title",
            (trainee_key(cohort), drill, title, due.isoformat(), _now()),
        )

    def practice_scores(self) -> dict[int, dict[str, float]]:
        """Per finished drill (by id), the score out of 100 of every practice it exercised."""
        rows = self._db.execute(
            "SELECT drill_id, practice, met, applicable FROM practices WHERE applicable > 0"
        )
        scores: dict[int, dict[str, float]] = {}
        for row in rows:
            scores.setdefault(row["drill_id"], {})[row["practice"]] = round(
                100 * row["met"] / row["applicable"], 1
            )
        return scores

    def report(self, cohort: str, store: Store, today: date) -> CohortReport:
        """The cohort's report as of `today`.

        Raises:
            CohortError: for an unknown cohort.
        """
        name = self.cohort_name(cohort)
        key = trainee_key(cohort)
        assignments = [
            Assignment(r["drill"], r["title"], date.fromisoformat(r["due"]))
            for r in self._db.execute(
                "SELECT * FROM assignments WHERE cohort = ? ORDER BY due, drill", (key,)
            )
        ]
        members = self._db.execute(
            "SELECT t.key, t.display FROM cohort_members m JOIN trainees t ON t.key = m.trainee "
            "WHERE m.cohort = ? ORDER BY t.key",
            (key,),
        ).fetchall()
        trainees = [_trainee(r["key"], r["display"], store, assignments) for r in members]
        codes = sorted({p.practice for t in trainees for p in t.levels})
        return CohortReport(name, today, trainees, assignments, codes)


def _trainee(key: str, display: str, store: Store, assignments: list[Assignment]) -> TraineeReport:
    finished = [row for row in store.drills(display) if row.finished and row.score is not None]
    statuses = []
    for assignment in assignments:
        runs = [row for row in finished if row.scenario_id == assignment.drill]
        first = min((datetime.fromisoformat(str(r.finished)).date() for r in runs), default=None)
        best = max((float(r.score or 0) for r in runs), default=None)
        statuses.append(AssignmentStatus(assignment, first, best))
    mean = round(statistics.mean(float(r.score or 0) for r in finished), 1) if finished else None
    return TraineeReport(key, display, len(finished), mean, proficiency(store.tallies(display)), statuses)


def today() -> date:
    """Today's date in UTC, the calendar due dates are kept in."""
    return datetime.now(UTC).date()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
