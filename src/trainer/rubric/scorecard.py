"""Scoring a drill: every criterion's verdict, scores per mention and per drill, the pass and the tier.

Scores pool the weights of every applicable verdict, so a criterion counts the same wherever it applies; a
fatal breach zeroes its mention's share and fails the drill whatever the total. Nothing here is random or
fetched: the same record always gives the same scorecard.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from sim.scenarios.base import Kind
from sim.scenarios.drill import CriterionId
from trainer.record import DrillRecord, MentionRecord
from trainer.rubric.checks import DRILL_CHECKS, MENTION_CHECKS
from trainer.rubric.context import MentionContext, Outcome, VerdictValue, not_applicable
from trainer.rubric.criteria import CRITERIA, SECTIONS, Criterion, Section

Tier = Literal["gold", "silver", "bronze", "none"]
TIERS: tuple[tuple[float, Tier], ...] = ((90.0, "gold"), (75.0, "silver"))
"""Score thresholds of the upper tiers (as in common role-play trainers: 75+, 90+). Bronze is a pass below
silver; a drill that fails (below its pass mark, or with a fatal breach) earns no tier, so a medal always
means a pass."""


@dataclass(frozen=True)
class Verdict:
    """One criterion's verdict on one mention (or the shift)."""

    criterion: Criterion
    verdict: VerdictValue
    evidence: str
    """The matched words, or the measured time."""
    reason: str
    """One line, citing the practice: 'BP05: a phone number with nothing else'."""
    tip: str | None
    """Better wording (from the drill where its author wrote one) when missed."""

    @property
    def id(self) -> CriterionId:
        """The criterion's id."""
        return self.criterion.id

    def to_json(self) -> dict[str, Any]:
        """The verdict for `--json` output and the store."""
        c = self.criterion
        return {
            "id": c.id,
            "practice": c.practice,
            "section": c.section,
            "weight": c.weight,
            "fatal": c.fatal,
            "verdict": self.verdict,
            "evidence": self.evidence,
            "reason": self.reason,
            "tip": self.tip,
        }


@dataclass(frozen=True)
class MentionScore:
    """A mention's verdicts and score."""

    id: str
    kind: Kind
    author: str
    first_response_minutes: float | None
    score: float | None
    """0-100; None when nothing applied (posted after the drill was finished)."""
    breached: bool
    """A fatal criterion was missed: the score is 0."""
    reach: int
    criteria: tuple[Verdict, ...]

    def to_json(self) -> dict[str, Any]:
        """The mention's part of the `--json` output."""
        return {
            "id": self.id,
            "kind": self.kind,
            "author": self.author,
            "first_response_minutes": self.first_response_minutes,
            "score": self.score,
            "fatal_breach": self.breached,
            "reach": self.reach,
            "criteria": [v.to_json() for v in self.criteria],
        }


@dataclass(frozen=True)
class Scorecard:
    """The whole drill's result."""

    trainee: str
    score: float
    passed: bool
    tier: Tier
    pass_mark: float
    mentions: tuple[MentionScore, ...]
    shift: tuple[Verdict, ...]
    """Drill-wide verdicts (the hours notice)."""
    sections: dict[Section, float | None]
    """Score per section; None where nothing applied."""
    reach: int
    """People reached by the drill's conversations by the end."""
    ended_at: float
    variables: dict[str, str] = field(default_factory=dict)
    """The values this run drew for the drill's variables, by reference (empty for a drill without)."""

    def verdicts(self) -> Iterable[Verdict]:
        """Every verdict, mention by mention, then the shift's."""
        for mention in self.mentions:
            yield from mention.criteria
        yield from self.shift

    def practice_tallies(self) -> dict[str, tuple[float, float]]:
        """Met and applicable weight per practice, for proficiency (fatal criteria weigh 1 here)."""
        tallies: dict[str, tuple[float, float]] = {}
        for verdict in self.verdicts():
            if verdict.verdict == "not_applicable":
                continue
            weight = verdict.criterion.weight or 1.0
            met_so_far, total = tallies.get(verdict.criterion.practice, (0.0, 0.0))
            tallies[verdict.criterion.practice] = (
                met_so_far + (weight if verdict.verdict == "met" else 0.0),
                total + weight,
            )
        return tallies

    def to_json(self) -> dict[str, Any]:
        """The whole scorecard as plain data (what `--json` prints and the store keeps)."""
        return {
            "trainee": self.trainee,
            "score": self.score,
            "passed": self.passed,
            "tier": self.tier,
            "pass_mark": self.pass_mark,
            "sections": self.sections,
            "reach": self.reach,
            "ended_at_minutes": self.ended_at,
            "mentions": [m.to_json() for m in self.mentions],
            "shift": [v.to_json() for v in self.shift],
            "variables": dict(self.variables),
        }


def score(record: DrillRecord) -> Scorecard:
    """Score a drill's record against every criterion."""
    mentions = tuple(_score_mention(record, item) for item in record.mentions)
    shift = tuple(
        _verdict(record, c, DRILL_CHECKS[c.check](c, record), record.drill.tips)
        for c in CRITERIA
        if c.scope == "drill"
    )
    pooled: list[tuple[Verdict, bool]] = [(v, m.breached) for m in mentions for v in m.criteria]
    pooled += [(v, False) for v in shift]
    total = _percent(pooled)
    drill_score = 100.0 if total is None else total
    breached = any(m.breached for m in mentions)
    passed = drill_score >= record.drill.pass_mark and not breached
    sections = {s: _percent([(v, b) for v, b in pooled if v.criterion.section == s]) for s in SECTIONS}
    return Scorecard(
        trainee=record.trainee,
        score=drill_score,
        passed=passed,
        tier=_tier(drill_score, passed),
        pass_mark=record.drill.pass_mark,
        mentions=mentions,
        shift=shift,
        sections=sections,
        reach=sum(m.reach for m in mentions),
        ended_at=record.ended_at,
        variables=dict(record.variables),
    )


def _tier(drill_score: float, passed: bool) -> Tier:
    if not passed:
        return "none"
    return next((tier for floor, tier in TIERS if drill_score >= floor), "bronze")


def _score_mention(record: DrillRecord, item: MentionRecord) -> MentionScore:
    ctx = MentionContext(record, item)
    mention = item.mention
    verdicts = []
    for criterion in CRITERIA:
        if criterion.scope != "mention":
            continue
        if criterion.kinds is not None and mention.kind not in criterion.kinds:
            outcome = not_applicable(f"applies to {', '.join(criterion.kinds)} posts only")
        else:
            outcome = MENTION_CHECKS[criterion.check](criterion, ctx)
        verdicts.append(_verdict(record, criterion, outcome, mention.expect.tips))
    breached = any(v.criterion.fatal and v.verdict == "missed" for v in verdicts)
    share = _percent([(v, breached) for v in verdicts])
    first = item.first_response
    return MentionScore(
        id=mention.id,
        kind=mention.kind,
        author=mention.author.handle,
        first_response_minutes=None if first is None else first - item.arrived,
        score=0.0 if breached else share,
        breached=breached,
        reach=item.reach,
        criteria=tuple(verdicts),
    )


def _verdict(
    record: DrillRecord, criterion: Criterion, outcome: Outcome, tips: dict[CriterionId, str]
) -> Verdict:
    """The verdict, under the weight the drill gives the criterion (its `weights`, else the rubric's)."""
    if (weight := record.drill.weights.get(criterion.id)) is not None and not criterion.fatal:
        criterion = replace(criterion, weight=weight)
    tip = None
    if outcome.verdict == "missed":
        tip = tips.get(criterion.id) or record.drill.tips.get(criterion.id) or criterion.advice or None
    return Verdict(
        criterion, outcome.verdict, outcome.evidence, f"{criterion.practice}: {outcome.reason}", tip
    )


def _percent(verdicts: list[tuple[Verdict, bool]]) -> float | None:
    """Met weight over applicable weight, as 0-100; a breached mention's verdicts earn nothing."""
    applicable = [(v, b) for v, b in verdicts if v.verdict != "not_applicable" and not v.criterion.fatal]
    total = sum(v.criterion.weight for v, _ in applicable)
    if not total:
        return None
    earned = sum(v.criterion.weight for v, b in applicable if v.verdict == "met" and not b)
    return round(100.0 * earned / total, 1)
