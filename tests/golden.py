"""Golden files: a committed JSON result that a test compares against, so a change in behaviour shows in review.

Run the tests with `CARELAB_UPDATE_GOLDEN=1` to rewrite the files after an intended change, then read the diff
before committing it.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("CARELAB_UPDATE_GOLDEN") == "1"


def rounded(value: Any, digits: int = 6) -> Any:
    """The value with floats rounded (and NaN as None), so golden files do not churn on the last bit."""
    if isinstance(value, float):
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return None if math.isnan(value) else round(value, digits)
    if isinstance(value, dict):
        return {str(k): rounded(v, digits) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(v, digits) for v in value]
    return value


def check_golden(name: str, actual: Any) -> None:
    """Assert `actual` equals the committed `tests/golden/<name>.json` (or write it when updating)."""
    path = GOLDEN / f"{name}.json"
    data = rounded(actual)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return
    if not path.exists():
        raise AssertionError(f"{path} is missing: run with CARELAB_UPDATE_GOLDEN=1 to create it")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert data == expected, f"result differs from {path}; if intended, rerun with CARELAB_UPDATE_GOLDEN=1"
