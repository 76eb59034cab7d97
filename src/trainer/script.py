"""Scripted trainees: a YAML list of timed steps played into a session, checked like scenarios are.

A script is read with the scenarios' own YAML reader and validated by pydantic models, so a bad step is
reported as FILE:LINE:COL: steps.3.reply.to: message, exactly like a bad scenario field. References to the
drill (mention ids, teams) are checked before anything is played; what only the drill's clock can tell
(a mention not posted yet) is reported at the step that tried it.

    trainee: Sam Morgan
    steps:
      - at: 3m
        open: m2
      - lookup: official twitter
      - reply: {to: m2, text: "...", private: false}
      - ask_channel: m2
      - escalate: {to: m2, team: bookings, transcript: true}
      - ignore: m5
      - at: 40m          # a step with only a time moves the clock

Texts may use the drill's variables (`${traveller.first}`, `${booking}`): each is read as the run drew it,
so one script plays every run of a drill with `vary`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, ValidationError, model_validator

from sim.scenarios.base import Model, located, raise_problems
from sim.scenarios.drill import Drill
from sim.scenarios.problems import Mark, Problem, ScenarioError
from sim.scenarios.units import Duration
from sim.scenarios.validation import problems_from
from sim.scenarios.variables import fill, text_problems
from sim.scenarios.yaml_source import Loc, read_document
from trainer.session import DrillSession, SessionError


class ReplyStep(Model):
    """Write to a customer."""

    to: str
    """The mention id."""
    text: str = Field(min_length=1)
    """What to write."""
    private: bool | None = None
    """By private message; where the customer wrote when left out."""


class AskChannelStep(Model):
    """Ask a customer which channel they prefer."""

    to: str
    """The mention id."""
    text: str | None = Field(default=None, min_length=1)
    """The question; a standard one signed with the trainee's name when left out."""


class EscalateStep(Model):
    """Hand a case over."""

    to: str
    """The mention id."""
    team: str
    """One of the drill's teams."""
    transcript: bool = True
    """Send the conversation with it."""
    note: str = ""
    """What the team should do."""


_SCENARIO_TOP = "sections like meta:, brand:, regions:"
_SCRIPT_TOP = "`steps:` holding the list of steps, and optionally `trainee:`"

_ACTIONS = ("open", "lookup", "reply", "ask_channel", "escalate", "ignore", "resolve", "notice", "listen")


class Step(Model):
    """One step: an optional time and at most one action (a step with only a time moves the clock)."""

    at: Duration | None = Field(default=None, ge=0)
    """Drill time of the step; right after the previous step when left out."""
    open: str | None = None
    """Open a mention (its id)."""
    lookup: str | None = Field(default=None, min_length=1)
    """Search the knowledge base."""
    reply: ReplyStep | None = None
    """Write to a customer."""
    ask_channel: str | AskChannelStep | None = None
    """Ask a customer (mention id, or {to, text}) which channel they prefer."""
    escalate: EscalateStep | None = None
    """Hand a case to a team."""
    ignore: str | None = None
    """Leave a mention unanswered on purpose."""
    resolve: str | None = None
    """Mark a conversation done."""
    notice: str | None = Field(default=None, min_length=1)
    """Post the desk's hours."""
    listen: bool = False
    """Search for posts that don't tag the brand."""

    @model_validator(mode="after")
    def _one_action(self) -> Step:
        chosen = self.actions_named()
        if len(chosen) > 1:
            raise ValueError(f"one action per step (this one has {', '.join(chosen)})")
        if not chosen and self.at is None:
            raise ValueError(f"a step needs a time (`at`) or one action: {', '.join(_ACTIONS)}")
        return self

    def actions_named(self) -> list[str]:
        """The action keys this step sets."""
        return [name for name in _ACTIONS if getattr(self, name) not in (None, False)]

    @property
    def action(self) -> str | None:
        """The step's action (named as the session's action types are), or None for a wait."""
        named = self.actions_named()
        return named[0] if named else None

    @property
    def mention(self) -> str | None:
        """The mention the step acts on, if any."""
        for value in (self.open, self.ignore, self.resolve):
            if value is not None:
                return value
        target = self.reply or self.escalate or self.ask_channel
        if target is None or isinstance(target, str):
            return target
        return target.to

    def texts(self) -> list[str]:
        """What the step writes or types (where the drill's variables may appear)."""
        ask = self.ask_channel if isinstance(self.ask_channel, AskChannelStep) else None
        found = [
            self.lookup,
            self.reply.text if self.reply else None,
            ask.text if ask else None,
            self.escalate.note if self.escalate else None,
            self.notice,
        ]
        return [text for text in found if text]

    def perform(self, session: DrillSession) -> None:
        """Move the clock to the step's time and take its action, its texts read with this run's values."""

        def filled(text: str) -> str:
            return fill(text, session.variables)

        if self.at is not None:
            session.advance_to(self.at)
        if self.open is not None:
            session.open(self.open)
        elif self.lookup is not None:
            session.lookup(filled(self.lookup))
        elif self.reply is not None:
            session.reply(self.reply.to, filled(self.reply.text), self.reply.private)
        elif self.ask_channel is not None:
            ask = self.ask_channel
            to, text = (ask, None) if isinstance(ask, str) else (ask.to, ask.text)
            session.ask_channel(to, filled(text) if text else None)
        elif self.escalate is not None:
            e = self.escalate
            session.escalate(e.to, e.team, e.transcript, filled(e.note))
        elif self.ignore is not None:
            session.ignore(self.ignore)
        elif self.resolve is not None:
            session.resolve(self.resolve)
        elif self.notice is not None:
            session.post_notice(filled(self.notice))
        elif self.listen:
            session.listen()


class Script(Model):
    """A scripted trainee."""

    trainee: str | None = Field(default=None, min_length=1)
    """The name the trainee signs with; the drill's when left out."""
    steps: list[Step] = Field(min_length=1)
    """What the trainee does, in order."""

    @model_validator(mode="after")
    def _in_time_order(self) -> Script:
        problems, last = [], 0.0
        for i, step in enumerate(self.steps):
            if step.at is not None:
                if step.at < last:
                    problems.append(
                        located(f"steps.{i}.at", "goes back in time (steps must be in time order)")
                    )
                last = max(last, step.at)
        raise_problems(problems)
        return self


@dataclass(frozen=True)
class LoadedScript:
    """A validated script and where each of its values was written."""

    script: Script
    loc: Loc

    def mark(self, index: int) -> Mark:
        """Where step `index` starts."""
        step = self.loc.child("steps")
        node = step.child(index) if step else None
        return node.mark if node else self.loc.mark

    def problem(self, index: int, message: str) -> Problem:
        """A located problem about step `index`."""
        return Problem(self.mark(index), f"steps.{index}", message)


def load_script(path: Path) -> LoadedScript:
    """Read and validate a script file.

    Raises:
        ScenarioError: every problem, located in the file.
    """
    try:
        document = read_document(path)
    except ScenarioError as exc:  # the reader speaks of scenario sections; a script has steps
        raise ScenarioError(
            [Problem(p.mark, p.path, p.message.replace(_SCENARIO_TOP, _SCRIPT_TOP)) for p in exc.problems]
        ) from None
    try:
        script = Script.model_validate(document.data)
    except ValidationError as exc:
        raise ScenarioError(problems_from(exc, Script, document.loc)) from None
    return LoadedScript(script, document.loc)


def reference_problems(loaded: LoadedScript, drill: Drill) -> list[Problem]:
    """Steps naming a mention, a team or a variable the drill does not have."""
    mentions = {m.id for m in drill.mentions}
    kinds = {name: variable.kind for name, variable in drill.vary.items()}
    problems = []
    for i, step in enumerate(loaded.script.steps):
        messages = [message for text in step.texts() for message in text_problems(text, kinds)]
        problems += [loaded.problem(i, message) for message in messages]
        if step.mention is not None and step.mention not in mentions:
            problems.append(
                loaded.problem(
                    i, f"no mention '{step.mention}' in this drill ({', '.join(sorted(mentions))})"
                )
            )
        if step.escalate is not None and step.escalate.team not in drill.teams:
            problems.append(loaded.problem(i, f"no team '{step.escalate.team}' ({', '.join(drill.teams)})"))
    return problems


def play(loaded: LoadedScript, session: DrillSession) -> None:
    """Play the script's steps into the session.

    A resumed session already holds some actions: the steps that produced them are checked against them and
    skipped, so the script that was interrupted continues the drill where it stopped.

    Raises:
        ScenarioError: a step the drill refused (or one that contradicts the stored actions), located at
            that step; the steps before it were played and kept.
    """
    stored = [action.type for action in session.actions]
    skipped = 0
    for i, step in enumerate(loaded.script.steps):
        if skipped < len(stored):
            if step.action is not None:
                if step.action != stored[skipped]:
                    message = f"the drill's action {skipped + 1} was '{stored[skipped]}', not '{step.action}'"
                    raise ScenarioError([loaded.problem(i, message)])
                skipped += 1
            continue
        try:
            step.perform(session)
        except SessionError as exc:
            raise ScenarioError([loaded.problem(i, str(exc))]) from None
