"""Render a `carelab` command as a person reads it at a given width, and check the table rules.

Reusable for any command that prints tables: `render` runs it with `COLUMNS` set (None: piped, no width), and
`assert_readable` checks that no line is wider than the terminal and that every name appears whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from sim.cli.main import app
from sim.scenarios import KINDS, Scenario

runner = CliRunner()


def render(args: Sequence[str], width: int | None, monkeypatch: pytest.MonkeyPatch) -> str:
    """What `carelab ARGS` prints on stdout at `width` columns (None: into a pipe); it must succeed."""
    if width is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", str(width))
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def scenario_names(scenario: Scenario, kinds: Iterable[str] = KINDS) -> list[str]:
    """The kind, region and team names a table of `scenario` shows."""
    teams = [team.name for team in scenario.staffing.teams] if scenario.staffing else []
    return [*kinds, *(region.name for region in scenario.regions), *teams]


def assert_readable(text: str, width: int | None, names: Iterable[str]) -> None:
    """No line wider than `width`, no name cut ('…') or broken across lines: each appears whole on a line."""
    lines = text.splitlines()
    assert lines, "nothing printed"
    if width is not None:
        too_wide = [line for line in lines if cell_len(line) > width]
        assert not too_wide, f"{len(too_wide)} lines wider than {width}: {too_wide[0]!r}"
    assert "…" not in text, next(line for line in lines if "…" in line)
    missing = [name for name in names if not any(name in line for line in lines)]
    assert not missing, f"names not shown whole: {missing}\n{text}"
