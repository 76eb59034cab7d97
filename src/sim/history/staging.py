"""An import's rows parked on disk until the whole log is read, then written out as a history in time order.

What an import can only do once every row is in (drop the repeats of an id, put the rows in time order,
match the Twitter layout's replies to the posts they answer) needs the whole log at once. Kept in memory
as numpy columns that cost over 150 bytes a row at the peak (the columns, `np.unique`'s sort of the ids,
the time sort's copy), so a five-million-row log needed most of a gigabyte.

The rows go instead into a SQLite database in a temporary folder, a batch at a time. SQLite is in the
standard library and does exactly the missing part: its indexes and its sorter live in pages on disk, with
a small page cache in memory, so finding repeats (an index on the ids), matching replies (a join on an
index) and ordering by time (an external merge sort) take the same few megabytes for any size of log. The
sorted rows are read back a batch at a time into a `HistoryWriter`, so the history is never whole in
memory either. Ids are kept as text, so no two different ids can be mistaken for one.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

import numpy as np

from sim.mentions import NETWORKS
from sim.scenarios import CHANNELS
from sim.traffic.recorded import COLUMNS, UNKNOWN, HistoryWriter

BATCH = 16_384
"""Rows handed to SQLite, or read back from it, at a time: memory holds a batch, not the log."""
CACHE_KIB = 16_384
"""SQLite's page cache (KiB); beyond it, sorts and indexes spill to temporary files."""
MENTION_FIELDS = (
    "line", "id", "time", "region", "kind", "channel", "network", "tagged", "followers", "first_response",
    "resolved",
)  # fmt: skip
"""A staged mention: its log line, its id (text, or None), then the history's columns."""
POST_FIELDS = ("line", "id", "time", "kind", "handle")
"""A staged inbound post of the Twitter layout: `handle` codes the first account it names."""
REPLY_FIELDS = ("line", "target", "time", "replier")
"""A staged brand reply of the Twitter layout: the post it answers and who answered (coded)."""
_TABLES = {"mentions": MENTION_FIELDS, "posts": POST_FIELDS, "replies": REPLY_FIELDS}
_OUTPUT = tuple(name for name in COLUMNS if name != "kind_estimated")
"""The history's columns in the order the output queries select them."""


class Problems(Protocol):
    """Where the stage reports what it drops or notes (an `ImportReport`)."""

    def drop(self, reason: str, line: int, detail: str) -> None:
        """Count a row left out."""

    def note(self, reason: str, line: int, detail: str) -> None:
        """Count a row kept with something left out."""


class Stage:
    """Rows parked in a temporary SQLite database (see the module's docstring), appended a batch at a time."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="carelab-import-")
        self._db = sqlite3.connect(Path(self._folder.name) / "stage.sqlite3", isolation_level=None)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "temp_store=FILE", f"cache_size=-{CACHE_KIB}"):
            self._db.execute(f"PRAGMA {pragma}")
        for table, names in _TABLES.items():
            self._db.execute(f"CREATE TABLE {table} ({', '.join(names)})")
        self._pending: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _TABLES}

    def __enter__(self) -> Stage:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._db.close()
        self._folder.cleanup()

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        """Append one row (the fields of `table`, in order); rows reach SQLite a batch at a time."""
        pending = self._pending[table]
        pending.append(row)
        if len(pending) >= BATCH:
            self._flush(table)

    def _flush_all(self) -> None:
        """Hand every pending row to SQLite (before a query reads the tables)."""
        for table in _TABLES:
            self._flush(table)

    def _flush(self, table: str) -> None:
        rows = self._pending[table]
        marks = ", ".join("?" * len(_TABLES[table]))
        self._db.execute("BEGIN")
        self._db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        self._db.execute("COMMIT")
        rows.clear()

    def drop_repeats(self, table: str, column: str, problems: Problems) -> None:
        """Delete every row whose id an earlier line already had (rows without an id are all kept)."""
        self._flush_all()
        self._db.execute(f"CREATE INDEX {table}_id ON {table} (id) WHERE id IS NOT NULL")
        repeats = f"""
            SELECT later.rowid AS repeat_row, later.line, first.line
            FROM (SELECT id, MIN(rowid) AS row FROM {table} WHERE id IS NOT NULL GROUP BY id
                  HAVING COUNT(*) > 1) AS firsts
            JOIN {table} AS later ON later.id = firsts.id AND later.rowid > firsts.row
            JOIN {table} AS first ON first.rowid = firsts.row"""
        for _, line, earlier in self._db.execute(repeats):
            problems.drop("duplicate id", line, f"{column}: the same id as line {earlier}")
        self._db.execute(f"DELETE FROM {table} WHERE rowid IN (SELECT repeat_row FROM ({repeats}))")

    def write_mentions(self, writer: HistoryWriter, estimated: bool) -> None:
        """The staged mentions into `writer`, in time order (file order among equal times)."""
        self._flush_all()
        columns = ", ".join(_OUTPUT[:-1])  # all but the brand, which a mention log does not give
        query = f"SELECT {columns}, {UNKNOWN} FROM mentions ORDER BY time, rowid"
        self._write(writer, self._db.execute(query), estimated)

    def match_replies(self, handle_brand: list[int], replier_brand: list[int], problems: Problems) -> None:
        """Give each post its brand and its first response from the staged replies.

        A post's brand is the account its first @handle names (`handle_brand`, by handle code), else the
        brand of its earliest reply; its first response is its earliest reply by that brand. Replies to a
        post not in the file, and replies stamped before their post, are noted and left out.
        """
        self._flush_all()
        self._db.executescript("""
            CREATE TABLE handle_brand (handle INTEGER PRIMARY KEY, brand INTEGER);
            CREATE TABLE replier_brand (replier INTEGER PRIMARY KEY, brand INTEGER);
        """)
        self._db.executemany("INSERT INTO handle_brand VALUES (?, ?)", enumerate(handle_brand))
        self._db.executemany("INSERT INTO replier_brand VALUES (?, ?)", enumerate(replier_brand))
        unknown = "SELECT line, target FROM replies WHERE NOT EXISTS (SELECT 1 FROM posts WHERE id = target)"
        for line, target in self._db.execute(unknown):
            problems.note(
                "reply to an unknown post",
                line,
                f"in_response_to_tweet_id {target} is not an inbound post of this file",
            )
        self._db.executescript("""
            CREATE TABLE answers AS
                SELECT posts.rowid AS post, replier_brand.brand AS brand, replies.time - posts.time AS delay,
                       replies.line AS line
                FROM replies JOIN posts ON posts.id = replies.target
                JOIN replier_brand ON replier_brand.replier = replies.replier;
        """)
        for (line,) in self._db.execute("SELECT line FROM answers WHERE delay < 0 ORDER BY line"):
            problems.note("reply before its post", line, "created_at is before the post it answers")
        self._db.executescript(f"""
            DELETE FROM answers WHERE delay < 0;
            CREATE INDEX answers_post ON answers (post, delay, line);
            ALTER TABLE posts ADD COLUMN brand INTEGER;
            UPDATE posts SET brand = COALESCE(
                (SELECT brand FROM handle_brand WHERE handle = posts.handle AND brand != {UNKNOWN}),
                (SELECT brand FROM answers WHERE post = posts.rowid ORDER BY delay, line LIMIT 1),
                {UNKNOWN});
        """)

    def count_posts(self, brand: int | None = None) -> int:
        """Staged posts (of one brand code)."""
        where = "" if brand is None else f"WHERE brand = {int(brand)}"
        return int(self._db.execute(f"SELECT COUNT(*) FROM posts {where}").fetchone()[0])

    def write_posts(self, writer: HistoryWriter, brand: int | None) -> None:
        """The matched posts (of one brand code) into `writer` as public Twitter posts in time order."""
        where = "" if brand is None else f"WHERE brand = {int(brand)}"
        query = f"""
            SELECT time, 0, kind, {CHANNELS.index("public_post")}, {NETWORKS.index("twitter")},
                   brand != {UNKNOWN}, {UNKNOWN},
                   (SELECT MIN(delay) FROM answers WHERE post = posts.rowid AND answers.brand = posts.brand),
                   NULL, brand
            FROM posts {where} ORDER BY time, rowid"""
        self._write(writer, self._db.execute(query), estimated=True)

    def _write(self, writer: HistoryWriter, cursor: sqlite3.Cursor, estimated: bool) -> None:
        for rows in _batches(cursor):
            values = zip(*rows, strict=True)
            columns = {
                name: np.asarray(v, dtype=COLUMNS[name]) for name, v in zip(_OUTPUT, values, strict=True)
            }
            columns["kind_estimated"] = (columns["kind"] != UNKNOWN) & estimated
            writer.add(columns)


def _batches(cursor: sqlite3.Cursor) -> Iterator[list[Any]]:
    while rows := cursor.fetchmany(BATCH):
        yield rows
