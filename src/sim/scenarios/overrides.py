"""Changing a scenario by field path: `--set`, variants and sweeps all speak this one language.

A path is dotted: `policies.coverage.mode`, `traffic.mix.complaint`. List items are addressed by index
(`regions.0.share`) or, friendlier and stable when the list is reordered, by their `name` or `id`
(`staffing.teams.uk.shifts.0.agents`). Values are written into plain data before validation, so the model
types them exactly as if they had been in the file.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from sim.scenarios.problems import Mark, Problem, ScenarioError, quoted
from sim.scenarios.yaml_source import Loc, parse_value


class PathError(ValueError):
    """A path that does not lead anywhere in the scenario."""


def split_assignment(text: str) -> tuple[str, str]:
    """Split `path=value`; the value may itself contain `=`."""
    path, sep, value = text.partition("=")
    if not sep or not path.strip():
        raise PathError(f"{quoted(text)} is not an assignment (expected path=value, e.g. meta.seed=7)")
    return path.strip(), value.strip()


def _list_index(items: list[Any], part: str, where: str) -> int:
    if part.lstrip("-").isdigit():
        index = int(part)
        if not -len(items) <= index < len(items):
            raise PathError(f"{where} has {len(items)} items; there is no item {index}")
        return index % len(items)
    names = [item.get("name", item.get("id")) if isinstance(item, dict) else None for item in items]
    if part in names:
        return names.index(part)
    known = ", ".join(str(n) for n in names if n is not None) or "none have a name"
    raise PathError(f"{where} has no item named {quoted(part)} (names: {known}; or use an index)")


def set_path(data: dict[str, Any], loc: Loc | None, path: str, value: Any, mark: Mark) -> None:
    """Set `value` at `path` in `data`, creating mappings on the way; record `mark` as where it came from."""
    parts = path.split(".")
    if not all(parts):
        raise PathError(f"{quoted(path)} is not a field path (expected names joined by dots)")
    node: Any = data
    for depth, part in enumerate(parts):
        where = ".".join(parts[:depth]) or "the scenario"
        last = depth == len(parts) - 1
        key: Any
        if isinstance(node, list):
            key = _list_index(node, part, where)
        elif isinstance(node, dict):
            key = part
        else:
            raise PathError(f"{where} is a single value; it has no field {quoted(part)}")
        if last:
            node[key] = value
        elif isinstance(node, dict) and (key not in node or node[key] is None):
            node[key] = {}
        node = node[key]
        loc = _step_loc(loc, key, mark, last)


def _step_loc(loc: Loc | None, key: Any, mark: Mark, last: bool) -> Loc | None:
    """Walk (and where needed grow) the location tree beside the data, so errors point at the override."""
    if loc is None:
        return None
    child = loc.child(key)
    if last or child is None:
        child = Loc(mark, key_mark=mark)
        if isinstance(loc.children, dict) or (isinstance(key, int) and key < len(loc.children)):
            loc.children[key] = child
    return child


def apply_assignments(data: dict[str, Any], loc: Loc | None, assignments: Iterable[str]) -> dict[str, Any]:
    """Apply `--set path=value` options to a copy of `data`, reporting every bad path, not just the first."""
    result = copy.deepcopy(data)
    problems: list[Problem] = []
    for text in assignments:
        mark = Mark(f"--set {text}")
        try:
            path, raw = split_assignment(text)
            set_path(result, loc, path, parse_value(raw, mark.source), mark)
        except PathError as exc:
            problems.append(Problem(mark, "", str(exc)))
    if problems:
        raise ScenarioError(problems)
    return result


def apply_values(data: dict[str, Any], values: dict[str, Any], source: str) -> dict[str, Any]:
    """Apply already-typed values by path (variants, sweeps) to a copy of `data`."""
    result = copy.deepcopy(data)
    problems: list[Problem] = []
    for path, value in values.items():
        try:
            set_path(result, None, path, copy.deepcopy(value), Mark(source))
        except PathError as exc:
            problems.append(Problem(Mark(source), path, str(exc)))
    if problems:
        raise ScenarioError(problems)
    return result
