"""Sweep grids from `--vary path=values`: ranges like `1..10`, steps like `0..1..0.25`, lists like `a,b`."""

from __future__ import annotations

import itertools
import math
from typing import Any

import yaml

from sim.experiments.estimate import MAX_SWEEP_POINTS
from sim.scenarios.overrides import PathError, split_assignment
from sim.scenarios.problems import quoted


def _scalar(text: str) -> Any:
    """A value typed as YAML would type it: `5` an int, `0.5` a float, `fifo` text."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def _range(text: str) -> list[Any]:
    parts = [_scalar(p) for p in text.split("..")]
    if len(parts) not in (2, 3) or not all(isinstance(p, int | float) for p in parts):
        raise PathError(f"'{text}' is not a range (expected start..end or start..end..step, like 1..10)")
    start, end = parts[0], parts[1]
    step = parts[2] if len(parts) == 3 else 1
    if step <= 0 or end < start:
        raise PathError(f"'{text}' is empty (expected start <= end and a step above 0)")
    count = round((end - start) / step + 1e-9) + 1
    if count > MAX_SWEEP_POINTS:
        raise PathError(
            f"{quoted(text)} gives {count:,} values (a sweep runs at most {MAX_SWEEP_POINTS:,} points)"
        )
    values = [start + i * step for i in range(count)]
    if all(isinstance(p, int) for p in parts):
        return [int(v) for v in values]
    return [round(v, 12) for v in values]


def parse_vary(text: str) -> tuple[str, list[Any]]:
    """Parse one `--vary` option into a field path and its values."""
    path, raw = split_assignment(text)
    if ".." in raw:
        return path, _range(raw)
    values = [_scalar(v.strip()) for v in raw.split(",") if v.strip()]
    if not values:
        raise PathError(f"'{text}' gives no values (expected path=1..10 or path=a,b,c)")
    return path, values


def grid(options: list[str]) -> list[dict[str, Any]]:
    """Every combination of the varied values, as {path: value} points in a stable order."""
    axes = [parse_vary(option) for option in options]
    paths = [path for path, _ in axes]
    if len(set(paths)) != len(paths):
        raise PathError("each field may be varied once")
    points = math.prod(len(values) for _, values in axes)
    if points > MAX_SWEEP_POINTS:
        raise PathError(
            f"the grid has {points:,} points (a sweep runs at most {MAX_SWEEP_POINTS:,}: vary fewer values)"
        )
    return [dict(zip(paths, combo, strict=True)) for combo in itertools.product(*(v for _, v in axes))]
