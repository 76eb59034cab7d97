"""The drill block of a scenario: the scripted shift a trainee works through in the trainer.

The simulator ignores it; the trainer reads it. It lives with the other scenario models so that one file, one
schema and one validator serve managers and trainers alike. Everything the trainer's rubric judges against is
written here by the drill's author: the facts a reply must give, the actions good handling takes, the
deadline, and better wording per criterion. The rubric itself (what "deflection" or "an apology" looks like)
lives in the trainer; this module only names its criteria so that tips can be checked as they are typed.
"""

from __future__ import annotations

import re

# The standard library's own regex parser: no public API walks a pattern.
import re._parser as re_parser  # type: ignore[import-not-found]
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator

from sim.scenarios.base import Channel, Kind, Model, Name, Network, copy_of, located, raise_problems
from sim.scenarios.problems import quoted
from sim.scenarios.units import ClockTime, Duration, TimeZone
from sim.scenarios.variables import Variable

CriterionId = Literal[
    "first-response",
    "holding-time",
    "promise-kept",
    "follow-ups",
    "viral-response",
    "urgent-first",
    "facts",
    "official-assets",
    "no-deflection",
    "apology-remedy",
    "remedy-policy",
    "no-repeat",
    "sign-off",
    "not-canned",
    "in-public",
    "warm-thanks",
    "channel-asked",
    "escalation",
    "kb-lookup",
    "listening",
    "troll-ignored",
    "hours-notice",
    "privacy",
    "no-abuse",
    "pause-budget",
]
"""The trainer's rubric criteria, by id: tips are keyed by these (see the trainer's criteria table)."""

Tips = dict[CriterionId, str]
"""Better wording per criterion, shown to the trainee when they miss it."""

ContactChannel = Literal["public", "private", "email", "phone"]
"""How a customer can be answered: in public, by private message, by e-mail or by phone."""

ExpectedAction = Literal["reply", "ask_channel", "private", "escalate", "ignore"]
"""reply: answer in public; ask_channel: ask which channel the customer prefers; private: continue by private
message; escalate: hand over to a team; ignore: leave it unanswered (spam, trolls)."""

KnowledgeKind = Literal["handle", "link", "contact", "phone", "record", "policy", "hours", "note"]
"""What a knowledge entry holds; handles and links are the brand's official assets."""

ReactionTrigger = Literal[
    "silence",
    "repeat_request",
    "deflection",
    "answered",
    "channel_question",
    "broken_promise",
    "no_transcript",
    "engaged",
    "reply_matches",
]
"""What sets a customer reaction off. silence: no first response within `after`; repeat_request: a reply asks
for what the thread already says; deflection: a reply only points elsewhere; answered: a reply gives every
expected fact; channel_question: the trainee asked which channel they prefer; broken_promise: a promised
time passed without a word; no_transcript: an escalation went without the conversation; engaged: someone
answered a post that should be ignored; reply_matches: a reply matches the reaction's `match`."""

_REGEX_MARK = "/"


@lru_cache(maxsize=512)
def match_pattern(spec: str) -> re.Pattern[str]:
    """The case-insensitive pattern of a `match` string: `/regex/` is a regular expression, anything else is
    literal text. Literal by default because facts are handles, e-mails and phone numbers full of `.`/`+`.

    Raises:
        ValueError: for a `/regex/` that does not compile.
    """
    if len(spec) > 2 and spec.startswith(_REGEX_MARK) and spec.endswith(_REGEX_MARK):
        try:
            parsed = re_parser.parse(spec[1:-1], re.IGNORECASE)
            compiled = re.compile(spec[1:-1], re.IGNORECASE)
        except (re.error, RecursionError, OverflowError) as exc:
            raise ValueError(f"{quoted(spec)} is not a valid regular expression ({exc})") from None
        if _nests_repeats(parsed, inside_repeat=False):
            raise ValueError(
                f"{quoted(spec)} repeats a repetition, like (a+)+, which can take minutes to score a "
                "reply; write it without the nesting, e.g. (a+) or (ab)+"
            )
        return compiled
    return re.compile(re.escape(spec), re.IGNORECASE)


_REPEATS = {re_parser.MAX_REPEAT, re_parser.MIN_REPEAT, getattr(re_parser, "POSSESSIVE_REPEAT", None)}


def _nests_repeats(pattern: Any, inside_repeat: bool) -> bool:
    """Whether a repeat of more than one occurrence sits inside another: the shape behind catastrophic
    backtracking (ReDoS). Python's `re` has no time bound, so such patterns are refused when the drill is
    validated rather than left to freeze scoring. `pattern` is what `re._parser.parse` gives."""
    for op, argument in pattern:
        if op in _REPEATS:
            high, body = argument[1], argument[2]
            if high > 1 and inside_repeat:
                return True
            if _nests_repeats(body, inside_repeat or high > 1):
                return True
        elif any(_nests_repeats(part, inside_repeat) for part in _subpatterns(argument)):
            return True
    return False


def _subpatterns(argument: Any) -> list[Any]:
    """The sub-patterns held in an operation's argument (groups, branches, look-arounds, conditionals)."""
    if isinstance(argument, re_parser.SubPattern):
        return [argument]
    if isinstance(argument, tuple | list):
        return [sub for part in argument for sub in _subpatterns(part)]
    return []


def _compiles(spec: str) -> str:
    match_pattern(spec)
    return spec


MatchText = Annotated[str, Field(min_length=1), AfterValidator(_compiles)]
"""Text a message must contain: literal, or `/regex/`; case is ignored."""


class DeskHours(Model):
    """When the care desk is staffed, in the drill's time zone; outside them customers need to be told."""

    open: ClockTime
    """Local opening time, e.g. '08:00'."""
    close: ClockTime
    """Local closing time, e.g. '22:00'; a drill that runs past it expects an hours notice before it."""


class KnowledgeEntry(Model):
    """A fact the trainee can look up: an official handle, a named contact, a booking, a policy, the hours."""

    id: Name
    """Stable id, used by expectations (`expect.facts`, `expect.remedy`)."""
    kind: KnowledgeKind = "note"
    """What the entry holds; `handle` and `link` entries are official assets (scored by their own
    criterion)."""
    title: str = Field(min_length=1)
    """What a search shows, e.g. 'Official Twitter account'."""
    text: str = Field(min_length=1)
    """The fact in full, e.g. '@SkyWaysHelp, staffed 24/7'."""
    tags: list[str] = Field(default_factory=list)
    """Extra words a search should match, e.g. ['twitter', 'verified']."""
    match: list[MatchText] = Field(default_factory=list)
    """What a reply must contain to count as giving this fact, all of them: literal text or `/regex/`, e.g.
    ['Dana Reyes', 'dana.reyes@skyways.example']. Needed for entries named in `expect.facts`."""
    private: list[MatchText] = Field(default_factory=list)
    """Personal data in this entry (a booking reference, a customer's e-mail): posting any of it in public is
    a fatal privacy breach."""
    max_compensation: float | None = Field(default=None, ge=0)
    """For a `policy` entry: the most an agent may offer, in the drill's currency, whoever is asking."""

    @model_validator(mode="after")
    def _limit_on_policies(self) -> KnowledgeEntry:
        if self.max_compensation is not None and self.kind != "policy":
            raise ValueError(located("max_compensation", "only `policy` entries carry a compensation limit"))
        return self


class Author(Model):
    """Who wrote a scripted mention."""

    handle: str = Field(min_length=2, pattern=r"^@?\w+$")
    """Their handle, e.g. '@maria_travels'."""
    name: str = Field(min_length=1)
    """Their display name; a warm reply may use the first name."""
    followers: int = Field(default=20, ge=0)
    """Their audience: what their posts reach before anyone reshares them."""
    timezone: TimeZone | None = None
    """Where they are, when it matters (a traveller abroad cannot call a premium-rate number)."""
    prefers: ContactChannel = "private"
    """The channel they name when the trainee asks which one they prefer."""


class EarlierPost(Model):
    """A post in the customer's thread before the mention: what a trainee should read before replying."""

    ago: Duration = Field(gt=0)
    """How long before the mention it was written."""
    text: str = Field(min_length=1)
    """What it said."""
    by_brand: bool = False
    """Whether the brand wrote it."""


class Expectation(Model):
    """What good handling of a scripted mention means; the rubric scores the trainee against it."""

    facts: list[Name] = Field(default_factory=list)
    """Knowledge entries (ids) whose facts a reply must give, matched by each entry's `match`."""
    actions: list[ExpectedAction] | None = None
    """What good handling does; `[ignore]` for spam, `[reply]` for everything else when left out."""
    respond_within: Duration | None = Field(default=None, gt=0)
    """Deadline for the first response; the drill's target for the mention's kind when left out."""
    escalate_to: Name | None = None
    """The team an escalation should go to (one of `drill.teams`); any team when left out."""
    given: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    """Details the customer already gave (e.g. 'booking reference', 'flight number'): asking for them again
    makes the customer repeat themselves."""
    remedy: Name | None = None
    """The `policy` entry that limits what may be offered to put this right."""
    tips: Tips = Field(default_factory=dict)
    """Better wording per criterion id, shown when the trainee misses it, e.g. {no-deflection: '...'}."""

    @model_validator(mode="after")
    def _consistent(self) -> Expectation:
        actions = self.actions or []
        problems: list[str] = []
        if "ignore" in actions and len(actions) > 1:
            problems.append(located("actions", "`ignore` cannot be combined with other actions"))
        if self.escalate_to is not None and "escalate" not in actions:
            problems.append(located("escalate_to", "names a team but `actions` does not include `escalate`"))
        raise_problems(problems)
        return self


class Reaction(Model):
    """A customer's follow-up post, set off by what the trainee did or failed to do.

    A mention's own reaction replaces the drill's default for the same trigger; `reply_matches` reactions
    add triggers of the author's own.
    """

    when: ReactionTrigger
    """What sets it off (the key is not `on`, which YAML reads as true)."""
    text: str | None = Field(default=None, min_length=1)
    """What the customer writes; the drill's default text for the trigger when left out."""
    after: Duration | None = Field(default=None, ge=0)
    """Delay after the trigger; for `silence`, how long the customer waits for a first answer (the drill's
    patience for the kind when left out)."""
    match: MatchText | None = None
    """For `reply_matches`: literal text or `/regex/` that a trainee's reply must contain."""
    private: bool | None = None
    """Whether the customer writes privately; by default they answer where they were answered, and
    complain about silence in public."""
    spreads: bool | None = None
    """Whether the post grows its own reshare cascade (a public complaint about the brand); by default
    only `silence` complaints spread."""
    mute: bool = False
    """Switch this trigger off for this mention (e.g. no thank-you from a terse customer)."""

    @model_validator(mode="after")
    def _matches(self) -> Reaction:
        if self.when == "reply_matches":
            if self.match is None or self.text is None:
                raise ValueError("a `reply_matches` reaction needs both `match` and `text`")
        elif self.match is not None:
            raise ValueError(located("match", "only `reply_matches` reactions use `match`"))
        return self


class Spread(Model):
    """A live reshare cascade on a scripted complaint: it spreads while unanswered, a good public reply
    damps it, and a customer who is ignored or fobbed off feeds it with louder posts."""

    branching: float = Field(default=0.8, gt=0, lt=1)
    """Reshares per reshare (close to 1 spreads far); the scenario's `viral` section shapes the rest.
    Assumed: 0.8, below a what-if's scripted 0.9 so a drill's cascade grows visibly within its minutes
    without swamping the trainee's inbox."""


class DrillMention(Model):
    """A scripted post that arrives during the drill."""

    id: Name
    """Stable id used by scripts and scorecards, e.g. 'm1'."""
    at: Duration = Field(ge=0)
    """When it arrives, counted from the start of the drill."""
    author: Author
    """Who wrote it."""
    kind: Kind
    """What it is about; urgent posts are time-sensitive and come before influential ones."""
    channel: Channel = "public_post"
    """Where it was written."""
    network: Network = "twitter"
    """Which network."""
    tagged: bool = True
    """Whether it tags the brand (untagged posts only show up through a listening search)."""
    text: str = Field(min_length=1)
    """What the customer wrote."""
    thread: list[EarlierPost] = Field(default_factory=list)
    """The customer's earlier posts, oldest first."""
    expect: Expectation = Field(default_factory=Expectation)
    """What good handling means."""
    reactions: list[Reaction] = Field(default_factory=list)
    """Reactions of this customer that differ from the drill's defaults, or add to them."""
    spread: Spread | None = None
    """A live reshare cascade on this post, when it is a complaint that can go viral."""

    @property
    def expected_actions(self) -> list[ExpectedAction]:
        """The expected actions, with the per-kind default filled in."""
        if self.expect.actions is not None:
            return list(self.expect.actions)
        return ["ignore"] if self.kind == "spam" else ["reply"]

    @property
    def is_public(self) -> bool:
        """Whether the customer wrote where everyone can see it."""
        return self.channel != "private_message"


_DEFAULT_TARGETS: dict[Kind, float] = {
    "urgent": 15.0,
    "complaint": 30.0,
    "question": 30.0,
    "praise": 60.0,
    "spam": 60.0,
}
_DEFAULT_PATIENCE: dict[Kind, float] = {"urgent": 20.0, "complaint": 45.0, "question": 60.0}
_DEFAULT_CHANNEL_ANSWERS: dict[ContactChannel, str] = {
    "public": "Here is fine, everyone can see how this goes.",
    "private": "A private message is best, thanks.",
    "email": "E-mail please, I can't keep checking this app.",
    "phone": "A call would be easiest, but I'm not paying for a premium line.",
}


class CustomerReactions(Model):
    """How customers answer what the trainee does; every mention uses these unless it scripts its own.

    The texts are defaults in plain words; a mention's `reactions` give a customer their own voice.
    """

    patience: dict[Kind, Duration] = Field(default_factory=copy_of(_DEFAULT_PATIENCE))
    """Assumption: how long a customer waits for a first answer before complaining in public, per kind;
    kinds left out wait quietly. An hours notice stretches it by
    `policies.coverage.notice_patience_factor`."""
    delay: Duration = Field(default=3.0, ge=0)
    """How soon a customer answers a reply (every trigger except `silence`)."""
    silence: str = "Still no answer from you. Anyone else had this? Save yourselves the hassle."
    """Public complaint of a customer nobody answered in time; it spreads."""
    repeat_request: str = "It's all in my posts above. Please read them instead of asking again."
    """When asked for what they already wrote."""
    deflection: str = "I could have looked that up myself. I asked you a question."
    """When pointed elsewhere with no answer."""
    answered: str = "That's exactly what I needed, thank you."
    """When a reply gives every expected fact."""
    broken_promise: str = "You said you'd get back to me by now. Still waiting."
    """When a promised time passes without a word."""
    no_transcript: str = "Your colleague just asked me to explain everything again. Do you not talk?"
    """When an escalation went to a team without the conversation."""
    engaged: str = "Ha, finally a reaction. Keep them coming."
    """A troll who got an answer wants more."""
    channel_answers: dict[ContactChannel, str] = Field(default_factory=copy_of(_DEFAULT_CHANNEL_ANSWERS))
    """What a customer answers when asked which channel they prefer, by their `prefers`."""


class Background(Model):
    """Generated posts around the scripted ones, so the inbox feels like a real shift and the scripted
    mentions have to be found in it. Their kinds, channels, tagging, authors and texts come from the
    scenario's `traffic`, `regions` and `brand` through the traffic generator; they are scored like any
    other post with the default expectations (answer in time, ignore spam)."""

    per_hour: float = Field(gt=0, le=600)
    """Generated posts per hour of the drill clock (at a flat rate)."""


VariableName = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z_][A-Za-z0-9_-]*$")]
"""A variable's name as `${name}` writes it: a letter or '_', then letters, digits, '_' and '-'."""


class Drill(Model):
    """A drill: a short shift with scripted mentions, the facts to answer them and what good handling is."""

    vary: dict[VariableName, Variable] = Field(default_factory=dict)
    """Values drawn afresh for every run, so the drill can be replayed without being memorised: write
    `${name}` (or `${name.part}`) in any text of the drill, and `${name}` alone for a number such as
    `max_compensation`. The same seed draws the same values; see the authoring guide."""

    trainee: str = Field(default="Alex", min_length=1)
    """Name the trainee signs replies with unless they give their own; '^AX' style initials count too."""
    persona: str = ""
    """How the brand speaks: the tone a trainee should keep."""
    start: ClockTime = 9 * 60.0
    """Local time on the drill's clock when the drill starts, e.g. '21:00'."""
    timezone: TimeZone | None = None
    """Zone of the drill's clock and of the desk hours; the first region's zone when left out."""
    hours: DeskHours | None = None
    """When the desk is staffed; left out for a 24/7 desk (then no hours notice is expected)."""
    length: Duration = Field(default=60.0, gt=0)
    """How long the drill runs on the simulated clock."""
    clock_speed: float = Field(default=0.25, gt=0)
    """Simulated minutes per real second in the app: the default 0.25 plays an hour in four minutes, time
    enough to read and write while customers still wait long enough to feel it."""
    pass_mark: float = Field(default=70.0, ge=0, le=100)
    """Score out of 100 needed to pass (and no fatal breach)."""
    currency: str = Field(default="GBP", min_length=1, max_length=8)
    """Currency of compensation amounts and policy limits."""
    targets: dict[Kind, Duration] = Field(default_factory=copy_of(_DEFAULT_TARGETS))
    """First-response deadline per kind, unless a mention sets `expect.respond_within`."""
    teams: list[Name] = Field(default_factory=lambda: ["back-office"])
    """Teams the trainee can escalate to."""
    knowledge: list[KnowledgeEntry] = Field(default_factory=list)
    """What the trainee can look up."""
    mentions: list[DrillMention] = Field(default_factory=list)
    """The scripted posts."""
    reactions: CustomerReactions = Field(default_factory=CustomerReactions)
    """How customers react, unless a mention scripts its own."""
    tips: Tips = Field(default_factory=dict)
    """Better wording for drill-wide criteria (e.g. hours-notice)."""
    pause_budget: Duration | None = Field(default=None, ge=0)
    """Real time the trainee may keep the clock paused over the whole drill (a scored practice: time
    pressure is part of the lesson); left out, pausing is free and only recorded."""
    weights: dict[CriterionId, Annotated[float, Field(gt=0, le=20)]] = Field(default_factory=dict)
    """Weight of a criterion in this drill instead of the rubric's, for the practice the drill is about
    (e.g. {urgent-first: 6} where the lesson is urgency before influence)."""
    background: Background | None = None
    """Generated traffic around the scripted posts; none when left out."""

    @model_validator(mode="after")
    def _references(self) -> Drill:
        entries = {e.id: e for e in self.knowledge}
        problems = _duplicates("knowledge", [e.id for e in self.knowledge])
        problems += _duplicates("mentions", [m.id for m in self.mentions])
        problems += _duplicates("teams", list(self.teams))
        for i, mention in enumerate(self.mentions):
            problems += _mention_problems(f"mentions.{i}", mention, entries, self.teams, self.length)
        raise_problems(problems)
        return self

    def target_for(self, mention: DrillMention) -> float:
        """The mention's first-response deadline in minutes after its arrival."""
        return mention.expect.respond_within or self.targets.get(mention.kind, self.length)

    def entry(self, entry_id: str) -> KnowledgeEntry:
        """The knowledge entry with this id (ids were checked when the drill was loaded)."""
        return next(e for e in self.knowledge if e.id == entry_id)


def _duplicates(path: str, ids: list[str]) -> list[str]:
    seen: set[str] = set()
    problems = []
    for i, value in enumerate(ids):
        if value in seen:
            problems.append(located(f"{path}.{i}", f"{quoted(value)} is listed twice"))
        seen.add(value)
    return problems


def _mention_problems(
    path: str, mention: DrillMention, entries: dict[str, KnowledgeEntry], teams: list[str], length: float
) -> list[str]:
    """References from a mention's expectations to knowledge entries and teams, and its arrival time."""
    expect = mention.expect
    problems = []
    if mention.at >= length:
        problems.append(located(f"{path}.at", "arrives after the drill ends (see `drill.length`)"))
    known = ", ".join(entries) or "none"
    for j, fact in enumerate(expect.facts):
        where = f"{path}.expect.facts.{j}"
        if fact not in entries:
            problems.append(located(where, f"unknown knowledge entry {quoted(fact)} (entries: {known})"))
        elif not entries[fact].match:
            problems.append(located(where, f"entry {quoted(fact)} has no `match` to check a reply against"))
    if expect.remedy is not None:
        entry = entries.get(expect.remedy)
        if entry is None or entry.kind != "policy":
            policies = ", ".join(e.id for e in entries.values() if e.kind == "policy") or "none"
            problems.append(
                located(
                    f"{path}.expect.remedy", f"{quoted(expect.remedy)} is not a policy entry ({policies})"
                )
            )
    if expect.escalate_to is not None and expect.escalate_to not in teams:
        problems.append(
            located(
                f"{path}.expect.escalate_to",
                f"unknown team {quoted(expect.escalate_to)} ({', '.join(teams)})",
            )
        )
    return problems
