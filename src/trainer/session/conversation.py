"""One mention's conversation while the drill runs, and what the inbox shows of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sim.scenarios.base import Channel, Kind
from sim.scenarios.drill import ContactChannel, DrillMention, ReactionTrigger
from trainer.record import Handoff, MentionRecord, Message
from trainer.session.reactions import Rule

Status = Literal["new", "opened", "answered", "escalated", "ignored", "resolved"]


@dataclass(frozen=True)
class InboxItem:
    """A row of the trainee's inbox."""

    id: str
    handle: str
    name: str
    followers: int
    kind: Kind
    channel: Channel
    tagged: bool
    arrived: float
    """Drill minutes when it was posted."""
    waiting: float | None
    """Minutes the customer's oldest unanswered post has waited; None when nothing is owed (or the mention
    was ignored or resolved)."""
    first_response: float | None
    """Minutes from arrival to the first answer, once there is one."""
    status: Status
    reach: int
    """People reached so far: the author's followers plus the reshares."""


@dataclass(frozen=True)
class _Standing:
    """The part of an inbox row that does not move with the clock (the mention's own fields aside)."""

    owed_since: float | None
    """When the oldest post still owed an answer was written; None when nothing is owed or it is closed."""
    first_response: float | None
    status: Status


@dataclass
class Conversation:
    """The mutable state of one mention during a drill."""

    mention: DrillMention
    target: float
    messages: list[Message] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    """Reaction rules, fixed when the mention arrives."""
    arrived: bool = False
    visible_at: float | None = None
    handoffs: list[Handoff] = field(default_factory=list)
    opened_at: float | None = None
    ignored_at: float | None = None
    resolved_at: float | None = None
    preferred: ContactChannel | None = None
    fired: set[Rule] = field(default_factory=set)
    """Rules that already made the customer react (each reacts once)."""
    facts_given: set[str] = field(default_factory=set)
    reach_at_first_public_reply: int | None = None
    _cached: tuple[tuple[object, ...], _Standing] | None = field(default=None, repr=False, compare=False)
    """The inbox row's clock-free part and the state it was worked out from (see `_standing`)."""

    def __post_init__(self) -> None:
        self.messages = [
            Message(
                at=self.mention.at - post.ago,
                by="brand" if post.by_brand else "customer",
                text=post.text,
                private=False,
                via="thread",
            )
            for post in sorted(self.mention.thread, key=lambda p: -p.ago)
        ]

    @property
    def answered_yet(self) -> bool:
        """Whether the trainee has written to the customer at all."""
        return any(m.by_trainee for m in self.messages)

    def brand_wrote_since(self, since: float) -> bool:
        """Whether the trainee wrote after `since`."""
        return any(m.by_trainee and m.at > since for m in self.messages)

    def rule(self, trigger: ReactionTrigger) -> Rule | None:
        """This customer's rule for a built-in trigger, unless muted."""
        return next((r for r in self.rules if r.trigger == trigger), None)

    def status(self) -> Status:
        """Where the conversation stands, the most final state first."""
        if self.resolved_at is not None:
            return "resolved"
        if self.ignored_at is not None:
            return "ignored"
        if self.handoffs:
            return "escalated"
        if self.answered_yet:
            return "answered"
        return "opened" if self.opened_at is not None else "new"

    def inbox_item(self, now: float, reach: int) -> InboxItem:
        """The inbox row at `now`."""
        mention = self.mention
        standing = self._standing()
        return InboxItem(
            id=mention.id,
            handle=mention.author.handle,
            name=mention.author.name,
            followers=mention.author.followers,
            kind=mention.kind,
            channel=mention.channel,
            tagged=mention.tagged,
            arrived=mention.at,
            waiting=None if standing.owed_since is None else now - standing.owed_since,
            first_response=standing.first_response,
            status=standing.status,
            reach=reach,
        )

    def _standing(self) -> _Standing:
        """What the inbox row shows apart from the clock, worked out again only when the conversation changed.

        The app asks for every row on every clock tick, and rescanning a thousand conversations' messages
        each time was most of a tick. A conversation only ever grows (messages and hand-offs are appended,
        the opened, ignored and resolved stamps are set once), so their counts and stamps tell when the
        row can have changed.
        """
        version = (len(self.messages), len(self.handoffs), self.opened_at, self.ignored_at, self.resolved_at)
        if self._cached is None or self._cached[0] != version:
            self._cached = (version, self._work_out_standing())
        return self._cached[1]

    def _work_out_standing(self) -> _Standing:
        last_word = max((m.at for m in self.messages if m.by_trainee), default=None)
        owed = (m.at for m in self.messages if m.needs_answer and (last_word is None or m.at >= last_word))
        closed = self.resolved_at is not None or self.ignored_at is not None
        first = next((m.at for m in self.messages if m.by_trainee), None)
        return _Standing(
            owed_since=None if closed else next(owed, None),
            first_response=None if first is None else first - self.mention.at,
            status=self.status(),
        )

    def record(self, reach: int) -> MentionRecord:
        """The frozen record the rubric reads."""
        return MentionRecord(
            mention=self.mention,
            target=self.target,
            visible_at=self.visible_at,
            messages=tuple(self.messages),
            handoffs=tuple(self.handoffs),
            opened_at=self.opened_at,
            ignored_at=self.ignored_at,
            resolved_at=self.resolved_at,
            preferred=self.preferred,
            reach=reach,
            reach_at_first_public_reply=self.reach_at_first_public_reply,
        )
