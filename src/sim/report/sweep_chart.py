"""The response chart of a sweep: each figure against the first varied field, one line per other setting."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.report.charts import plt, png_bytes


def sweep_chart(records: list[dict[str, Any]], paths: list[str], metrics: list[str]) -> bytes:
    """PNG of every metric against the first varied path, with 95% bands; lines split by the other paths."""
    x_path, others = paths[0], paths[1:]
    figure, axes = plt.subplots(1, len(metrics), figsize=(4 * len(metrics), 3.4), squeeze=False)
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(tuple(record[p] for p in others), []).append(record)
    for axis, metric in zip(axes[0], metrics, strict=True):
        for key, group in groups.items():
            xs = [r[x_path] for r in group]
            positions = (
                np.arange(len(xs)) if any(isinstance(x, str) for x in xs) else np.asarray(xs, dtype=float)
            )
            means = np.asarray([r[metric] for r in group], dtype=float)
            low = np.asarray([r[f"{metric}.low"] for r in group], dtype=float)
            high = np.asarray([r[f"{metric}.high"] for r in group], dtype=float)
            label = ", ".join(f"{p.rsplit('.', 1)[-1]}={v}" for p, v in zip(others, key, strict=True)) or None
            axis.plot(positions, means, marker="o", label=label)
            axis.fill_between(positions, np.nan_to_num(low), np.nan_to_num(high), alpha=0.2)
            if isinstance(xs[0], str):
                axis.set_xticks(positions, xs, rotation=20)
        axis.set_title(metric, fontsize=9)
        axis.set_xlabel(x_path.rsplit(".", 1)[-1])
        axis.grid(alpha=0.3)
        if others:
            axis.legend(fontsize=7)
    return png_bytes(figure)
