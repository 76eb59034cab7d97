"""Strict JSON for programs: `null` where a figure is undefined, never `NaN` or `Infinity`.

Python's `json` writes `NaN` and `Infinity` by default, which strict parsers (JavaScript's `JSON.parse`,
`jq`, most languages' standard readers) refuse. Every `--json` and `.json` file goes through `dumps_strict`,
which turns non-finite floats (an interval with one replication, a percentile of no answered mentions) into
`null` and then lets `json.dumps(..., allow_nan=False)` guard that nothing slipped through.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any


def strict(data: Any) -> Any:
    """`data` with every NaN or infinite float replaced by None, tuples as lists, numpy values as Python."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, Mapping):
        return {str(key): strict(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [strict(value) for value in data]
    if hasattr(data, "tolist"):  # numpy scalars and arrays, without importing numpy here
        return strict(data.tolist())
    return data


def dumps_strict(data: Any, indent: int | None = 2) -> str:
    """JSON text any strict parser reads; dates, paths and other plain values are written as strings."""
    return json.dumps(strict(data), indent=indent, default=str, allow_nan=False, ensure_ascii=False)
