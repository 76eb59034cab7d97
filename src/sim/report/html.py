"""A self-contained HTML report: one file with the tables and the charts inlined, to mail or archive."""

from __future__ import annotations

import base64
import html
from datetime import UTC, datetime

from sim.report.rows import Row
from sim.scenarios import Scenario

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.7rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.better { color: #1a7f37; } .worse { color: #c0392b; } .same { color: #888; }
img { max-width: 100%; margin: 0.5rem 0 1.5rem; }
.note { color: #555; font-size: 0.9rem; }
"""


def comparison_html(
    scenario: Scenario,
    labels: list[str],
    rows: list[Row],
    charts: dict[str, bytes],
    replications: int,
    notes: list[str],
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
            cells.append(f"<td{css}>{esc(row.cell(index))}</td>")
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
numbers, and colours mark differences from <b>{esc(labels[0])}</b> that the intervals can tell apart.
Generated {stamp} by CareLab.</p>
<table><tr><th>figure</th>{head}</tr>{"".join(body)}</table>
{"".join(f'<p class="note">{esc(n)}</p>' for n in notes)}
{images}
</body></html>
"""
