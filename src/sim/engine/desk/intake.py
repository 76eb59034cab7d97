"""Intake and give-ups: inputs enter the desk at their time, and authors stop waiting.

Leaving is lazy: a post that left the queue (reneged, or dropped by a stated rule) is skipped when a slot
would pick it, at no cost; by default a post whose author gave up stays. Only authors who escalate in
public need their give-up time as an input (a check, which may post a new mention). After a reply the
conversation moves on here too: to the back office, to the customer's next message (a late input), or to
its close.
"""

from __future__ import annotations

from heapq import heappop, heappush
from typing import TYPE_CHECKING

from sim.engine.desk.parts import BACK, FIRST, TURN
from sim.engine.fates import COMPLAINT, ESCALATE

if TYPE_CHECKING:
    from sim.engine.desk.desk import Desk


def ingest(desk: Desk, now: float) -> None:
    """Move every input due by `now` into the queues (or straight to an idle slot): mentions seen, the
    give-up checks, the inputs known only during the run."""
    times, mentions, position, at = (
        desk._seen_time,
        desk._seen_mention,
        desk._seen_position,
        desk._next_seen_at,
    )
    leaves, kind, class_of_kind = desk._leaves, desk._kind, desk._class_of_kind
    previous = -1.0
    while at <= now:
        m = mentions[position]
        position += 1
        following = times[position]
        if leaves[m] > now:  # mentions seen at the same time are ranked by triage (`tied`)
            desk._dispatch(m, class_of_kind[kind[m]], at, now, following == at or previous == at)
        previous, at = at, following
    desk._seen_position, desk._next_seen_at = position, at
    if desk._next_check_at <= now:
        desk._check_give_ups(now)
    late = desk._late_inputs
    while late[0][0] <= now:
        at, m = heappop(late)
        if not desk._has_left(m, now):
            desk._dispatch(m, class_of_kind[kind[m]], at, now)


def check_give_ups(desk: Desk, now: float) -> None:
    """Run the give-up checks due by `now`, in their order: each may post a public follow-up."""
    while desk._next_check_at <= now:
        check = desk._check_position
        desk._check_position = check + 1
        desk._next_check_at = desk._check_time[check + 1]
        desk._give_up(desk._check_mention[check], desk._check_time[check], now)


def has_left(desk: Desk, m: int, now: float) -> bool:
    """Whether `m` left the queue unpicked by `now` (NaN picked: not picked): its author gave up under
    `give_ups: leave`, or the drop rule took it."""
    return desk._leaves[m] <= now and desk._picked[m] != desk._picked[m]


def next_step(desk: Desk, m: int, now: float) -> None:
    """After a reply: escalate, wait for the customer's next message, or close the conversation."""
    stage, follow = desk._stage[m], desk._follow[m]
    if stage == FIRST:
        if follow == ESCALATE:
            desk._stage[m] = BACK
            desk._escalated[m] = 1
            desk._dispatch(m, desk._back_class, now, now)
            return
    else:
        desk._later_turns[m] += 1
    if follow > 0 and stage != BACK:
        desk._follow[m] = follow - 1
        desk._stage[m] = TURN
        if desk._next_check_at <= now:
            # The feeder sleeps through give-up checks while every slot is busy. Follow-up fates and
            # reply delays come from the same generator: post the follow-ups due first, as they were.
            desk._check_give_ups(now)
        at = now + desk._reply_delay * desk._delays.next()
        heappush(desk._late_inputs, (at, m))
        if at < desk._feeder.at:  # the feeder may have to wake earlier for it
            desk._rearm(now)
    else:
        desk._resolved[m] = now


def give_up(desk: Desk, m: int, at: float, now: float) -> None:
    """An author who escalates in public gives up at `at`: if still unanswered, post a follow-up."""
    if desk._picked[m] <= at:
        return  # picked before the deadline (NaN, not picked, compares False; a claim may pick it later)
    fate = desk._spawn(m, at)
    f = desk._count  # its row waits with the defaults of a mention nobody has touched
    desk._count += 1
    desk._spawned.append((m, at, fate))
    desk._kind[f] = COMPLAINT
    desk._leaves[f] = fate.leaves
    desk._priority[f] = desk._triage.first_turn(COMPLAINT, at, desk._followers[m])
    desk._follow[f] = fate.follow_ups
    for times, draws in desk._first_columns:
        times[f] = draws.next(COMPLAINT)
    if fate.leaves > now:
        desk._dispatch(f, desk._class_of_kind[COMPLAINT], at, now)


def next_check(desk: Desk, now: float) -> float:
    """Time of the next give-up check that can still matter, skipping authors already being answered."""
    picked, mentions, check = desk._picked, desk._check_mention, desk._check_position
    while mentions[check] >= 0 and picked[mentions[check]] <= now:  # NaN (not picked yet) compares False
        check += 1
    desk._check_position = check
    desk._next_check_at = desk._check_time[check]
    return desk._next_check_at
