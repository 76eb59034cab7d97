"""Scorecard renderings for the review screen: the verdict line, one mention's criteria, the practices.

Narrow terminals first: each verdict is a few short lines (mark, criterion, evidence, reason, tip) rather
than a five-column table that would fold every cell at 80 columns.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.text import Text

from trainer.rubric import CRITERIA, Scorecard, Verdict

MARKS = {"met": ("✓", "green"), "missed": ("✗", "bold red"), "not_applicable": ("–", "dim")}
TIER_STYLE = {"gold": "bold yellow", "silver": "bold white", "bronze": "bold dark_orange", "none": "dim"}


def headline(card: Scorecard) -> Text:
    """'82 / 100 · PASSED · silver · pass mark 70 · 52k people reached'."""
    line = Text.assemble((f" {card.score:g} / 100 ", "bold reverse"), " ")
    line.append("PASSED" if card.passed else "NOT PASSED", style="bold green" if card.passed else "bold red")
    line.append(" · tier ")
    line.append(card.tier, style=TIER_STYLE[card.tier])
    line.append(f" · pass mark {card.pass_mark:g} · {card.reach:,} people reached · ")
    sections = " ".join(f"{name} {'—' if v is None else f'{v:g}'}" for name, v in card.sections.items())
    line.append(sections, style="dim")
    return line


def verdicts(items: Iterable[Verdict], show_skipped: bool = False) -> RenderableType:
    """Each applicable verdict with its evidence, reason and, when missed, the tip."""
    parts: list[RenderableType] = []
    skipped = 0
    for v in items:
        if v.verdict == "not_applicable" and not show_skipped:
            skipped += 1
            continue
        mark, style = MARKS[v.verdict]
        fatal = " (fatal)" if v.criterion.fatal else ""
        parts.append(Text.assemble((f"{mark} ", style), (v.criterion.title, "bold"), f" {v.id}{fatal}"))
        if v.evidence:
            parts.append(Text(f"   evidence: {v.evidence}", style="dim"))
        parts.append(Text(f"   {v.reason}"))
        if v.tip:
            parts.append(Text(f"   tip: {v.tip}", style="italic cyan"))
    if skipped:
        parts.append(Text(f"{skipped} criteria did not apply.", style="dim"))
    return Group(*parts)


def practice_rows(card: Scorecard) -> list[tuple[str, str, str, str]]:
    """(practice, what it covers, met/applicable weight, percent) per practice the drill scored."""
    titles: dict[str, list[str]] = {}
    for criterion in CRITERIA:
        titles.setdefault(criterion.practice, []).append(criterion.title)
    rows = []
    for practice, (met, total) in sorted(card.practice_tallies().items()):
        rows.append(
            (practice, "; ".join(titles[practice]), f"{met:g}/{total:g}", f"{100 * met / total:.0f}%")
        )
    return rows


def practice_verdicts(card: Scorecard, practice: str) -> RenderableType:
    """Every applicable verdict of one practice, mention by mention: the evidence behind its percentage."""
    parts: list[RenderableType] = []
    for mention in card.mentions:
        found = [v for v in mention.criteria if v.criterion.practice == practice]
        if any(v.verdict != "not_applicable" for v in found):
            parts += [Text(f"{mention.id} {mention.author}", style="bold underline"), verdicts(found)]
    shift = [v for v in card.shift if v.criterion.practice == practice]
    if any(v.verdict != "not_applicable" for v in shift):
        parts += [Text("Shift", style="bold underline"), verdicts(shift)]
    return Group(*parts)
