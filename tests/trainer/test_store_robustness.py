"""The history database fails with a message, never a traceback; it is private; one drill, one terminal."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sim.cli.main import app
from trainer import drills
from trainer.store import DB_NAME, SCHEMA_VERSION, Store, StoreError, home

from .helpers import SMALL, scenario

runner = CliRunner()


def test_the_data_folder_and_database_are_private_to_the_user() -> None:
    with Store() as store:
        drills.start(scenario(), SMALL, store)
    assert stat.S_IMODE(home().stat().st_mode) == 0o700
    assert stat.S_IMODE((home() / DB_NAME).stat().st_mode) == 0o600


@pytest.mark.parametrize("content", [b"not a database at all" * 100, b"SQLite format 3\x00" + b"\x07" * 200])
def test_a_damaged_database_is_kept_aside_and_never_overwritten(content: bytes) -> None:
    home().mkdir(parents=True)
    (home() / DB_NAME).write_bytes(content)
    result = runner.invoke(app, ["drill", "history"])
    assert result.exit_code == 2 and "is damaged" in result.output, result.output
    [aside] = home().glob(f"{DB_NAME}.damaged-*")
    assert aside.read_bytes() == content
    assert runner.invoke(app, ["drill", "history"]).exit_code == 0  # a new history from then on


def test_a_newer_schema_is_refused_with_what_to_do() -> None:
    home().mkdir(parents=True)
    with sqlite3.connect(home() / DB_NAME) as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    result = runner.invoke(app, ["drill", "history"])
    assert result.exit_code == 2 and "newer CareLab" in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_database_or_home_is_refused_with_a_message(tmp_path: Path) -> None:
    with Store():
        pass
    (home() / DB_NAME).chmod(0o400)
    result = runner.invoke(app, ["drill", "history"])
    assert result.exit_code == 2 and "read-only" in result.output


def test_a_home_that_is_a_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    monkeypatch.setenv("CARELAB_HOME", str(not_a_folder))
    result = runner.invoke(app, ["drill", "history"])
    assert result.exit_code == 2 and "CARELAB_HOME" in result.output


def test_a_drill_is_continued_by_one_process_at_a_time() -> None:
    with Store() as first:
        drill_id, session = drills.start(scenario(), SMALL, first)
        session.advance_to(2)
    with Store() as one, Store() as other:
        drills.resume(drill_id, one)
        with pytest.raises(StoreError, match="being continued in another terminal"):
            drills.resume(drill_id, other)
    with Store() as again:
        drills.resume(drill_id, again)  # the claim ends with its store


def test_history_csv_writes_a_formula_like_name_as_text() -> None:
    with Store() as store:
        drills.start(scenario(), SMALL, store, trainee='=HYPERLINK("http://x","y")')
    result = runner.invoke(app, ["drill", "history", "--csv"])
    assert result.exit_code == 0
    assert "'=HYPERLINK" in result.stdout
