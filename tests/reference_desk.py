"""The care desk written plainly: a SimPy process per slot, a `simpy.PriorityStore` per skill class.

`sim.engine.desk` is built for speed (callbacks instead of processes, claims, a feeder, a rota behind one
door); this is the same model as a textbook would write it, with no shortcut, so a property test can hold
the fast desk to it. It reads the same `DeskSetup` (built from fresh generators with the same seed, so both
draw the same handle times, reply delays and follow-up fates in the same order) and returns a `DeskLog`.

The model, in the terms of `sim.engine`'s glossary:

- Every input is put in its skill class's store at its time, as `(triage priority, entered, mention)`:
  mentions seen (one timeout each from time 0), customers' replies, escalations (the back-office class),
  public follow-ups (a process per give-up check), and the rest of work cut at a hand-over.
- A slot is a process: for each on-duty interval it waits for the start (an event of `ON_DUTY` priority:
  after everything else due then), then takes the best item of its store while the interval lasts,
  skipping posts that left the queue unpicked, and serves it (the handle time as a timeout).
- A slot chooses only after everything else due at that instant (a zero-delay event of `ON_DUTY`
  priority before each choice; a slot woken by an arrival puts it back and waits for that too), so inputs
  of one instant are taken in triage order.
- Agents are interchangeable within a team here: the property gives every agent of a team the same on-duty
  time, so records compare the team that answered, not the agent (the fast desk and this one may pick
  different idle agents, as any tie rule is as good as another).
"""

from __future__ import annotations

from collections.abc import Generator
from heapq import heappush
from typing import Any

import numpy as np
import simpy
from simpy.events import NORMAL, EventPriority

from sim.engine.desk import BACK, FIRST, TURN, DeskLog, DeskSetup
from sim.engine.fates import COMPLAINT, ESCALATE
from sim.metrics import LateReturns, WorkLog
from sim.scenarios import KINDS
from sim.staffing import Roster, breaks_before

Process = Generator[simpy.Event, Any, None]

ON_DUTY = EventPriority(NORMAL + 1)
"""Slots come on duty after everything else due at that instant (work cut at a shift change is back in the
queue before the next shift picks)."""


class ReferenceDesk:
    """One run of the desk, plainly; `run()` returns the same `DeskLog` as `Desk.run()`."""

    def __init__(self, setup: DeskSetup, roster: Roster) -> None:
        self.env = simpy.Environment()
        self.setup = setup
        self.roster = roster
        self.kind = list(setup.kind.tolist())
        self.leaves = list(setup.leaves.tolist())
        self.follow = list(setup.follow_ups.tolist())
        self.priority = list(setup.triage.first_turns(setup.kind, setup.arrival, setup.followers).tolist())
        self.first_times = [None if f is None else list(f.tolist()) for f in setup.first_times]
        rows = len(self.kind)
        self.stage = [FIRST] * rows
        self.picked = [np.nan] * rows
        self.first = [np.nan] * rows
        self.resolved = [np.nan] * rows
        self.agent = [-1] * rows
        self.later = [0] * rows
        self.escalated = [False] * rows
        self.pending = [0.0] * rows
        self.entered = [0.0] * rows
        self.spawned: list[tuple[int, float, float, float, int]] = []
        self.work: list[tuple[int, float, float, int]] = []
        self.late_returns: list[tuple[int, float, float]] = []
        self._classes()

    def _classes(self) -> None:
        """Skill classes as the fast desk forms them: kinds served by the same teams, then the back office."""
        setup = self.setup
        teams = range(len(setup.team_kinds))
        servers = [tuple(t for t in teams if k in setup.team_kinds[t]) for k in range(len(KINDS))]
        classes = list(dict.fromkeys(servers))
        self.class_of_kind = [classes.index(s) for s in servers]
        self.back_class = len(classes)
        members = [*classes, () if setup.escalation_team is None else (setup.escalation_team,)]
        self.stores = [simpy.PriorityStore(self.env) for _ in members]
        self.store_of_team: dict[int, simpy.PriorityStore] = {}
        for c, team_indices in enumerate(members):
            for team in team_indices:
                assert team not in self.store_of_team, "the reference desk takes one skill class per team"
                self.store_of_team[team] = self.stores[c]

    # --- inputs ------------------------------------------------------------------------------------------

    def has_left(self, m: int) -> bool:
        """Whether `m` left the queue unpicked (its author reneged, or the drop rule took it)."""
        return self.leaves[m] <= self.env.now and self.picked[m] != self.picked[m]

    def put(self, m: int, c: int, entered: float) -> None:
        """Work `m` enters skill class `c`'s queue."""
        self.entered[m] = entered
        priority = self.priority[m]
        if self.stage[m] != FIRST:
            priority = self.setup.triage.later_turn(self.kind[m], entered, priority)
        self.stores[c].put((priority, entered, m))

    def seen(self, m: int, at: float) -> Process:
        yield self.env.timeout(at)
        if not self.has_left(m):
            self.put(m, self.class_of_kind[self.kind[m]], at)

    def reply(self, m: int, at: float) -> Process:
        yield self.env.timeout(at - self.env.now)
        self.put(m, self.class_of_kind[self.kind[m]], self.env.now)

    def check(self, m: int, at: float) -> Process:
        """An author who escalates in public gives up at `at`: if still unanswered, a follow-up is posted."""
        yield self.env.timeout(at)
        if self.picked[m] == self.picked[m]:
            return
        fate = self.setup.spawn(m, at)
        self.spawned.append((m, at, fate.deadline, fate.leaves, fate.follow_ups))
        for column in (self.kind, self.leaves, self.follow, self.priority, self.stage):
            column.append(0)
        f = len(self.kind) - 1
        self.kind[f], self.leaves[f], self.follow[f] = COMPLAINT, fate.leaves, fate.follow_ups
        self.priority[f] = self.setup.triage.first_turn(COMPLAINT, at, int(self.setup.followers[m]))
        self.stage[f] = FIRST
        for column in (self.picked, self.first, self.resolved):
            column.append(np.nan)
        self.agent.append(-1)
        self.later.append(0)
        self.escalated.append(False)
        self.pending.append(0.0)
        self.entered.append(0.0)
        drawn: dict[int, float] = {}
        for i, times in enumerate(self.first_times):
            if times is not None:
                source = id(self.setup.first_times[i])
                if source not in drawn:
                    drawn[source] = self.setup.draws[i].next(COMPLAINT)
                times.append(drawn[source])
        self.put(f, self.class_of_kind[COMPLAINT], at)

    # --- agents ------------------------------------------------------------------------------------------

    def slot(self, agent: int, team: int) -> Process:
        """A slot of `agent`: through its on-duty intervals, serving its store's best work. A break is
        taken in full: after work that ran into it, the slot comes back as much later."""
        env, store = self.env, self.store_of_team.get(team)
        on_duty = self.roster.agents[agent].on_duty
        pauses = breaks_before(on_duty, self.roster.agents[agent].rostered).tolist()
        previous_end = worked_until = -np.inf
        for (start, end), pause in zip(on_duty.tolist(), pauses, strict=True):
            if pause and worked_until > previous_end:  # worked into the break: it starts then, in full
                self.late_returns.append((team, start, min(worked_until + pause, end)))
                start = worked_until + pause
            previous_end = end
            if env.now >= end or start >= end:
                continue
            settled = env.now < start
            if settled:
                yield self.after_the_instant(start - env.now)
            while store is not None and env.now < end:
                if not settled:  # choose once every input of this instant is in the queue
                    yield self.after_the_instant(0.0)
                settled = False
                woken_by_an_arrival = not store.items
                get = store.get()
                yield get | env.timeout(end - env.now)
                if not get.triggered:
                    get.cancel()
                    break
                if env.now >= end:  # put in as the interval ended: not this slot's to take
                    store.put(get.value)
                    break
                if woken_by_an_arrival:  # others may come this instant, and come first by triage
                    store.put(get.value)
                    continue
                m = get.value[2]
                if self.has_left(m):
                    settled = True
                else:
                    yield from self.serve(agent, team, m, end)
                    worked_until = env.now

    def after_the_instant(self, delay: float) -> simpy.Event:
        """A plain triggered event `delay` from now at `ON_DUTY` priority: after every other event of its
        instant, so all of the instant's inputs are in the queue when it fires."""
        event = self.env.event()
        event._ok, event._value = True, None
        self.env.schedule(event, ON_DUTY, delay)
        return event

    def at_time(self, time: float) -> simpy.Event:
        """A plain triggered event at `time` exactly, as the fast desk schedules the end of cut work (a
        timeout, a delay added to now, may miss it by a bit)."""
        event = self.env.event()
        event._ok, event._value = True, None
        heappush(self.env._queue, (time, NORMAL, next(self.env._eid), event))
        return event

    def serve(self, agent: int, team: int, m: int, end: float) -> Process:
        """Handle `m` from now: the rest of cut work, a first turn, or a later turn or back-office case."""
        env, setup = self.env, self.setup
        start, stage = env.now, self.stage[m]
        if self.pending[m]:
            duration, self.pending[m] = self.pending[m], 0.0
        elif stage == FIRST:
            duration = self.first_times[team][m]  # type: ignore[index]
            self.picked[m] = start
        else:
            factor = setup.back_office_factor if stage == BACK else setup.turn_factor
            duration = setup.draws[team].next(self.kind[m]) * factor
        if setup.requeue and start + duration > end:
            cut = start + duration - end
            yield self.at_time(end)  # cut at the end exactly: the agent's other slots see it over
        else:
            cut = 0.0
            yield env.timeout(duration)
        self.work.append((team, start, env.now, m))
        if cut:
            self.pending[m] = cut
            c = self.back_class if stage == BACK else self.class_of_kind[self.kind[m]]
            self.put(m, c, self.entered[m])
        else:
            self.done(agent, m)

    def done(self, agent: int, m: int) -> None:
        """A turn is over: the first reply is posted, then escalate, await a reply, or close."""
        env, stage, follow = self.env, self.stage[m], self.follow[m]
        if stage == FIRST:
            self.first[m], self.agent[m] = env.now, agent
            if follow == 0:
                return
            if follow == ESCALATE:
                self.stage[m], self.escalated[m] = BACK, True
                self.put(m, self.back_class, env.now)
                return
        else:
            self.later[m] += 1
        if follow > 0 and stage != BACK:
            self.follow[m], self.stage[m] = follow - 1, TURN
            at = env.now + self.setup.reply_delay * self.setup.delays.next()
            env.process(self.reply(m, at))
        else:
            self.resolved[m] = env.now

    # --- the run -----------------------------------------------------------------------------------------

    def run(self) -> DeskLog:
        setup, env = self.setup, self.env
        for agent, roster_agent in enumerate(self.roster.agents):
            concurrency = self.roster.teams[roster_agent.team].concurrency
            for _ in range(concurrency if len(roster_agent.on_duty) else 0):
                env.process(self.slot(agent, roster_agent.team))
        seen = np.flatnonzero(np.isfinite(setup.seen) & (setup.leaves > setup.seen))
        for m in seen[np.argsort(setup.seen[seen], kind="stable")]:
            env.process(self.seen(int(m), float(setup.seen[m])))
        checks = np.flatnonzero(setup.goes_public & (setup.deadline < setup.horizon))
        for m in checks[np.argsort(setup.deadline[checks], kind="stable")]:
            env.process(self.check(int(m), float(setup.deadline[m])))
        env.run()
        return self._log()

    def _log(self) -> DeskLog:
        team_of = np.array([a.team for a in self.roster.agents] + [-1], dtype=np.int64)
        spawned = np.array(self.spawned, dtype=np.float64).reshape(-1, 5)
        work = np.array(self.work, dtype=np.float64).reshape(-1, 4)
        late = np.array(self.late_returns, dtype=np.float64).reshape(-1, 3)
        return DeskLog(
            picked=np.array(self.picked),
            first_response=np.array(self.first),
            resolved=np.array(self.resolved),
            agent=team_of[np.array(self.agent, dtype=np.int64)],
            later_turns=np.array(self.later, dtype=np.int64),
            escalated=np.array(self.escalated, dtype=bool),
            follow_up_of=spawned[:, 0].astype(np.int64),
            follow_up_time=spawned[:, 1],
            follow_up_deadline=spawned[:, 2],
            follow_up_leaves=spawned[:, 3],
            follow_up_follow_ups=spawned[:, 4].astype(np.int8),
            work=WorkLog(
                agent=work[:, 0].astype(np.int64),
                start=work[:, 1],
                end=work[:, 2],
                mention=work[:, 3].astype(np.int64),
                late_returns=LateReturns(late[:, 0].astype(np.int64), late[:, 1], late[:, 2]),
            ),
        )
