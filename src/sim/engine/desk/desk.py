"""`Desk`: the desk's state, its setup, its run, and its steps bound from the role modules."""

from __future__ import annotations

from array import array
from itertools import count

import numpy as np

from sim.engine.desk import dispatch, intake, rota, slots
from sim.engine.desk.parts import (
    FIRST,
    INF,
    NAN,
    ON_DUTY,
    Column,
    DeskLog,
    DeskSetup,
    Entry,
    Slot,
    SpawnedFate,
    Team,
    first_rows,
    new_column,
)
from sim.engine.loop import NORMAL, Alarm, EventLoop
from sim.engine.service import ChunkedDraws
from sim.metrics import LateReturns, WorkLog
from sim.scenarios import KINDS
from sim.staffing import Roster, breaks_before


class Desk:
    """One run of the care desk over pre-drawn mentions.

    Its attributes are slots: the hot paths read and write dozens of them per event, and an instance
    dictionary with this many keys loses CPython's fastest attribute access.
    """

    __slots__ = (
        "_agent",
        "_back_class",
        "_back_office_factor",
        "_capacity",
        "_check_mention",
        "_check_position",
        "_check_time",
        "_checks",
        "_claiming",
        "_class_of_kind",
        "_count",
        "_cut_first",
        "_delays",
        "_door",
        "_ends",
        "_entered",
        "_escalated",
        "_feeder",
        "_first",
        "_first_columns",
        "_follow",
        "_followers",
        "_frontline_idle",
        "_heaps",
        "_horizon",
        "_kind",
        "_late_inputs",
        "_late_returns",
        "_later_turns",
        "_latest_claim",
        "_leaves",
        "_log",
        "_loop",
        "_next_check_at",
        "_next_seen_at",
        "_pending",
        "_picked",
        "_priority",
        "_reply_delay",
        "_requeue",
        "_resolved",
        "_rota",
        "_rota_order",
        "_seen_mention",
        "_seen_position",
        "_seen_time",
        "_slots",
        "_spawn",
        "_spawned",
        "_stage",
        "_teams",
        "_teams_of_class",
        "_ties",
        "_triage",
        "_turn_factor",
    )

    # The desk's steps, by role: each is a function of its role's module taking the desk first, bound
    # here as a method (a function in a class body is one), so a step costs what a method defined in this
    # class would, and mypy checks every call between roles against the one signature.

    # Intake and give-ups (`intake`): inputs enter at their time; authors who gave up leave or post again.
    _ingest = intake.ingest
    _check_give_ups = intake.check_give_ups
    _has_left = intake.has_left
    _give_up = intake.give_up
    _next_check = intake.next_check
    _next_step = intake.next_step

    # Agents and their slots (`slots`): a slot wakes when its work is done, records it and takes the next.
    _start_slot = slots.start_slot
    _slot_woken = slots.slot_woken
    _start = slots.start
    _work_done = slots.work_done
    _go_idle = slots.go_idle
    _choose_later = slots.choose_later
    _send_home = slots.send_home

    # Dispatch, claims and triage (`dispatch`): an input goes to a slot or its triage heap; the feeder.
    _dispatch = dispatch.dispatch
    _wait_in_triage = dispatch.wait_in_triage
    _pick = dispatch.pick
    _claim_next = dispatch.claim_next
    _revoke_claim = dispatch.revoke_claim
    _latest_claimant = dispatch.latest_claimant
    _rearm = dispatch.rearm
    _feed = dispatch.feed

    # The rota (`rota`): slots come on duty at their interval's start and go off duty at its end.
    _advance = rota.advance
    _let_in = rota.let_in

    def __init__(self, setup: DeskSetup, roster: Roster) -> None:
        self._loop = EventLoop()
        self._triage = setup.triage
        self._requeue = setup.requeue
        self._turn_factor = setup.turn_factor
        self._back_office_factor = setup.back_office_factor
        self._reply_delay = setup.reply_delay
        self._delays = setup.delays
        self._spawn = setup.spawn
        self._horizon = setup.horizon
        self._build_inputs(setup)
        self._build_columns(setup)
        self._spawned: list[tuple[int, float, SpawnedFate]] = []
        self._cut_first: set[int] = set()
        self._log: array[float] = array("d")
        """Logged pieces of work, four numbers each: agent, start, end, mention (one `fromlist` per piece
        costs half of four appends; agents and mentions are whole numbers, exact as doubles)."""
        self._late_returns: array[float] = array("d")
        """On-duty time slots lost coming back late from a break they worked into, three numbers each:
        agent, planned start, actual start."""
        # Both heaps keep a sentinel at infinity, so the hot paths need no emptiness checks.
        self._late_inputs: list[tuple[float, int]] = [(INF, -1)]
        """Inputs known only during the run: customers' replies and revoked claims, as (time, mention)."""
        self._ends: list[tuple[float, int]] = [(INF, -1)]
        """Ends of on-duty intervals of slots that went idle in them: (time, slot key)."""
        self._feeder = Alarm(self._loop, NORMAL, self._feed)
        self._latest_claim = -INF
        """Upper bound of outstanding claims' start times (no claim to revoke when <= now)."""
        self._claiming: list[Slot] = []
        """Slots that have claimed an input since the last look, each once: a superset of the slots whose
        claim is still outstanding (`_revoke_claim` drops the others)."""
        self._rota: list[tuple[float, int, Slot]] = []
        """Off-duty slots by the start of their next on-duty interval: (start, order, slot)."""
        self._rota_order = count()
        self._door = Alarm(self._loop, ON_DUTY, self._let_in)
        self._build_teams(setup, roster)

    # --- setup -------------------------------------------------------------------------------------------

    def _build_inputs(self, setup: DeskSetup) -> None:
        """Two time-ordered input columns, each ending with a sentinel at infinity: when the desk sees each
        mention, and when authors who would escalate in public give up (a check: still unanswered?).

        A mention that leaves the queue before the desk sees it is no input at all."""
        seen = np.flatnonzero(np.isfinite(setup.seen) & (setup.leaves > setup.seen))
        seen = seen[np.argsort(setup.seen[seen], kind="stable")]
        self._seen_time: Column = np.append(setup.seen[seen], np.inf).data
        self._seen_mention: Column = np.append(seen, -1).astype(np.int64).data
        self._seen_position = 0
        self._next_seen_at: float = self._seen_time[0]
        """Time of the next mention seen, `_seen_time[_seen_position]` (kept as a number: the hot paths read
        it at every step)."""
        self._ties = bool((np.diff(setup.seen[seen]) == 0).any())
        """Whether some mentions are seen at the same time (whole-minute logs, hand-made streams): claims
        then look for a tie, as a claimed input would go to its slot before the others are ranked."""
        checks = np.flatnonzero(setup.goes_public & (setup.deadline < setup.horizon))
        checks = checks[np.argsort(setup.deadline[checks], kind="stable")]
        self._check_time: Column = np.append(setup.deadline[checks], np.inf).data
        self._check_mention: Column = np.append(checks, -1).astype(np.int64).data
        self._checks = len(checks)
        self._check_position = 0
        self._next_check_at: float = self._check_time[0]
        """Time of the next give-up check, `_check_time[_check_position]`."""

    def _build_columns(self, setup: DeskSetup) -> None:
        """The per-mention columns the desk reads and writes, with a row spare for every follow-up."""
        self._count = len(setup.kind)
        """Mentions so far: the roots, then each public follow-up as its author posts it."""
        rows = self._capacity = self._count + self._checks  # every give-up check may post one follow-up
        self._kind = new_column(setup.kind, np.int8, rows)
        self._followers: Column = np.ascontiguousarray(setup.followers, dtype=np.int64).data
        """Followers of the roots (only roots give up into a public follow-up, which has its parent's)."""
        self._leaves = new_column(setup.leaves, np.float64, rows)
        self._priority = new_column(
            setup.triage.first_turns(setup.kind, setup.arrival, setup.followers), np.float64, rows
        )
        self._follow = new_column(setup.follow_ups, np.int8, rows)
        self._entered = new_column(0.0, np.float64, rows)
        self._stage = new_column(FIRST, np.int8, rows)
        self._pending = new_column(0.0, np.float64, rows)
        self._picked = new_column(NAN, np.float64, rows)
        self._first = new_column(NAN, np.float64, rows)
        self._resolved = new_column(NAN, np.float64, rows)
        self._agent = new_column(-1, np.int64, rows)
        self._later_turns = new_column(0, np.int64, rows)
        self._escalated = new_column(0, np.int8, rows)

    def _build_teams(self, setup: DeskSetup, roster: Roster) -> None:
        """Skill classes (kinds served by the same teams share a heap), teams and their agents' slots."""
        columns: dict[int, Column] = {}
        self._first_columns: list[tuple[Column, ChunkedDraws]] = []
        for i, first in enumerate(setup.first_times):
            if first is not None and id(first) not in columns:
                columns[id(first)] = new_column(first, np.float64, self._capacity)
                self._first_columns.append((columns[id(first)], setup.draws[i]))
        teams = [
            Team(i, None if first is None else columns[id(first)], setup.draws[i])
            for i, first in enumerate(setup.first_times)
        ]
        servers = [tuple(t for t in teams if k in setup.team_kinds[t.index]) for k in range(len(KINDS))]
        classes = list(dict.fromkeys(servers))
        self._class_of_kind = [classes.index(s) for s in servers]
        back = () if setup.escalation_team is None else (teams[setup.escalation_team],)
        self._back_class = len(classes)
        self._teams_of_class: list[tuple[Team, ...]] = [*classes, back]
        self._heaps: list[list[Entry]] = [[] for _ in self._teams_of_class]
        for team in teams:
            team.serves = [team in members for members in self._teams_of_class]
            team.takes = [team.serves[c] for c in self._class_of_kind]
            team.heaps = [heap for heap, ok in zip(self._heaps, team.serves, strict=True) if ok]
        self._teams = teams
        self._frontline_idle = tuple(t.idle for t in teams if t.first is not None)
        self._slots: list[Slot] = []
        for agent_index, agent in enumerate(roster.agents):
            # [start, end, break before] rows, shared by the agent's slots
            duty = np.column_stack((agent.on_duty, breaks_before(agent.on_duty, agent.rostered))).tolist()
            for _ in range(roster.teams[agent.team].concurrency if duty else 0):
                slot = Slot(len(self._slots), agent_index, teams[agent.team], duty)
                self._slots.append(slot)
                self._start_slot(slot)

    # --- running -----------------------------------------------------------------------------------------

    def run(self) -> DeskLog:
        """Run until no work is left; return what happened."""
        self._loop.run()
        # Nothing woke the desk for what came after its last event (no slot came on duty again): take it in
        # now, so customers who gave up in the meantime still post their public follow-ups (left open).
        self._ingest(max(self._loop.now, self._horizon))
        # The alarms hold bound methods of the desk, a reference cycle; drop them so the columns die with
        # the desk, without waiting for the cyclic collector.
        self._feeder.close()
        self._door.close()
        spawned = self._spawned
        count = self._count
        return DeskLog(
            picked=first_rows(self._picked, count),
            first_response=first_rows(self._first, count),
            resolved=first_rows(self._resolved, count),
            agent=first_rows(self._agent, count),
            later_turns=first_rows(self._later_turns, count),
            escalated=first_rows(self._escalated, count).astype(bool),
            follow_up_of=np.array([s[0] for s in spawned], dtype=np.int64),
            follow_up_time=np.array([s[1] for s in spawned], dtype=np.float64),
            follow_up_deadline=np.array([s[2].deadline for s in spawned], dtype=np.float64),
            follow_up_leaves=np.array([s[2].leaves for s in spawned], dtype=np.float64),
            follow_up_follow_ups=np.array([s[2].follow_ups for s in spawned], dtype=np.int8),
            work=self._work_log(),
        )

    def _work_log(self) -> WorkLog:
        """Logged pieces of work plus the whole first turns they imply (picked -> first response)."""
        count = self._count
        first = first_rows(self._first, count)
        whole = np.isfinite(first)
        whole[list(self._cut_first)] = False
        implied = np.flatnonzero(whole)
        logged = np.frombuffer(self._log, dtype=np.float64).reshape(-1, 4)
        late = np.frombuffer(self._late_returns, dtype=np.float64).reshape(-1, 3)
        return WorkLog(
            agent=np.concatenate((first_rows(self._agent, count)[implied], logged[:, 0].astype(np.int64))),
            start=np.concatenate((first_rows(self._picked, count)[implied], logged[:, 1])),
            end=np.concatenate((first[implied], logged[:, 2])),
            mention=np.concatenate((implied, logged[:, 3].astype(np.int64))),
            late_returns=LateReturns(late[:, 0].astype(np.int64), late[:, 1], late[:, 2]),
        )
