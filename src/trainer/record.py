"""What happened in a drill, frozen: the conversations, hand-overs, searches and notices the rubric scores.

The session builds this record; the rubric reads only this. Keeping the two apart means the rubric can be
tested with hand-made records and the session can change how it runs without touching a single check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sim.scenarios.drill import ContactChannel, Drill, DrillMention, ReactionTrigger
from trainer.clock import DrillClock

Sender = Literal["customer", "brand"]
Via = Literal["thread", "mention", "follow_up", "reply", "ask_channel"]
"""How a message came about: the customer's earlier posts, the mention itself, a customer's reaction, a
trainee's reply, or a trainee's question about the preferred channel."""


@dataclass(frozen=True)
class Message:
    """One post in a conversation."""

    at: float
    """Drill minutes (earlier thread posts are negative)."""
    by: Sender
    """Who wrote it."""
    text: str
    """What it says."""
    private: bool
    """Sent by private message rather than in public."""
    via: Via
    """How it came about."""
    trigger: ReactionTrigger | None = None
    """For a customer's follow-up: what set it off."""

    @property
    def needs_answer(self) -> bool:
        """A customer's post during the drill that the trainee still owes an answer (not a thank-you, not a
        troll asking for more)."""
        return self.by == "customer" and self.via != "thread" and self.trigger not in ("answered", "engaged")

    @property
    def by_trainee(self) -> bool:
        """Written by the trainee during the drill (not a brand post from before it)."""
        return self.via in ("reply", "ask_channel")


@dataclass(frozen=True)
class Handoff:
    """An escalation to a team."""

    at: float
    team: str
    transcript: bool
    """Whether the conversation went with it."""
    note: str = ""


@dataclass(frozen=True)
class Search:
    """A knowledge-base search and the entries it showed."""

    at: float
    query: str
    found: tuple[str, ...]


@dataclass(frozen=True)
class HoursNotice:
    """A public post stating when the desk is staffed and when to expect answers."""

    at: float
    text: str


@dataclass(frozen=True)
class MentionRecord:
    """One scripted mention and everything that happened around it."""

    mention: DrillMention
    target: float
    """First-response deadline in minutes after arrival."""
    visible_at: float | None
    """When the trainee could see it: its arrival if tagged, the listening search that found it if not."""
    messages: tuple[Message, ...]
    """The whole conversation in time order, thread included."""
    handoffs: tuple[Handoff, ...]
    opened_at: float | None
    ignored_at: float | None
    resolved_at: float | None
    preferred: ContactChannel | None
    """The channel the customer named when asked, once they answered."""
    reach: int
    """People reached by the end: the author's followers plus everyone the reshares reached."""
    reach_at_first_public_reply: int | None
    """Reach when the brand first answered in public (None if it never did)."""

    @property
    def arrived(self) -> float:
        """Arrival time in drill minutes."""
        return self.mention.at

    @property
    def brand_messages(self) -> tuple[Message, ...]:
        """What the trainee sent, in order."""
        return tuple(m for m in self.messages if m.by_trainee)

    @property
    def first_response(self) -> float | None:
        """When the trainee first wrote to the customer (any channel), or None."""
        return next((m.at for m in self.brand_messages), None)

    @property
    def follow_ups(self) -> tuple[Message, ...]:
        """The customer's reactions during the drill."""
        return tuple(m for m in self.messages if m.via == "follow_up")


@dataclass(frozen=True)
class DrillRecord:
    """A whole drill as the rubric sees it."""

    drill: Drill
    clock: DrillClock
    trainee: str
    """The name the trainee signs with."""
    ended_at: float
    """Drill minutes when the drill was finished."""
    mentions: tuple[MentionRecord, ...]
    """Every scripted mention, arrived or not."""
    searches: tuple[Search, ...]
    notices: tuple[HoursNotice, ...]
    pauses: tuple[float, ...] = ()
    """Real seconds of each pause of the clock, in order."""
    variables: dict[str, str] = field(default_factory=dict)
    """What the drill's variables read as in this run (by reference, e.g. 'traveller.first'), so a scored
    run can be reviewed against the values it was played with."""
