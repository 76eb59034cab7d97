"""Shared fixtures: keep the user's machine (CareLab home, terminal width) out of every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point CARELAB_HOME at a temporary folder so no test reads or writes a real trainee history."""
    monkeypatch.setenv("CARELAB_HOME", str(tmp_path / "carelab-home"))
    monkeypatch.setenv("COLUMNS", "120")
    yield


@pytest.fixture
def write_yaml(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a YAML text into a temporary file and return its path."""

    def write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
