"""Agents and their slots: a slot is one of an agent's k lanes of attention, and its step runs each time its
wake fires (the work in hand is done, or the slot is sent home or comes on duty).

A slot is a chain of callbacks rather than a generator process: resuming a generator costs SimPy a
`Process._resume` per event, and the step runs once per mention.
"""

from __future__ import annotations

from functools import partial
from heapq import heappush
from typing import TYPE_CHECKING

import simpy

from sim.engine.desk.parts import BACK, CHOOSE, FIRST, GO_HOME, LAST, ON_DUTY, Slot
from sim.engine.loop import NORMAL, URGENT

if TYPE_CHECKING:
    from sim.engine.desk.desk import Desk


def start_slot(desk: Desk, slot: Slot) -> None:
    """Give a slot its step and wake it at time 0 with an urgent event, as a SimPy process starts.

    A slot is a chain of callbacks rather than a generator process: resuming a generator costs SimPy a
    `Process._resume` per event, and the step runs once per mention."""
    slot.callbacks = [partial(slot_woken, desk, slot)]  # the function itself: no bound method per call
    slot.event = desk._loop.event(slot.callbacks)
    desk._loop.schedule(slot.event, URGENT, 0.0)


def slot_woken(desk: Desk, slot: Slot, wake: simpy.Event | None) -> None:
    """A slot's wake fired: a service completion (recorded), or its on-duty interval is over (the slot
    moves to its next one), or the slot comes on duty (task ENTER, from the door, `wake` None). Then the
    slot takes in what is due, takes the best work waiting, else claims the next input, else goes idle.

    Work waiting and more events due this instant (other slots finishing, whose escalations or cut work
    may come first by triage, or slots already waiting to choose): the slot chooses once they are all
    done, woken again after them (task CHOOSE), so inputs of one instant are taken in the policy's order,
    not in the order of events. A slot coming on duty needs no second wake: the door comes after them.
    """
    now = desk._loop.now
    m = slot.task
    if m >= 0 and (slot.simple or desk._work_done(slot, m, now)):
        # A first turn is done: the reply is posted; the conversation goes on, if it does. A whole first
        # turn's work is implied by the mention's picked time, first response and agent, not logged.
        desk._first[m] = now
        desk._agent[m] = slot.agent
        if desk._follow[m]:
            desk._next_step(m, now)
    if now >= slot.duty_end and not desk._advance(slot, now):
        return
    if desk._next_seen_at <= now or desk._late_inputs[0][0] <= now or desk._next_check_at <= now:
        desk._ingest(now)
    if any(slot.team.heaps):
        if m >= GO_HOME and desk._loop.due_before(LAST):  # done or sent home, not woken to choose
            desk._choose_later(slot)
            return
        m = desk._pick(slot.team, now)
    else:
        m = -1
    if m >= 0:
        desk._start(slot, m, now, 0.0)
    elif not desk._claim_next(slot, now):
        desk._go_idle(slot, now)


def start(desk: Desk, slot: Slot, m: int, at: float, lead: float) -> None:
    """Service start: work on `m` at time `at` (`lead` from now); the slot's wake fires when it is done.

    The handle time is the rest of requeued work, a fresh first turn's pre-drawn time, or a later turn
    or back-office case drawn now. Under requeue the wake fires at the interval's end instead if that
    comes first, and the rest of the work is recorded as cut.
    """
    requeue = desk._requeue
    stage = desk._stage[m]
    if requeue and desk._pending[m]:  # only requeue hand-overs leave work pending
        duration = desk._pending[m]
        desk._pending[m] = 0.0
        slot.simple = False
    elif stage == FIRST:
        duration = slot.team.first[m]  # type: ignore[index]
        desk._picked[m] = at
        slot.simple = not requeue or at + duration <= slot.duty_end
    else:
        factor = desk._back_office_factor if stage == BACK else desk._turn_factor
        duration = slot.team.draws.next(desk._kind[m]) * factor
        slot.simple = False
    slot.task = m
    if not slot.simple:
        slot.start = at
        if requeue and at + duration > slot.duty_end:
            slot.cut = at + duration - slot.duty_end
            # at the end exactly, so the agent's other slots see the interval over when the rest comes back
            desk._loop.schedule_at(slot.event, NORMAL, slot.duty_end)  # type: ignore[arg-type]
            return
    loop = desk._loop  # `loop.schedule`, inline: a service starts once per piece of work
    heappush(loop.queue, (loop.now + (lead + duration), NORMAL, next(loop.ids), slot.event))  # type: ignore[misc]


def work_done(desk: Desk, slot: Slot, m: int, now: float) -> bool:
    """Service completion of logged work (a later turn, a back-office case, a piece of cut work): log
    it, put the rest of cut work back in the queue, or move the conversation on. True if what is done
    is the last piece of a first turn, whose reply the slot's step posts as for a whole one."""
    desk._log.fromlist([slot.agent, slot.start, now, m])
    stage = desk._stage[m]
    if slot.cut:
        desk._pending[m], slot.cut = slot.cut, 0.0
        if stage == FIRST:
            desk._cut_first.add(m)
        c = desk._back_class if stage == BACK else desk._class_of_kind[desk._kind[m]]
        desk._dispatch(m, c, desk._entered[m], now)
        return False
    if stage == FIRST:
        return True
    desk._next_step(m, now)
    return False


def go_idle(desk: Desk, slot: Slot, now: float) -> None:
    """Nothing to take or claim: the slot waits among its team's idle slots; the feeder wakes for the
    next input and for the slot's duty end."""
    slot.idle = True
    slot.team.idle.append(slot)
    end = slot.duty_end
    if slot.end_armed != end:
        slot.end_armed = end
        heappush(desk._ends, (end, slot.key))
    desk._rearm(now)


def choose_later(desk: Desk, slot: Slot) -> None:
    """Wake a free slot again this instant, after every event now due, to choose its work then."""
    slot.task = CHOOSE
    desk._loop.schedule(slot.event, ON_DUTY, 0.0)  # type: ignore[arg-type]


def send_home(desk: Desk, slot: Slot) -> None:
    """Wake an idle slot whose on-duty interval is over (now), as `Event.succeed` would."""
    slot.idle = False
    slot.task = GO_HOME
    desk._loop.schedule(slot.event, NORMAL, 0.0)  # type: ignore[arg-type]
