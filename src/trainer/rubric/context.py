"""What a check sees of one mention, and what it answers: a verdict with evidence and a reason."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from sim.scenarios.drill import KnowledgeEntry, match_pattern
from trainer.clock import MINUTES_PER_DAY
from trainer.language import elapsed
from trainer.record import DrillRecord, MentionRecord, Message

VerdictValue = Literal["met", "missed", "not_applicable"]


@dataclass(frozen=True)
class Outcome:
    """A check's finding: the verdict, what proves it, and why in one line (the practice id is added)."""

    verdict: VerdictValue
    evidence: str
    reason: str


def met(evidence: str, reason: str) -> Outcome:
    """The practice was followed."""
    return Outcome("met", evidence, reason)


def missed(evidence: str, reason: str) -> Outcome:
    """The practice was not followed."""
    return Outcome("missed", evidence, reason)


def not_applicable(reason: str) -> Outcome:
    """Nothing in this mention gives the practice a chance to show."""
    return Outcome("not_applicable", "", reason)


def quote(text: str, limit: int = 60) -> str:
    """A message shortened for evidence."""
    flat = " ".join(text.split())
    return f"'{flat}'" if len(flat) <= limit else f"'{flat[: limit - 3]}...'"


@dataclass(frozen=True)
class MentionContext:
    """One mention's record inside the whole drill's record."""

    drill_record: DrillRecord
    item: MentionRecord

    @property
    def mention_id(self) -> str:
        """The mention's id."""
        return self.item.mention.id

    @cached_property
    def sent(self) -> tuple[Message, ...]:
        """The trainee's messages to this customer."""
        return self.item.brand_messages

    @cached_property
    def answers(self) -> dict[str, list[re.Pattern[str]]]:
        """Patterns of each expected fact, by knowledge entry id."""
        drill = self.drill_record.drill
        return {f: [match_pattern(s) for s in drill.entry(f).match] for f in self.item.mention.expect.facts}

    @cached_property
    def answer_patterns(self) -> list[re.Pattern[str]]:
        """Every pattern of every expected fact: a reply matching one is (part of) an answer."""
        return [p for patterns in self.answers.values() for p in patterns]

    def entries(self, ids: list[str]) -> list[KnowledgeEntry]:
        """Knowledge entries by id."""
        return [self.drill_record.drill.entry(i) for i in ids]

    def others(self) -> list[MentionRecord]:
        """The drill's other mentions."""
        return [m for m in self.drill_record.mentions if m.mention.id != self.mention_id]

    def when(self, minutes: float) -> str:
        """A drill time as the trainee read it: '12m (21:12)'."""
        return f"{elapsed(minutes)} ({self.drill_record.clock.label(minutes)})"

    def local_minute(self, minutes: float) -> float:
        """Minute of the local day at the desk."""
        return self.drill_record.clock.minute_of_day(minutes)

    @property
    def end_of_day(self) -> float:
        """What 'end of day' means at this desk: its closing time, or midnight."""
        hours = self.drill_record.drill.hours
        return hours.close if hours is not None else MINUTES_PER_DAY
