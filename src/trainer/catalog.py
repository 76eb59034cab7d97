"""Which drills a trainee can start: the bundled ones, their own, and any file named on the command line.

Headless (no Textual) so the home screen only lists what this finds. A file that does not load is kept in the
list with its first problem, instead of vanishing: a trainee who dropped a broken drill into their folder sees
why it cannot start.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sim.scenarios import Scenario, ScenarioError, load_scenario
from sim.scenarios.bundled import bundled_root
from trainer.rubric import CRITERIA
from trainer.store import home

BUNDLED_DIR = bundled_root() / "drills"
"""The drills that ship with CareLab (package data when installed, the repository's `scenarios/drills/`)."""

Source = Literal["bundled", "local", "file"]


def local_dir() -> Path:
    """The trainee's own drills: `drills/` in CareLab's home."""
    return home() / "drills"


@dataclass(frozen=True)
class DrillEntry:
    """One drill the home screen offers."""

    path: Path
    source: Source
    scenario: Scenario | None
    """None when the file does not load (see `problem`)."""
    problem: str = ""

    @property
    def title(self) -> str:
        """The drill's title, or the file name when it does not load."""
        return self.scenario.meta.title if self.scenario is not None else self.path.name

    @property
    def description(self) -> str:
        """What the drill is about (or why it cannot start)."""
        if self.scenario is None:
            return f"Cannot start: {self.problem}"
        return self.scenario.meta.description.strip()

    @property
    def practices(self) -> list[str]:
        """The practices the rubric can score in this drill: criteria whose kinds its mentions have."""
        if self.scenario is None or self.scenario.drill is None:
            return []
        drill = self.scenario.drill
        kinds = {m.kind for m in drill.mentions}
        found = {
            c.practice
            for c in CRITERIA
            if (c.kinds is None or kinds & set(c.kinds)) and (c.scope == "mention" or drill.hours is not None)
        }
        return sorted(found)


def discover(
    files: Sequence[Path] = (), bundled: Path | None = BUNDLED_DIR, local: Path | None = None
) -> list[DrillEntry]:
    """Files named on the command line first, then the trainee's drills, then the bundled ones.

    Args:
        files: Drill files given explicitly.
        bundled: The bundled drills folder (None: leave them out, as tests do).
        local: The trainee's drills folder; `local_dir()` when None.
    """
    entries = [_load(path, "file") for path in files]
    entries += [_load(path, "local") for path in _yaml_in(local if local is not None else local_dir())]
    if bundled is not None:
        entries += [_load(path, "bundled") for path in _yaml_in(bundled)]
    return entries


def _yaml_in(folder: Path) -> Iterable[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


def _load(path: Path, source: Source) -> DrillEntry:
    try:
        scenario = load_scenario(path)
    except ScenarioError as error:
        return DrillEntry(path, source, None, str(error.problems[0]))
    except OSError as error:
        return DrillEntry(path, source, None, f"{path}: {error.strerror}")
    if scenario.drill is None:
        return DrillEntry(path, source, None, f"{path.name} has no `drill` section")
    return DrillEntry(path, source, scenario)
