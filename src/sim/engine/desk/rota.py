"""The rota: off-duty slots by the start of their next on-duty interval, and the door that lets them in."""

from __future__ import annotations

from heapq import heappop, heappush
from typing import TYPE_CHECKING

from sim.engine.desk.parts import ENTER, ON_DUTY, Slot

if TYPE_CHECKING:
    from sim.engine.desk.desk import Desk


def advance(desk: Desk, slot: Slot, now: float) -> bool:
    """Move a slot whose interval is over to its next one: True if it begins now, else its start waits
    in the rota (or, with no interval left, the slot retires and drops its step).

    A break is taken in full: a slot that finished a conversation into it (`now` past its interval's end)
    comes back as much later, and the on-duty time it lost is logged as a late return. Only a slot woken
    by finished work can be late, and never under requeue (which stops work at the interval's end): an
    idle slot sent home, or cut work, wakes at the end give or take the last bit of its scheduled delay."""
    previous_end = slot.duty_end
    worked = slot.task >= 0 and not desk._requeue
    for start, end, pause in slot.intervals:
        if pause and worked and now > previous_end:  # worked into the break: it starts now, in full
            desk._late_returns.fromlist([slot.agent, start, min(now + pause, end)])
            start = now + pause
        previous_end = end
        if now >= end or start >= end:
            continue
        slot.duty_end = end
        if now >= start:
            return True
        heappush(desk._rota, (start, next(desk._rota_order), slot))
        if start < desk._door.at:
            desk._door.set(start, now)
        return False
    slot.callbacks = slot.event = None  # breaks the slot <-> step cycle, so the desk dies with its frame
    return False


def let_in(desk: Desk) -> None:
    """Door step: the slot whose on-duty interval starts now comes on duty; the door moves to the next.

    Off-duty slots wait in the desk's own rota, not in SimPy's queue: most slots are off duty at any
    moment, and every event the desk pops would otherwise sift through their starts. The door is one
    event at the earliest start, with the priority the slots' own would have, so the order of events
    is the same.

    Slots starting at the same moment (an agent's k slots, a shift's agents) come in one after the other
    in one door step, as long as nothing that comes before the door (an event due now with a more
    urgent priority, such as an idle slot's step) was scheduled by the one before: the next door event
    would have been the next event anyway.
    """
    now = desk._loop.now
    rota = desk._rota
    while True:
        slot = heappop(rota)[2]
        slot.task = ENTER
        desk._slot_woken(slot, None)
        if desk._door.armed is not None or not rota:
            return
        if rota[0][0] > now or desk._loop.due_before(ON_DUTY):
            break
    desk._door.set(rota[0][0], now)
