"""Trainee history in SQLite: every drill, every action as it happens, every scorecard.

Each action is committed on its own the moment the session applies it, so a terminal killed mid-drill loses
nothing: the drill's scenario, seed and actions are all it takes to rebuild it (see `trainer.drills`). The
database lives in the user data directory (platformdirs), or under `$CARELAB_HOME` when set, which is how
tests keep a trainee's real history out of reach.

The store keeps plain data (JSON text, numbers); it knows nothing of sessions or rubrics.

Trainees' replies are private: the data folder is made readable by its owner only (0700) and the database
file 0600 (SQLite gives its -wal and -shm files the database's permissions). Every SQLite failure becomes a
`StoreError` that says what to do; a database that is not one (damaged, truncated, some other file) is moved
aside untouched, never overwritten. One drill is continued by one process at a time: `claim` holds an OS lock
(`fcntl.flock`, released when the process ends however it ends; where there is no `fcntl`, as on Windows,
the second process is refused at its first action instead).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs

HOME_ENV = "CARELAB_HOME"
DB_NAME = "history.sqlite3"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS drills (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    trainee TEXT NOT NULL,
    scenario_path TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    title TEXT NOT NULL,
    digest TEXT NOT NULL,
    seed INTEGER NOT NULL,
    overrides TEXT NOT NULL,
    started TEXT NOT NULL,
    clock REAL NOT NULL DEFAULT 0,
    finished TEXT,
    score REAL,
    passed INTEGER,
    tier TEXT,
    scorecard TEXT
);
CREATE TABLE IF NOT EXISTS actions (
    drill_id INTEGER NOT NULL REFERENCES drills(id),
    seq INTEGER NOT NULL,
    at REAL NOT NULL,
    payload TEXT NOT NULL,
    recorded TEXT NOT NULL,
    PRIMARY KEY (drill_id, seq)
);
CREATE TABLE IF NOT EXISTS practices (
    drill_id INTEGER NOT NULL REFERENCES drills(id),
    practice TEXT NOT NULL,
    met REAL NOT NULL,
    applicable REAL NOT NULL,
    PRIMARY KEY (drill_id, practice)
);
"""


def trainee_key(name: str) -> str:
    """A trainee's id: the name with spacing collapsed and case folded, so 'Alex Trainee' and 'alex  trainee'
    are one person (Unicode-aware: 'ß' matches 'SS')."""
    return " ".join(name.split()).casefold()


def _same_trainee(left: str, right: str) -> int:
    """SQLite collation `TRAINEE`: orders names by their trainee id."""
    a, b = trainee_key(left), trainee_key(right)
    return (a > b) - (a < b)


class StoreError(Exception):
    """The history database cannot be used; the message says why and what to do."""


def home() -> Path:
    """CareLab's data directory: `$CARELAB_HOME`, else the platform's user data directory."""
    override = os.environ.get(HOME_ENV)
    return Path(override) if override else platformdirs.user_data_path("carelab")


@dataclass(frozen=True)
class DrillRow:
    """One drill as stored."""

    id: int
    trainee: str
    scenario_path: str
    scenario_id: str
    title: str
    digest: str
    """Fingerprint of the validated scenario, to refuse resuming a drill whose file changed."""
    seed: int
    overrides: tuple[str, ...]
    """`--set` assignments the drill was started with."""
    started: str
    clock: float
    """Drill minutes reached."""
    finished: str | None
    score: float | None
    passed: bool | None
    tier: str | None

    @property
    def status(self) -> str:
        """'finished' or 'in progress'."""
        return "finished" if self.finished else "in progress"


class Store:
    """The history database; open it, use it, close it (or use it as a context manager)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or home() / DB_NAME
        self._locks: list[int] = []
        _private_file(self.path)
        try:  # a 30 s timeout: concurrent writers queue rather than fail
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the drill history {self.path}: {exc}") from None
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise self._unusable(exc) from None

    def _prepare(self) -> None:
        self._db.row_factory = sqlite3.Row
        self._db.create_collation("TRAINEE", _same_trainee)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the drill history {self.path} was written by a newer CareLab (schema {version}, this one "
                f"reads {SCHEMA_VERSION}): upgrade CareLab, or set {HOME_ENV} to another folder"
            )
        self._db.executescript(_SCHEMA)
        self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _unusable(self, exc: sqlite3.DatabaseError) -> StoreError:
        """The error for a database SQLite cannot use; a damaged one is first moved aside, untouched."""
        if isinstance(exc, sqlite3.OperationalError):
            return StoreError(f"cannot use the drill history {self.path}: {exc} (is it read-only?)")
        aside = self.path.with_name(f"{self.path.name}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%S}")
        try:
            self.path.rename(aside)
        except OSError as move:
            return StoreError(f"the drill history {self.path} is damaged ({exc}) and cannot be moved: {move}")
        return StoreError(
            f"the drill history {self.path} is damaged ({exc}); it was kept, untouched, as {aside}. "
            "The next command starts a new history"
        )

    def claim(self, drill_id: int) -> None:
        """Hold drill `drill_id` for this process until `close`: a second process continuing it is refused."""
        try:
            import fcntl
        except ImportError:
            return
        lock = os.open(
            self.path.with_name(f"{self.path.name}.drill-{drill_id}.lock"), os.O_CREAT | os.O_RDWR, 0o600
        )
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(lock)
            raise StoreError(
                f"drill {drill_id} is being continued in another terminal; finish or close it there first"
            ) from None
        self._locks.append(lock)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database and let go of claimed drills."""
        self._db.close()
        for lock in self._locks:
            with suppress(OSError):
                os.close(lock)
        self._locks.clear()

    def start(
        self,
        *,
        trainee: str,
        scenario_path: str,
        scenario_id: str,
        title: str,
        digest: str,
        seed: int,
        overrides: Sequence[str] = (),
    ) -> int:
        """Record a new drill; returns its id."""
        cursor = self._db.execute(
            "INSERT INTO drills (trainee, scenario_path, scenario_id, title, digest, seed, overrides, "
            "started) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (trainee, scenario_path, scenario_id, title, digest, seed, json.dumps(list(overrides)), _now()),
        )
        return int(cursor.lastrowid or 0)

    def add_action(self, drill_id: int, seq: int, at: float, payload: str) -> None:
        """Keep one action (its JSON) and move the drill's clock to it, in one commit."""
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.execute(
                    "INSERT INTO actions (drill_id, seq, at, payload, recorded) VALUES (?, ?, ?, ?, ?)",
                    (drill_id, seq, at, payload, _now()),
                )
                self._db.execute("UPDATE drills SET clock = MAX(clock, ?) WHERE id = ?", (at, drill_id))
        except sqlite3.IntegrityError:
            raise StoreError(
                f"drill {drill_id} was continued in another terminal meanwhile; resume it again to go on"
            ) from None
        except sqlite3.Error as exc:
            raise StoreError(f"cannot save the action in the drill history {self.path}: {exc}") from None

    def set_clock(self, drill_id: int, clock: float) -> None:
        """The drill's clock moved on."""
        self._db.execute("UPDATE drills SET clock = ? WHERE id = ?", (clock, drill_id))

    def finish(
        self,
        drill_id: int,
        *,
        score: float,
        passed: bool,
        tier: str,
        scorecard: Mapping[str, Any],
        tallies: Mapping[str, tuple[float, float]],
    ) -> None:
        """Keep the scorecard and the per-practice tallies that proficiency is computed from."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute(
                "UPDATE drills SET finished = ?, score = ?, passed = ?, tier = ?, scorecard = ? WHERE id = ?",
                (_now(), score, int(passed), tier, json.dumps(scorecard), drill_id),
            )
            self._db.executemany(
                "INSERT INTO practices (drill_id, practice, met, applicable) VALUES (?, ?, ?, ?)",
                [(drill_id, practice, met, total) for practice, (met, total) in tallies.items()],
            )

    def drill(self, drill_id: int) -> DrillRow | None:
        """One drill, or None."""
        row = self._db.execute("SELECT * FROM drills WHERE id = ?", (drill_id,)).fetchone()
        return _row(row) if row else None

    def drills(self, trainee: str | None = None, *, unfinished: bool = False) -> list[DrillRow]:
        """Drills, oldest first, optionally of one trainee or only those still in progress."""
        query, args = "SELECT * FROM drills WHERE 1=1", []
        if trainee is not None:
            query += " AND trainee = ? COLLATE TRAINEE"
            args.append(trainee)
        if unfinished:
            query += " AND finished IS NULL"
        return [_row(r) for r in self._db.execute(query + " ORDER BY id", args)]

    def actions(self, drill_id: int) -> list[str]:
        """A drill's actions (JSON), in the order they happened."""
        rows = self._db.execute("SELECT payload FROM actions WHERE drill_id = ? ORDER BY seq", (drill_id,))
        return [r["payload"] for r in rows]

    def tallies(self, trainee: str) -> list[dict[str, tuple[float, float]]]:
        """Per-practice (met, applicable) weights of a trainee's finished drills, oldest first."""
        rows = self._db.execute(
            "SELECT p.drill_id, p.practice, p.met, p.applicable FROM practices p "
            "JOIN drills d ON d.id = p.drill_id WHERE d.trainee = ? COLLATE TRAINEE "
            "ORDER BY d.id, p.practice",
            (trainee,),
        ).fetchall()
        by_drill: dict[int, dict[str, tuple[float, float]]] = {}
        for row in rows:
            by_drill.setdefault(row["drill_id"], {})[row["practice"]] = (row["met"], row["applicable"])
        return list(by_drill.values())


def _private_file(path: Path) -> None:
    """Make the data folder (0700) and the database file (0600) private to the user, before SQLite."""
    folder = path.parent
    try:
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(folder, 0o700)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise StoreError(
            f"cannot keep the drill history in {folder}: {exc.strerror or exc} "
            f"(set {HOME_ENV} to a folder you can write)"
        ) from None


def _row(row: sqlite3.Row) -> DrillRow:
    return DrillRow(
        id=row["id"],
        trainee=row["trainee"],
        scenario_path=row["scenario_path"],
        scenario_id=row["scenario_id"],
        title=row["title"],
        digest=row["digest"],
        seed=row["seed"],
        overrides=tuple(json.loads(row["overrides"])),
        started=row["started"],
        clock=row["clock"],
        finished=row["finished"],
        score=row["score"],
        passed=None if row["passed"] is None else bool(row["passed"]),
        tier=row["tier"],
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
