"""The scenarios that ship with CareLab, found the same way from a wheel and from a clone.

The repository keeps them in its top-level `scenarios/` folder (whatif/, validation/, drills/); the wheel
carries that folder as package data at `sim/bundled_scenarios/` (see `[tool.hatch.build]` in pyproject.toml).
`importlib.resources` finds the installed copy; an editable install or a clone has none and uses the folder.
A scenario is also reachable by its bundled name, so `carelab run global_airline` works in any folder.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

PACKAGED = "bundled_scenarios"
"""The folder name of the bundled scenarios inside the installed `sim` package."""
FOLDERS = ("whatif", "validation", "drills", "history")
"""Where a bundled name is looked for, in this order."""


@cache
def bundled_root() -> Path:
    """The folder holding the bundled scenarios: installed package data, else the repository's folder."""
    packaged = files("sim").joinpath(PACKAGED)
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "scenarios"


def bundled_path(name: str) -> Path | None:
    """The bundled scenario called `name` (`global_airline` or `global_airline.yaml`), if there is one."""
    stem = name.removesuffix(".yaml").removesuffix(".yml")
    if not stem or "/" in stem or "\\" in stem or stem.startswith("."):
        return None
    for folder in FOLDERS:
        candidate = bundled_root() / folder / f"{stem}.yaml"
        if candidate.is_file():
            return candidate
    return None


def resolve(path: Path) -> Path:
    """`path` itself when it exists or names a folder; else the bundled scenario of that name, if any."""
    try:
        if path.exists() or len(path.parts) != 1:
            return path
    except (OSError, ValueError):
        return path  # read_document gives the located refusal
    return bundled_path(path.name) or path
