"""`DrillSession`: a drill as a plain object that a test, a script or the Textual app drives with calls.

The session owns the simulated clock. Mentions arrive, customers react and complaints spread only when the
clock moves (`advance`), and every action is stamped with the clock and handed to the journal as it happens,
so the store holds the drill's whole input: the scenario, the seed of the one random generator, and the
actions. Replaying them rebuilds the same state and the same score.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np

from sim.scenarios import Scenario, draw_variables
from sim.scenarios.drill import KnowledgeEntry, match_pattern
from sim.scenarios.units import format_duration
from trainer import language
from trainer.clock import MINUTES_PER_DAY, DrillClock
from trainer.record import DrillRecord, Handoff, HoursNotice, Message, Search
from trainer.rubric import Scorecard, score
from trainer.session import knowledge
from trainer.session.actions import (
    Action,
    AskChannel,
    Escalate,
    Ignore,
    Listen,
    LookUp,
    Open,
    Pause,
    PostNotice,
    Reply,
    Resolve,
)
from trainer.session.background import with_background
from trainer.session.conversation import Conversation, InboxItem
from trainer.session.reactions import Rule, reply_triggers, rules_for
from trainer.session.spread import Spread


class SessionError(Exception):
    """An action the drill cannot take: an unknown mention, one not in the inbox yet, time running back."""


class Journal(Protocol):
    """Where a session writes what happens as it happens (the store, in the app and the CLI)."""

    def action(self, action: Action) -> None:
        """An action was applied."""

    def clock(self, now: float) -> None:
        """The clock moved."""

    def finished(self, scorecard: Scorecard) -> None:
        """The drill was finished and scored."""


@dataclass(frozen=True)
class Happening:
    """Something the trainee should notice: a new mention in the inbox, or a customer writing again."""

    at: float
    mention: str
    what: Literal["arrived", "follow_up"]
    text: str


@dataclass(frozen=True, order=True)
class _Due:
    """A scheduled event: a mention's arrival (no rule) or a customer's reaction."""

    at: float
    seq: int
    mention: str = field(compare=False)
    rule: Rule | None = field(compare=False, default=None)
    since: float = field(compare=False, default=0.0)
    """For reactions: when their trigger happened."""
    private: bool = field(compare=False, default=False)
    """For reactions: where the customer was answered."""


class DrillSession:
    """A running drill: clock, inbox, conversations, knowledge base, customer reactions and reach."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        rng: np.random.Generator,
        trainee: str | None = None,
        journal: Journal | None = None,
    ) -> None:
        """Start a drill at minute 0.

        Args:
            scenario: A scenario with a `drill` section.
            rng: The drill's only source of randomness (its variables, from a child of it, and reshare
                cascades); seed it to replay a drill.
            trainee: The name the trainee signs with; the drill's `trainee` when left out.
            journal: Receives every action and clock move (None: nothing is kept).
        """
        if scenario.drill is None:
            raise SessionError(f"scenario '{scenario.meta.id}' has no `drill` section")
        scenario = draw_variables(scenario, rng)
        self.scenario = scenario
        self.variables = scenario.drawn
        """This run's values of the drill's variables, by reference (e.g. 'traveller.first'); empty for a
        drill without `vary`."""
        self.drill = with_background(scenario)
        self.trainee = trainee or self.drill.trainee
        self.clock = DrillClock.for_scenario(scenario)
        self.journal = journal
        self._now = 0.0
        self._due: list[_Due] = []
        self._seq = itertools.count()
        self._conversations = {m.id: Conversation(m, self.drill.target_for(m)) for m in self.drill.mentions}
        self._answers = {
            m.id: {fact: [match_pattern(s) for s in self.drill.entry(fact).match] for fact in m.expect.facts}
            for m in self.drill.mentions
        }
        self._searches: list[Search] = []
        self._notices: list[HoursNotice] = []
        self._pauses: list[float] = []
        self._actions: list[Action] = []
        self._scorecard: Scorecard | None = None
        self._spread = Spread(scenario, rng, self.drill.length)
        for mention in self.drill.mentions:
            if mention.spread is not None:
                self._spread.post(
                    mention.id, mention.at, mention.author.followers, mention.kind, mention.spread.branching
                )
            self._schedule(_Due(mention.at, next(self._seq), mention.id))
        self._handlers: dict[str, Callable[[Action], None]] = {
            "open": self._open,
            "lookup": self._lookup,
            "reply": self._reply,
            "ask_channel": self._ask_channel,
            "escalate": self._escalate,
            "ignore": self._ignore,
            "resolve": self._resolve,
            "notice": self._notice,
            "listen": self._listen,
            "pause": self._pause,
        }
        self._run_until(0.0)

    # The clock ---------------------------------------------------------------------------------------

    @property
    def now(self) -> float:
        """Drill minutes elapsed."""
        return self._now

    @property
    def finished(self) -> bool:
        """Whether the drill has been scored (no more actions)."""
        return self._scorecard is not None

    @property
    def actions(self) -> tuple[Action, ...]:
        """Every action applied so far, in order."""
        return tuple(self._actions)

    def advance(self, minutes: float) -> list[Happening]:
        """Move the clock on; returns what happened meanwhile, in order."""
        if minutes < 0:
            raise SessionError("the clock only moves forward")
        return self.advance_to(self._now + minutes)

    def advance_to(self, at: float) -> list[Happening]:
        """Move the clock to drill minute `at` (no further than the drill's end)."""
        self._check_running()
        target = min(at, self.drill.length)
        if target < self._now:
            raise SessionError(
                f"the clock is at {format_duration(self._now)}; it cannot go back to {format_duration(at)}"
            )
        happenings = self._run_until(target)
        self._now = target
        if self.journal is not None:
            self.journal.clock(self._now)
        return happenings

    # What the trainee sees ---------------------------------------------------------------------------

    def inbox(self) -> list[InboxItem]:
        """Visible mentions, oldest first."""
        now = self._now
        return [
            conv.inbox_item(now, self._reach(conv))
            for conv in self._conversations.values()
            if conv.visible_at is not None
        ]

    def conversation(self, mention_id: str) -> tuple[Message, ...]:
        """A visible mention's thread and conversation so far."""
        return tuple(self._visible(mention_id).messages)

    def reach(self, mention_id: str) -> int:
        """People a mention's conversation has reached so far (0 before it is posted)."""
        return self._reach(self._conversations[mention_id])

    @property
    def searches(self) -> tuple[Search, ...]:
        """Knowledge-base searches so far."""
        return tuple(self._searches)

    @property
    def notices(self) -> tuple[HoursNotice, ...]:
        """Hours notices posted so far."""
        return tuple(self._notices)

    # Actions -----------------------------------------------------------------------------------------

    def open(self, mention_id: str) -> tuple[Message, ...]:
        """Open a mention; returns its conversation."""
        self.apply(Open(at=self._now, mention=mention_id))
        return self.conversation(mention_id)

    def lookup(self, query: str) -> list[KnowledgeEntry]:
        """Search the knowledge base; returns the entries found, best first."""
        self.apply(LookUp(at=self._now, query=query))
        return [self.drill.entry(entry_id) for entry_id in self._searches[-1].found]

    def reply(self, mention_id: str, text: str, private: bool | None = None) -> None:
        """Write to a customer; in public unless `private` (default: where the customer wrote)."""
        if private is None:
            conv = self._conversations.get(mention_id)
            private = conv is not None and not conv.mention.is_public
        self.apply(Reply(at=self._now, mention=mention_id, text=text, private=private))

    def ask_channel(self, mention_id: str, text: str | None = None) -> None:
        """Ask a customer which channel they prefer; a standard question signed with the trainee's name."""
        question = text or (
            "Happy to sort this out with you. Would you rather we carry on here, by private message, "
            f"by e-mail or by phone? - {self.trainee.split()[0]}"
        )
        self.apply(AskChannel(at=self._now, mention=mention_id, text=question))

    def escalate(self, mention_id: str, team: str, transcript: bool = True, note: str = "") -> None:
        """Hand a case to a team, with the conversation so far unless `transcript` is False."""
        self.apply(Escalate(at=self._now, mention=mention_id, team=team, transcript=transcript, note=note))

    def ignore(self, mention_id: str) -> None:
        """Decide a mention needs no answer (spam, a troll)."""
        self.apply(Ignore(at=self._now, mention=mention_id))

    def resolve(self, mention_id: str) -> None:
        """Mark a conversation done."""
        self.apply(Resolve(at=self._now, mention=mention_id))

    def post_notice(self, text: str) -> None:
        """Post the desk's hours and when customers can expect an answer."""
        self.apply(PostNotice(at=self._now, text=text))

    def pause(self, seconds: float) -> None:
        """Record that the clock stood still now for `seconds` of real time (a drill may budget pauses)."""
        self.apply(Pause(at=self._now, seconds=seconds))

    def listen(self) -> list[str]:
        """Search for posts naming the brand without tagging it; returns the ids newly found."""
        hidden = {i for i, c in self._conversations.items() if c.arrived and c.visible_at is None}
        self.apply(Listen(at=self._now))
        return [i for i in self._conversations if i in hidden]

    def apply(self, action: Action) -> None:
        """Apply one action at its time (the clock moves there first) and journal it."""
        self._check_running()
        if action.at < self._now:
            when, clock = format_duration(action.at), format_duration(self._now)
            raise SessionError(f"an action at {when} comes before the drill's clock ({clock})")
        if action.at > self.drill.length:
            raise SessionError(f"the drill ends at {format_duration(self.drill.length)}")
        self.advance_to(action.at)
        self._handlers[action.type](action)
        self._actions.append(action)
        if self.journal is not None:
            self.journal.action(action)

    def record(self) -> DrillRecord:
        """Everything that happened so far, frozen for the rubric."""
        return DrillRecord(
            drill=self.drill,
            clock=self.clock,
            trainee=self.trainee,
            ended_at=self._now,
            mentions=tuple(conv.record(self.reach(i)) for i, conv in self._conversations.items()),
            searches=tuple(self._searches),
            notices=tuple(self._notices),
            pauses=tuple(self._pauses),
            variables=dict(self.variables),
        )

    def finish(self) -> Scorecard:
        """End the drill now and score it."""
        self._check_running()
        card = score(self.record())
        self._scorecard = card
        if self.journal is not None:
            self.journal.finished(card)
        return card

    # Handlers ----------------------------------------------------------------------------------------

    def _pause(self, action: Action) -> None:
        assert isinstance(action, Pause)
        self._pauses.append(action.seconds)

    def _open(self, action: Action) -> None:
        assert isinstance(action, Open)
        conv = self._visible(action.mention)
        if conv.opened_at is None:
            conv.opened_at = action.at

    def _lookup(self, action: Action) -> None:
        assert isinstance(action, LookUp)
        found = knowledge.search(self.drill.knowledge, action.query)
        self._searches.append(Search(action.at, action.query, tuple(e.id for e in found)))

    def _reply(self, action: Action) -> None:
        assert isinstance(action, Reply)
        conv = self._visible(action.mention)
        self._send(conv, Message(action.at, "brand", action.text, action.private, "reply"))

    def _ask_channel(self, action: Action) -> None:
        assert isinstance(action, AskChannel)
        conv = self._visible(action.mention)
        self._send(conv, Message(action.at, "brand", action.text, not conv.mention.is_public, "ask_channel"))

    def _escalate(self, action: Action) -> None:
        assert isinstance(action, Escalate)
        conv = self._visible(action.mention)
        if action.team not in self.drill.teams:
            raise SessionError(f"no team '{action.team}' (teams: {', '.join(self.drill.teams)})")
        conv.handoffs.append(Handoff(action.at, action.team, action.transcript, action.note))
        if not action.transcript:
            self._react(conv, conv.rule("no_transcript"), private=not conv.mention.is_public)

    def _ignore(self, action: Action) -> None:
        assert isinstance(action, Ignore)
        conv = self._visible(action.mention)
        if conv.ignored_at is None:
            conv.ignored_at = action.at

    def _resolve(self, action: Action) -> None:
        assert isinstance(action, Resolve)
        conv = self._visible(action.mention)
        if conv.resolved_at is None:
            conv.resolved_at = action.at

    def _notice(self, action: Action) -> None:
        assert isinstance(action, PostNotice)
        self._notices.append(HoursNotice(action.at, action.text))

    def _listen(self, action: Action) -> None:
        for conv in self._conversations.values():
            if conv.arrived and conv.visible_at is None:
                conv.visible_at = action.at

    # Internals ---------------------------------------------------------------------------------------

    def _check_running(self) -> None:
        if self._scorecard is not None:
            raise SessionError("the drill is finished")

    def _reach(self, conv: Conversation) -> int:
        if not conv.arrived:
            return 0
        return conv.mention.author.followers + self._spread.reshare_reach(conv.mention.id, self._now)

    def _visible(self, mention_id: str) -> Conversation:
        conv = self._conversations.get(mention_id)
        if conv is None:
            raise SessionError(f"no mention '{mention_id}' in this drill")
        if not conv.arrived:
            raise SessionError(f"'{mention_id}' has not been posted yet")
        if conv.visible_at is None:
            raise SessionError(
                f"'{mention_id}' is not in the inbox: posts that don't tag the brand appear after a "
                "listening search"
            )
        return conv

    def _send(self, conv: Conversation, message: Message) -> None:
        """A trainee's message: record it, let the customer react, damp the spread of a good public answer."""
        mention = conv.mention
        conv.messages.append(message)
        answers = self._answers[mention.id]
        conv.facts_given |= {
            f for f, patterns in answers.items() if language.fact_spans(patterns, message.text)
        }
        all_patterns = [p for patterns in answers.values() for p in patterns]
        triggers = reply_triggers(
            mention, message.text, all_patterns, bool(answers) and conv.facts_given >= set(answers)
        )
        if message.via == "ask_channel":
            triggers.add("channel_question")
        for trigger in sorted(triggers):
            self._react(conv, conv.rule(trigger), private=message.private)
        for rule in conv.rules:
            if rule.match is not None and rule.match.search(message.text):
                self._react(conv, rule, private=message.private)
        self._promise_watch(conv, message)
        if not message.private:
            if conv.reach_at_first_public_reply is None:
                conv.reach_at_first_public_reply = self.reach(mention.id)
            if (
                language.deflection(message.text, all_patterns) is None
                and language.abuse(message.text) is None
            ):
                self._spread.damp(mention.id, message.at)

    def _promise_watch(self, conv: Conversation, message: Message) -> None:
        """A named time becomes a check: if the trainee says nothing by then, the customer says so."""
        rule = conv.rule("broken_promise")
        close = self.drill.hours.close if self.drill.hours is not None else MINUTES_PER_DAY
        promise = language.promised_time(message.text, self.clock.minute_of_day(message.at), close)
        if rule is None or promise is None or rule in conv.fired:
            return
        due = message.at + promise.delay + rule.after
        self._schedule(_Due(due, next(self._seq), conv.mention.id, rule, message.at, message.private))

    def _react(self, conv: Conversation, rule: Rule | None, private: bool) -> None:
        if rule is None or rule in conv.fired:
            return
        conv.fired.add(rule)
        self._schedule(
            _Due(self._now + rule.after, next(self._seq), conv.mention.id, rule, self._now, private)
        )

    def _schedule(self, due: _Due) -> None:
        heapq.heappush(self._due, due)

    def _run_until(self, at: float) -> list[Happening]:
        happenings: list[Happening] = []
        while self._due and self._due[0].at <= at:
            due = heapq.heappop(self._due)
            self._now = max(self._now, due.at)
            happening = self._arrive(due) if due.rule is None else self._follow_up(due, due.rule)
            if happening is not None:
                happenings.append(happening)
        return happenings

    def _arrive(self, due: _Due) -> Happening | None:
        conv = self._conversations[due.mention]
        mention = conv.mention
        conv.arrived = True
        told_hours = any(n.at <= due.at for n in self._notices)
        factor = self.scenario.policies.coverage.notice_patience_factor if told_hours else 1.0
        conv.rules = rules_for(mention, self.drill.reactions, factor)
        conv.messages.append(Message(due.at, "customer", mention.text, not mention.is_public, "mention"))
        silence = conv.rule("silence")
        if silence is not None:
            conv.fired.add(silence)
            self._schedule(_Due(due.at + silence.after, next(self._seq), mention.id, silence, due.at, False))
        if not mention.tagged:
            return None
        conv.visible_at = due.at
        return Happening(due.at, mention.id, "arrived", mention.text)

    def _follow_up(self, due: _Due, rule: Rule) -> Happening | None:
        conv = self._conversations[due.mention]
        if rule.trigger == "silence" and conv.answered_yet:
            return None
        if rule.trigger == "broken_promise" and conv.brand_wrote_since(due.since):
            return None
        if rule.trigger == "broken_promise":
            conv.fired.add(rule)
        private = due.private if rule.private is None else rule.private
        conv.messages.append(Message(due.at, "customer", rule.text, private, "follow_up", rule.trigger))
        if rule.trigger == "channel_question":
            conv.preferred = conv.mention.author.prefers
        if rule.spreads and not private:
            author = conv.mention.author
            self._spread.post(conv.mention.id, due.at, author.followers, conv.mention.kind)
        return Happening(due.at, conv.mention.id, "follow_up", rule.text)
