"""Rich renderings for the command line: scorecards, where a drill stands, the history and proficiency."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sim.spreadsheet import InertWriter
from trainer import practices
from trainer.language import elapsed
from trainer.rubric import Proficiency, Scorecard, Verdict
from trainer.session import DrillSession
from trainer.store import DrillRow

_MARKS = {"met": "[green]✓ met[/]", "missed": "[red]✗ missed[/]", "not_applicable": "[dim]– n/a[/]"}
_TIER_STYLE = {"gold": "bold yellow", "silver": "bold white", "bronze": "bold dark_orange", "none": "dim"}


def _number(value: float | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value:g}{suffix}"


def scorecard(card: Scorecard, drill_id: int | None = None) -> RenderableType:
    """The whole scorecard: the verdict line, sections, mentions, and every applicable criterion."""
    verdict = "[bold green]PASSED[/]" if card.passed else "[bold red]NOT PASSED[/]"
    title = f"drill {drill_id}: " if drill_id is not None else ""
    head = Text.from_markup(
        f"{title}{card.trainee} scored [bold]{card.score:g}[/] / 100 (pass mark {card.pass_mark:g}) "
        f"{verdict}, tier [{_TIER_STYLE[card.tier]}]{card.tier}[/]; people reached {card.reach:,}"
    )
    sections = Table(title="Sections", title_justify="left")
    for name in card.sections:
        sections.add_column(name, justify="right")
    sections.add_row(*(_number(v) for v in card.sections.values()))
    mentions = Table(title="Mentions", title_justify="left")
    for column in ("id", "kind", "author", "first response", "score", "reach"):
        mentions.add_column(column, justify="right" if column in ("score", "reach") else "left")
    for m in card.mentions:
        first = "—" if m.first_response_minutes is None else elapsed(m.first_response_minutes)
        score = "[red]0 (fatal)[/]" if m.breached else _number(m.score)
        mentions.add_row(m.id, m.kind, m.author, first, score, f"{m.reach:,}")
    parts: list[RenderableType] = [head]
    if card.variables:
        parts.append(Text(run_values(card.variables)))
    parts += [sections, mentions]
    parts += [_criteria(f"{m.id} ({m.kind}, {m.author})", m.criteria) for m in card.mentions]
    parts.append(_criteria("Shift", card.shift))
    return Group(*parts)


def run_values(variables: Mapping[str, str]) -> str:
    """One line naming what a drill's variables drew in this run (a person with their handle), so a
    reviewer reads the scorecard against the names and numbers the trainee saw."""
    shown = [
        f"{name} {value}" + (f" ({variables[name + '.handle']})" if name + ".handle" in variables else "")
        for name, value in variables.items()
        if "." not in name
    ]
    return "This run's values: " + ", ".join(shown)


def _criteria(title: str, verdicts: Iterable[Verdict]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in ("criterion", "verdict", "evidence", "reason", "tip"):
        table.add_column(column, overflow="fold")
    skipped = 0
    for v in verdicts:
        if v.verdict == "not_applicable":
            skipped += 1
            continue
        table.add_row(v.id, _MARKS[v.verdict], Text(v.evidence), Text(v.reason), Text(v.tip or ""))
    if skipped:
        table.caption = f"{skipped} criteria not applicable"
    return table


def standing(session: DrillSession, drill_id: int) -> RenderableType:
    """Where an unfinished drill stands: the clock, the inbox and how many actions were taken."""
    clock = session.clock
    head = Text(
        f"drill {drill_id}: {session.scenario.meta.title}\n"
        f"clock {elapsed(session.now)} of {elapsed(session.drill.length)} "
        f"({clock.label(session.now)} local), {len(session.actions)} actions so far, "
        f"trainee {session.trainee}"
    )
    inbox = Table(title="Inbox", title_justify="left")
    for column in ("id", "author", "followers", "kind", "channel", "tagged", "status", "waiting", "reach"):
        inbox.add_column(column)
    for item in session.inbox():
        waiting = "—" if item.waiting is None else elapsed(round(item.waiting, 2))
        inbox.add_row(
            item.id,
            item.handle,
            f"{item.followers:,}",
            item.kind,
            item.channel,
            "yes" if item.tagged else "no",
            item.status,
            waiting,
            f"{item.reach:,}",
        )
    if session.variables:
        return Group(head, Text(run_values(session.variables)), inbox)
    return Group(head, inbox)


def history(rows: Sequence[DrillRow]) -> Table:
    """Past drills, oldest first."""
    table = Table(title="Drills", title_justify="left")
    for column in ("id", "started", "trainee", "scenario", "status", "score", "tier", "passed"):
        table.add_column(column)
    for row in rows:
        passed = "—" if row.passed is None else ("yes" if row.passed else "no")
        table.add_row(
            str(row.id),
            row.started,
            row.trainee,
            row.scenario_id,
            row.status,
            _number(row.score),
            row.tier or "—",
            passed,
        )
    return table


HISTORY_COLUMNS = ("id", "started", "trainee", "scenario", "status", "score", "tier", "passed")


def write_history_csv(
    rows: Sequence[DrillRow], stream: TextIO, practice_scores: Mapping[int, Mapping[str, float]] | None = None
) -> None:
    """Past drills as CSV (the CLI's `history --csv` and the app's export write the same file).

    With `practice_scores` (per drill id, each practice's score out of 100), one more column per practice,
    headed 'BP05 Don't deflect', empty where a drill did not exercise it.
    """
    scores = practice_scores or {}
    codes = sorted({code for row in rows for code in scores.get(row.id, {})})
    writer = InertWriter(stream, lineterminator="\n")
    writer.writerow([*HISTORY_COLUMNS, *(practices.label(code) for code in codes)])
    for row in rows:
        mine = scores.get(row.id, {})
        writer.writerow(
            [row.id, row.started, row.trainee, row.scenario_id, row.status, row.score, row.tier, row.passed]
            + [mine.get(code, "") for code in codes]
        )


def proficiency(trainee: str, levels: Sequence[Proficiency]) -> Table:
    """Per-practice proficiency, recency-weighted."""
    table = Table(title=f"Proficiency of {trainee} (recent drills weigh more)", title_justify="left")
    for column in ("practice", "score", "level", "drills", "latest"):
        table.add_column(column)
    for p in levels:
        table.add_row(practices.label(p.practice), f"{p.score:g}", p.level, str(p.drills), f"{p.latest:g}")
    return table
