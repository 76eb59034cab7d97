"""A self-contained HTML report: one file with the tables and the charts inlined, to mail or archive."""

from __future__ import annotations

import base64
import html
import math
from datetime import UTC, datetime

from sim.report.rows import MEANINGS, Row, percent
from sim.scenarios import Scenario

LocalHours = dict[str, dict[str, list[float]]]
"""Variant -> region -> service level in each local hour of arrival (0..23; NaN where none arrived)."""

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.7rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.better { color: #1a7f37; } .worse { color: #c0392b; } .same { color: #888; }
img { max-width: 100%; margin: 0.5rem 0 1.5rem; }
.note { color: #555; font-size: 0.9rem; }
"""


def _local_hour_table(local_hours: LocalHours) -> str:
    """Hours as rows, one column per region and variant."""
    columns = [(label, region) for label, regions in local_hours.items() for region in regions]
    if not columns:
        return ""
    esc = html.escape
    head = "".join(f"<th>{esc(region)}: {esc(label)}</th>" for label, region in columns)
    body = []
    for hour in range(24):
        cells = []
        for label, region in columns:
            levels = local_hours[label][region]
            value = levels[hour] if hour < len(levels) else math.nan
            cells.append(f"<td>{'—' if math.isnan(value) else percent(value)}</td>")
        body.append(f"<tr><td>{hour:02d}:00</td>{''.join(cells)}</tr>")
    return f"<table><tr><th>local hour</th>{head}</tr>{''.join(body)}</table>"


def comparison_html(
    scenario: Scenario,
    labels: list[str],
    rows: list[Row],
    charts: dict[str, bytes],
    replications: int,
    notes: list[str],
    local_hours: LocalHours,
) -> str:
    """The report of a comparison as one HTML document."""
    esc = html.escape
    head = "".join(f"<th>{esc(label)}</th>" for label in labels)
    body = []
    for row in rows:
        cells = []
        for index in range(len(labels)):
            verdict = row.verdict(index)
            css = f' class="{verdict}"' if verdict else ""
            mark = f" {row.mark(index)}" if row.mark(index) else ""
            cells.append(f"<td{css}>{esc(row.cell(index))}{mark}</td>")
        body.append(f"<tr><td>{esc(row.title)}</td>{''.join(cells)}</tr>")
    images = "".join(
        f'<h3>{esc(name.replace("-", " "))}</h3><img alt="{esc(name)}" '
        f'src="data:image/png;base64,{base64.b64encode(png).decode()}">'
        for name, png in charts.items()
    )
    descriptions = "".join(
        f"<li><b>{esc(name)}</b>: {esc(scenario.variants[name].description)}</li>"
        for name in labels
        if name in scenario.variants
    )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(scenario.meta.title)}</title>
<style>{_STYLE}</style></head><body>
<h1>{esc(scenario.meta.title)}</h1>
<p>{esc(scenario.meta.description)}</p>
<ul>{descriptions}</ul>
<p class="note">Means over {replications} replications with 95% confidence intervals; variants share random
numbers. ▲/▼ mark a figure higher/lower than <b>{esc(labels[0])}</b> by more than the 95% interval of the
paired difference; green is better, red is worse. Generated {stamp} by CareLab.</p>
<table><tr><th>figure</th>{head}</tr>{"".join(body)}</table>
{"".join(f'<p class="note">{esc(n)}</p>' for n in notes)}
<h2>Service level by local hour of arrival</h2>
<p class="note">Each region on its own clock: the share of the mentions that arrived in that local hour and
were replied to within their kind's target (means over replications).</p>
{_local_hour_table(local_hours)}
<h2>What the figures mean</h2>
<dl>{"".join(f"<dt>{esc(term)}</dt><dd>{esc(meaning)}.</dd>" for term, meaning in MEANINGS)}</dl>
{images}
</body></html>
"""
