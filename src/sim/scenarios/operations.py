"""Scenario sections that describe the care team: who works when, how they pick work, what they aim for."""

from __future__ import annotations

import itertools
from typing import Annotated, Literal

from pydantic import Field, model_validator

from sim.scenarios.base import Fraction, Kind, Model, Name, copy_of, located, raise_problems
from sim.scenarios.problems import quoted
from sim.scenarios.units import (
    ClockTime,
    Days,
    Duration,
    TimeZone,
    format_clock,
    format_days,
    format_hours,
)

ALL_DAYS = (0, 1, 2, 3, 4, 5, 6)
WEEKDAYS = (0, 1, 2, 3, 4)
SHIFT_GRID_MINUTES = 30
"""The planner's grid: shift templates start, last and break in whole half-hours."""


HandleTimeKey = Literal["complaint", "question", "urgent", "praise", "spam", "default"]
"""A mention kind, or 'default' for the kinds a table leaves out."""
TargetKind = Literal["complaint", "question", "urgent", "praise", "spam", "all"]
"""A mention kind, or 'all' for every kind together."""


class HandleTime(Model):
    """How long an agent spends on one conversation turn: a distribution with a mean and a spread."""

    dist: Literal["exponential", "lognormal", "gamma", "fixed"] = "lognormal"
    """Shape of the distribution; exponential matches the Erlang formulas."""
    mean: Duration = Field(gt=0)
    """Average handling time, e.g. '6m'."""
    cv: float = Field(default=0.6, ge=0)
    """Coefficient of variation (spread / mean); ignored by exponential (1) and fixed (0). Assumed: 0.6, a
    right-skewed lognormal less spread than the exponential's 1."""


_DEFAULT_MEAN_HANDLE: dict[HandleTimeKey, str] = {  # assumed: no published per-kind social handle times
    "complaint": "8m",
    "question": "4m",
    "urgent": "10m",
    "praise": "1m",
    "spam": "30s",
}
DEFAULT_HANDLE_TIMES: dict[HandleTimeKey, HandleTime] = {
    kind: HandleTime.model_validate({"mean": mean}) for kind, mean in _DEFAULT_MEAN_HANDLE.items()
}


class ShiftBreak(Model):
    """A planned break inside a shift: its agents are off duty then, paid or not."""

    start: ClockTime
    """Local start, inside the shift, e.g. '12:00'."""
    length: Duration = Field(gt=0, le=720)
    """How long it lasts, e.g. '30m'."""
    paid: bool = False
    """Whether the break is paid time (rostered) or not (the shift's paid time stops for it). Default
    unpaid (assumed: a meal break is commonly unpaid)."""


class Shift(Model):
    """A block of hours worked by some agents of a team, in the team's local time."""

    start: ClockTime
    """Local start, e.g. '08:00'."""
    end: ClockTime
    """Local end; an end at or before the start runs past midnight, e.g. '22:00' to '06:00'."""
    days: Days = ALL_DAYS
    """Days on which the shift starts, e.g. 'mon-fri'."""
    agents: int = Field(ge=0)
    """Agents working this shift."""
    name: str | None = None
    """Label for reports, e.g. 'early'."""
    breaks: list[ShiftBreak] | None = None
    """Planned breaks every agent of the shift takes, e.g. [{start: '12:00', length: 30m}]; none when
    left out. The team's `shrinkage` comes on top, inside the time they leave."""

    @property
    def length(self) -> float:
        """Minutes from start to end."""
        return self.end - self.start if self.end > self.start else self.end + 1440.0 - self.start

    def break_offset(self, pause: ShiftBreak) -> float:
        """Minutes from the shift's start to a break's (the break may fall after midnight)."""
        return (pause.start - self.start) % 1440.0

    @model_validator(mode="after")
    def _breaks_inside(self) -> Shift:
        problems: list[str] = []
        span = f"{format_clock(self.start)}-{format_clock(self.end)}"
        breaks = self.breaks or []
        for i, pause in enumerate(breaks):
            offset = self.break_offset(pause)
            if offset <= 0 or offset + pause.length >= self.length:
                problems.append(
                    located(f"breaks.{i}.start", f"the break must lie inside the shift {span}, after its "
                            "start and ending before its end")
                )  # fmt: skip
        order = sorted(range(len(breaks)), key=lambda i: self.break_offset(breaks[i]))
        for before, after in itertools.pairwise(order):
            earlier = breaks[before]
            if self.break_offset(breaks[after]) < self.break_offset(earlier) + earlier.length:
                problems.append(
                    located(f"breaks.{after}.start", f"overlaps breaks.{before} "
                            f"({format_clock(earlier.start)} for {format_hours(earlier.length)})")
                )  # fmt: skip
        raise_problems(problems)
        return self


class Workable(Model):
    """Local hours in which a team's people can work at all (law, transport, a site's opening hours)."""

    start: ClockTime
    """Earliest local start, e.g. '06:00'."""
    end: ClockTime
    """Latest local end, e.g. '24:00'; an end at or before the start runs past midnight."""


class TemplateBreak(Model):
    """A break the planner (`carelab staff`) places in each head's shift: it chooses the start between
    `earliest` and `latest` into the shift, on the half-hour grid, where it costs the least coverage."""

    length: Duration = Field(gt=0, le=240)
    """How long it lasts, whole half-hours, e.g. '30m'."""
    earliest: Duration = Field(gt=0)
    """Earliest start, counted from the shift's start, e.g. '3h'."""
    latest: Duration = Field(gt=0)
    """Latest start, counted from the shift's start, e.g. '5h'."""
    paid: bool = False
    """Whether the break is paid time. Default unpaid (assumed: a meal break is commonly unpaid)."""

    @model_validator(mode="after")
    def _on_the_grid(self) -> TemplateBreak:
        problems = [
            located(field, "must be whole half-hours, e.g. '30m', '3h' or '4h30m'")
            for field in ("length", "earliest", "latest")
            if getattr(self, field) % SHIFT_GRID_MINUTES
        ]
        if self.latest < self.earliest:
            problems.append(located("latest", "must be at or after `earliest`"))
        raise_problems(problems)
        return self


class ShiftTemplate(Model):
    """A shift the planner (`carelab staff`) may roster: its length, days and breaks; it may start at any
    allowed clock time (`starts`) that keeps it inside the team's workable hours. The team's shrinkage
    comes on top of the planned breaks, inside the time they leave."""

    length: Duration = Field(ge=60, le=720)
    """Length from start to end, breaks included, whole or half hours from 1h to 12h, e.g. '8h' or
    '8h30m'."""
    days: Days = ALL_DAYS
    """Days on which the shift starts, e.g. 'mon-fri'."""
    starts: Literal["hour", "half-hour"] = "hour"
    """Clock times the shift may start at: 'hour' on the hour (08:00, 09:00), 'half-hour' on the hour or
    half past (08:00, 08:30). Default 'hour' (assumed: the common rota)."""
    breaks: list[TemplateBreak] = Field(default_factory=list)
    """Breaks each head takes, e.g. [{length: 30m, earliest: 3h, latest: 5h}] (a meal break starting 3h
    to 5h into the shift); in the order they are taken. None when left out."""
    name: str | None = None
    """Label for the planned shifts, e.g. 'full-time'."""

    @property
    def label(self) -> str:
        """What the planned shifts are called before their start: the name, else length and days, e.g.
        '8h30m mon-fri'."""
        return self.name or f"{format_hours(self.length)} {format_days(self.days)}"

    @model_validator(mode="after")
    def _half_hours(self) -> ShiftTemplate:
        problems: list[str] = []
        if self.length % SHIFT_GRID_MINUTES:
            problems.append(located("length", "must be whole or half hours, e.g. '8h' or '7h30m'"))
        for i, pause in enumerate(self.breaks):
            if pause.latest + pause.length >= self.length:
                problems.append(
                    located(f"breaks.{i}.latest", f"a break starting {format_hours(pause.latest)} into "
                            f"the shift must end before the shift's end, {format_hours(self.length)} in")
                )  # fmt: skip
            if i and pause.earliest < (previous := self.breaks[i - 1]).latest + previous.length:
                problems.append(
                    located(f"breaks.{i}.earliest", f"may overlap breaks.{i - 1}: start it at least "
                            f"{format_hours(previous.latest + previous.length)} into the shift")
                )  # fmt: skip
        raise_problems(problems)
        return self


HourlyPlan = Annotated[list[Annotated[int, Field(ge=0)]], Field(min_length=24, max_length=168)]


class Team(Model):
    """Agents who share a time zone, a rota and a set of skills."""

    name: Name
    """Label in reports and in `--set` paths, e.g. 'uk'."""
    timezone: TimeZone
    """Zone of the team's rota: shifts are in this local time."""
    role: Literal["frontline", "backoffice"] = "frontline"
    """Frontline teams answer mentions; back-office teams take escalated cases."""
    shifts: list[Shift] = Field(default_factory=list)
    """The rota as shifts."""
    hourly: HourlyPlan | None = None
    """The rota as agents per local hour: 24 values (every day) or 168 (Monday 00h first)."""
    concurrency: int = Field(default=1, ge=1, le=20)
    """Conversations an agent can hold at once."""
    concurrency_slowdown: float = Field(default=1.25, ge=1, le=3)
    """Handle-time factor of holding two conversations at once instead of one; each further conversation
    adds as much again: at concurrency k every handle time is multiplied by 1 + (slowdown - 1)(k - 1), and
    1 means holding several conversations costs nothing. The factor applies at the team's concurrency
    whether or not the agent's other lanes are busy (agents work as routed). Default 1.25 from ccPlanning's
    chat figures ("Chat concurrency and AHT": moving from 2 to 3 chats at once lifts throughput 25-35%, not
    50%; handle time grows from about 18 to 22 minutes between 1.5 and 2.5 chats), the same shape as Koole's
    Erlang Chat, which takes a handle time per concurrency level."""
    shrinkage: float = Field(default=0.0, ge=0, lt=1)
    """Share of rostered time lost to unplanned breaks, meetings and absence, on top of the shifts' planned
    `breaks` and taken inside the time they leave. Default 0: none unless stated (planners commonly quote
    20-30%, planned breaks included: state less when the shifts carry their breaks)."""
    handle_time: dict[HandleTimeKey, HandleTime] = Field(default_factory=lambda: dict(DEFAULT_HANDLE_TIMES))
    """Handling time per kind; 'default' covers kinds left out. Assumed defaults (lognormal, cv 0.6):
    complaint 8m, question 4m, urgent 10m, praise 1m, spam 30s."""
    kinds: list[Kind] | None = None
    """Kinds this team handles (its skills); all when left out."""
    hourly_cost: float | None = Field(default=None, ge=0)
    """Cost of one agent-hour for this team; `costs.agent_hour` when left out."""
    workable: Workable | None = None
    """Local hours the planner may roster this team in (e.g. 06:00-24:00); any hour when left out."""
    templates: list[ShiftTemplate] | None = None
    """Shifts the planner may use for this team; when left out, 8h and 4h shifts daily, mon-fri or sat-sun
    (assumed: the common full- and part-time patterns)."""

    def handle_time_for(self, kind: Kind) -> HandleTime:
        """The team's handle time for a kind: its own entry, else its 'default', else the built-in one (as
        one conversation alone takes; `handle_time_factor` stretches it at the team's concurrency)."""
        return self.handle_time.get(kind) or self.handle_time.get("default") or DEFAULT_HANDLE_TIMES[kind]

    @property
    def handle_time_factor(self) -> float:
        """How much longer each conversation takes at the team's concurrency than alone."""
        return 1.0 + (self.concurrency_slowdown - 1.0) * (self.concurrency - 1)

    @model_validator(mode="after")
    def _has_rota(self) -> Team:
        if self.shifts and self.hourly is not None:
            raise ValueError("give the rota as `shifts` or as `hourly`, not both")
        if self.hourly is not None and len(self.hourly) not in (24, 168):
            raise ValueError(
                located("hourly", f"needs 24 or 168 values, one per local hour (got {len(self.hourly)})")
            )
        labels = [template.label for template in self.templates or []]
        raise_problems([
            located(f"templates.{i}.name", f"its shifts would be named as those of templates."
                    f"{labels.index(label)} ({quoted(label)}); give one of them a `name`")
            for i, label in enumerate(labels)
            if labels.index(label) < i
        ])  # fmt: skip
        return self


class Staffing(Model):
    """The care team."""

    teams: list[Team] = Field(min_length=1)
    """Frontline and back-office teams."""

    @model_validator(mode="after")
    def _unique_names(self) -> Staffing:
        problems: list[str] = []
        seen: set[str] = set()
        for i, team in enumerate(self.teams):
            if team.name in seen:
                problems.append(located(f"teams.{i}.name", f"team {quoted(team.name)} is listed twice"))
            seen.add(team.name)
        if not any(team.role == "frontline" for team in self.teams):
            problems.append(located("teams", "no team has role 'frontline' to answer mentions"))
        raise_problems(problems)
        return self


class Coverage(Model):
    """When the desk answers: every hour, business hours, or business hours in each team's zone."""

    mode: Literal["24x7", "business_hours", "follow_the_sun"] = "24x7"
    """24x7 works the rota as given; business_hours keeps only rota time inside `open`..`close` in
    `timezone`; follow_the_sun keeps rota time inside `open`..`close` in each team's own zone."""
    open: ClockTime = 8 * 60.0
    """Local opening time (assumed office hours: 08:00)."""
    close: ClockTime = 18 * 60.0
    """Local closing time (assumed office hours: 18:00)."""
    days: Days = WEEKDAYS
    """Days the desk opens (assumed: Monday to Friday)."""
    timezone: TimeZone | None = None
    """Zone of business hours; the first team's zone when left out."""
    after_hours_notice: bool = False
    """Whether the brand states its hours (bio, last post of the day, auto-reply) so customers know when to
    expect an answer."""
    notice_patience_factor: float = Field(default=3.0, ge=1)
    """Assumption: how much longer customers wait before giving up or escalating when told the hours."""


class Triage(Model):
    """The order in which waiting mentions are picked."""

    policy: Literal["fifo", "urgency-first", "influence-first", "deadline-first"] = "fifo"
    """fifo: oldest first; urgency-first: urgent, then complaints, then the rest; influence-first: most
    followers first; deadline-first: nearest target deadline first."""


class Listening(Model):
    """Social listening: how mentions that don't tag the brand are found."""

    enabled: bool = True
    """Whether anyone searches for untagged mentions."""
    coverage: Fraction = 0.8
    """Share of untagged mentions the searches find. Assumed: 80% (keyword searches miss misspellings and
    nicknames)."""
    delay: Duration = Field(default=30.0, ge=0)
    """Average time until a found untagged mention shows up in the queue. Assumed: 30m (searches run a few
    times an hour)."""


class SpamFilter(Model):
    """How spam and trolls are recognised."""

    detection: Fraction = 0.9
    """Share of spam recognised at a glance and ignored (the rest costs a full handling). Assumed: 90%."""
    glance: Duration = Field(default=0.25, ge=0)
    """Time to recognise and skip a spam mention. Assumed: 15s."""


class Patience(Model):
    """How long customers wait for a first answer before giving up or complaining louder."""

    mean: dict[Kind, Duration] = Field(
        default_factory=copy_of(
            {"complaint": 180.0, "question": 360.0, "urgent": 60.0, "praise": 2880.0, "spam": 2880.0}
        )
    )
    """Average patience per kind (exponentially distributed, as in Erlang A); kinds left out never give up.
    What the post does once its author gave up is `policies.inbox.give_ups`.
    Assumed defaults: urgent 1h, complaint 3h, question 6h, praise and spam 2d (no published social
    patience by kind; the order follows how much each kind needs an answer)."""
    public_escalation: Fraction = 0.4
    """Share of impatient complainers who post again, louder and more likely to spread, instead of leaving.
    Assumed: 40%."""


class Inbox(Model):
    """What stays in the desk's inbox: a post leaves it when it is answered, otherwise only by a stated rule.

    On social media a post whose author stopped waiting is still there, in public: the author reacts (a
    louder follow-up, lost goodwill) and the desk still has to answer it. Erlang A's reneging, where such a
    post leaves the queue at no cost, is a policy to choose, as the validation scenario does.
    """

    give_ups: Literal["stay", "leave"] = "stay"
    """A post whose author ran out of patience before the desk picked it: stay, it stays in the inbox and
    still needs an answer; leave, it leaves the queue unanswered (Erlang A's reneging, for checking the
    engine against the formula)."""
    drop_after: Duration | None = Field(default=None, gt=0)
    """A stated drop rule: posts not picked this long after they were posted leave the inbox unanswered
    (e.g. '2d'); never when left out."""


class Escalation(Model):
    """Cases the frontline hands to a back-office team."""

    share: dict[Kind, Fraction] = Field(default_factory=copy_of({"complaint": 0.15, "urgent": 0.4}))
    """Share of each kind that needs the back office. Assumed: complaints 15%, urgent 40%, others none."""
    team: str | None = None
    """Back-office team that takes them; the first back-office team when left out."""
    transcript: bool = True
    """Whether the hand-over carries the conversation so far."""
    repeat_factor: float = Field(default=1.5, ge=1)
    """Handling-time factor downstream when the customer has to repeat themselves (no transcript). Assumed:
    1.5."""


class Threads(Model):
    """Conversations of several turns: the customer answers the brand's reply."""

    follow_up: dict[Kind, Fraction] = Field(
        default_factory=copy_of({"complaint": 0.5, "question": 0.3, "urgent": 0.5})
    )
    """Chance, per kind, that a reply draws another message from the customer. Assumed: complaints and
    urgent 50%, questions 30%, others none."""
    delay: Duration = Field(default=20.0, ge=0)
    """Average time until the customer answers. Assumed: 20m."""
    max_turns: int = Field(default=3, ge=1, le=10)
    """Most customer messages in one conversation. Assumed: 3."""
    turn_factor: float = Field(default=0.5, gt=0)
    """Handling time of a later turn relative to the first. Assumed: 0.5 (the context is already read)."""


class Replies(Model):
    """How a brand reply changes the spread of a complaint."""

    keep_reshares: Fraction = 0.3
    """Assumption: share of later reshares that still happen once the brand has answered well in public."""
    silence_boost: float = Field(default=2.0, ge=1)
    """Assumption: branching multiplier of a public escalation by a customer who was ignored."""


class Policies(Model):
    """The manager's levers besides headcount."""

    coverage: Coverage = Field(default_factory=Coverage)
    """Hours of service."""
    triage: Triage = Field(default_factory=Triage)
    """Queue order."""
    listening: Listening = Field(default_factory=Listening)
    """Finding untagged mentions."""
    spam: SpamFilter = Field(default_factory=SpamFilter)
    """Ignoring spam and trolls."""
    patience: Patience = Field(default_factory=Patience)
    """Customer patience and public escalation."""
    inbox: Inbox = Field(default_factory=Inbox)
    """What happens to posts whose authors gave up, and any drop rule."""
    escalation: Escalation = Field(default_factory=Escalation)
    """Hand-over to back office."""
    threads: Threads = Field(default_factory=Threads)
    """Multi-turn conversations."""
    replies: Replies = Field(default_factory=Replies)
    """Effect of replies on reshares."""
    handover: Literal["finish", "requeue"] = "finish"
    """What happens to a conversation in progress when an agent's on-duty time ends (shift end or break):
    finish: the agent completes it, paid as overtime past the shift's end, and a break then starts late
    and is taken in full (the agent is back on duty as much later); requeue: it goes back to the queue with
    its transcript and another agent completes the remaining work."""


class Target(Model):
    """A service target: a share of mentions of a kind replied to within a time (90% of complaints in 1h).

    "Replied within" counts the posted reply (waiting plus handling), as `carelab erlang` does by default;
    mentions abandoned or still open count as misses.
    """

    kind: TargetKind = "all"
    """Kind the target applies to."""
    within: Duration = Field(gt=0)
    """Time from the post to the brand's first posted reply."""
    share: Fraction = 0.9
    """Share of mentions whose reply must be posted within that time. Assumed default: 90%."""


class Costs(Model):
    """What the desk costs."""

    agent_hour: float = Field(default=25.0, ge=0)
    """Cost of one worked agent-hour. Assumed: 25 (set your own loaded rate)."""
    currency: str = Field(default="USD", min_length=1, max_length=8)
    """Currency shown in reports."""
