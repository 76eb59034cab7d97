"""Dispatch, claims and triage: where an input goes (an idle slot, a slot whose claim it revokes, its skill
class's triage heap), what a slot picks, and the feeder that takes inputs in while slots are idle.
"""

from __future__ import annotations

from heapq import heappop, heappush
from typing import TYPE_CHECKING

from sim.engine.desk.parts import FIRST, INF, LAST, NAN, Entry, Slot, Team

if TYPE_CHECKING:
    from sim.engine.desk.desk import Desk


def dispatch(desk: Desk, m: int, c: int, entered: float, now: float, tied: bool = False) -> None:
    """An arrival in skill class `c`: to an idle slot that can take it, else to a slot whose claim is
    later, else into the class's triage heap.

    While more events are due this instant, or other inputs share its time (`tied`), other arrivals may
    come first by triage: the arrival waits in the heap and the slot it would go to chooses once they
    are all in."""
    if desk._requeue:
        desk._entered[m] = entered  # where cut work goes back in the queue
    for team in desk._teams_of_class[c]:
        idle = team.idle
        while idle:
            slot = idle.pop()
            if slot.duty_end <= now:  # its interval ended this very moment: send it home
                desk._send_home(slot)
                continue
            slot.idle = False
            if not tied and not desk._loop.due_before(LAST):
                desk._start(slot, m, now, 0.0)
                return
            desk._choose_later(slot)
            desk._wait_in_triage(m, c, entered)
            return
    if desk._latest_claim > now and desk._revoke_claim(c, m, entered, now, tied):
        return
    desk._wait_in_triage(m, c, entered)


def wait_in_triage(desk: Desk, m: int, c: int, entered: float) -> None:
    """`m` waits in skill class `c`'s triage heap, ranked by the policy."""
    priority = desk._priority[m]
    if desk._stage[m] != FIRST:
        priority = desk._triage.later_turn(desk._kind[m], entered, priority)
    heappush(desk._heaps[c], (priority, entered, m))


def pick(desk: Desk, team: Team, now: float) -> int:
    """The best work waiting in the team's heaps, or -1; posts that left the queue are dropped on the way."""
    leaves, picked = desk._leaves, desk._picked
    best: Entry | None = None
    best_heap = None
    for heap in team.heaps:
        while heap:
            top = heap[0]
            m = top[2]
            if leaves[m] <= now and picked[m] != picked[m]:  # `_has_left`, inline in the hot loop
                heappop(heap)  # skipped at no cost
                continue
            if best is None or top < best:
                best, best_heap = top, heap
            break
    if best_heap is None:
        return -1
    heappop(best_heap)
    return best[2]  # type: ignore[index]


def claim_next(desk: Desk, slot: Slot, now: float) -> bool:
    """Let a slot with nothing waiting claim the next input ahead of time: the next mention seen, unless a
    late input (a customer's reply, a revoked claim) comes first. Its wake is scheduled for the input's time
    plus the handle time, so meeting an idle agent costs one event. False, claiming nothing, if the slot's
    team does not take the input, it comes after the slot's interval, or its author gives up first.

    Work that turns up earlier after all (a reply, a requeued conversation, a public follow-up from a
    give-up check) revokes the claim; as the claim makes the feeder watch give-up checks, it is re-timed
    when one falls before the claimed input.
    """
    at = desk._next_seen_at
    late = desk._late_inputs[0][0]
    if late < at:
        at, m = desk._late_inputs[0]
        if desk._has_left(m, at) or at >= slot.duty_end or not slot.team.takes[desk._kind[m]]:
            return False
        heappop(desk._late_inputs)
    else:
        position = desk._seen_position
        if at >= slot.duty_end:
            return False
        if desk._ties and (late == at or desk._seen_time[position + 1] == at):
            return False  # it shares its time with another input: left to be dispatched then, by triage
        m = desk._seen_mention[position]
        if not slot.team.takes[desk._kind[m]]:
            return False
        desk._seen_position = position + 1
        desk._next_seen_at = desk._seen_time[position + 1]
    if desk._requeue:
        desk._entered[m] = at
    slot.claim_at = at
    slot.claimed = m
    if not slot.listed:
        slot.listed = True
        desk._claiming.append(slot)
    if at > desk._latest_claim:
        desk._latest_claim = at
    desk._start(slot, m, at, at - now)
    if desk._next_check_at < at:  # the claim makes the feeder watch give-ups: re-time it
        desk._rearm(now)
    return True


def revoke_claim(desk: Desk, c: int, m: int, entered: float, now: float, tied: bool) -> bool:
    """Give `m` to the slot of class `c` holding the latest claim still in the future, if any (or, while
    more events are due this instant, wake that slot to choose once they are in, `m` waiting in triage).

    The claimed input goes back among the late inputs at its own time; the slot leaves its old wake in
    the queue without a callback and waits on a new one for `m`.
    """
    slot = desk._latest_claimant(c, now)
    if slot is None:
        return False
    claimed = slot.claimed
    if desk._stage[claimed] == FIRST:
        desk._picked[claimed] = NAN
    heappush(desk._late_inputs, (slot.claim_at, claimed))
    slot.claim_at, slot.claimed, slot.cut = -INF, -1, 0.0
    slot.event.callbacks = []  # type: ignore[union-attr]  # the old wake stays queued, inert
    slot.event = desk._loop.event(slot.callbacks)  # type: ignore[arg-type]
    if tied or desk._loop.due_before(LAST):  # more of this instant to come: choose once it is in
        desk._choose_later(slot)
        desk._wait_in_triage(m, c, entered)
    else:
        desk._start(slot, m, now, 0.0)
    desk._rearm(now)
    return True


def latest_claimant(desk: Desk, c: int, now: float) -> Slot | None:
    """The slot of class `c` whose outstanding claim starts last (the lowest key among equals), if any;
    drops the slots whose claim has begun from `_claiming` and re-bounds `_latest_claim`."""
    slot: Slot | None = None
    latest = -INF
    outstanding = []
    for candidate in desk._claiming:
        at = candidate.claim_at
        if at <= now:  # its claimed input has begun: no claim left to revoke
            candidate.listed = False
            continue
        outstanding.append(candidate)
        if at > latest:
            latest = at
        if candidate.team.serves[c] and (
            slot is None or at > slot.claim_at or (at == slot.claim_at and candidate.key < slot.key)
        ):
            slot = candidate
    desk._claiming[:] = outstanding
    desk._latest_claim = latest
    return slot


def rearm(desk: Desk, now: float) -> None:
    """Arm the feeder for the earliest of: an idle slot's interval end; the next mention seen while a
    frontline slot is idle; the next give-up check while a slot is idle or claims are outstanding; the
    next late input while a slot is idle or a claim is outstanding after it.

    A reply due after every outstanding claim needs no wake-up: it revokes none, and waits (as it would
    have in the queue) for the first slot to finish, which takes in whatever is due. Only what falls
    before the feeder's current arming can move it, so the costlier give-up scan runs only then.
    """
    nxt = armed_at = desk._feeder.at
    end = desk._ends[0][0]
    if end < nxt:
        nxt = end
    idle = any(desk._frontline_idle)
    if idle and desk._next_seen_at < nxt:
        nxt = desk._next_seen_at
    latest_claim = desk._latest_claim
    if idle or latest_claim > now:
        due = desk._late_inputs[0][0]
        if due < nxt and (idle or due < latest_claim):
            nxt = due
        if desk._next_check_at < nxt:  # the next check that can still matter comes at or after it
            due = desk._next_check(now)
            if due < nxt:
                nxt = due
    if nxt < armed_at:
        # Something due already waits for the next slot to finish: take it now.
        desk._feeder.set(max(nxt, now), now)


def feed(desk: Desk) -> None:
    """Feeder step: take in what is due, send idle slots whose interval ended home, re-arm."""
    now = desk._loop.now
    desk._ingest(now)
    ends = desk._ends
    while ends[0][0] <= now:
        slot = desk._slots[heappop(ends)[1]]
        if slot.idle and slot.duty_end <= now:
            slot.team.idle.remove(slot)
            desk._send_home(slot)
    desk._rearm(now)
