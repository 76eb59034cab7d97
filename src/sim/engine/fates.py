"""What each mention will do, drawn up front in numpy before the clock starts.

Whether listening finds an untagged post and when, how long its author waits, whether a spam post is
recognised, whether the conversation goes on or escalates: none of it depends on the queue, so it is drawn
vectorised from the `customers` generator instead of one call per event. The engine then only reads arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.metrics import NEGATIVE_KINDS
from sim.scenarios import KINDS
from sim.scenarios.operations import Inbox, Policies

COMPLAINT = KINDS.index("complaint")
SPAM = KINDS.index("spam")

ESCALATE = -1
"""`Fates.follow_ups` value of a case handed to the back office after the first reply."""
CHUNK = 1024
"""Public follow-ups whose fates are drawn at once."""


@dataclass(frozen=True)
class Fates:
    """Per-mention draws that do not depend on the queue."""

    seen: NDArray[np.float64]
    """When the desk sees the mention: at once if tagged, after the listening delay if found, else NaN."""
    deadline: NDArray[np.float64]
    """Arrival + patience: the author gives up on a first answer at this time (inf: never)."""
    leaves: NDArray[np.float64]
    """When the post leaves the queue unanswered if nobody has picked it by then (inf: it stays until it is
    answered); see `leave_times`."""
    spam_ignored: NDArray[np.bool_]
    """Spam recognised at a glance and ignored."""
    follow_ups: NDArray[np.int8]
    """Customer messages after the first reply (0 .. max_turns-1), or ESCALATE."""
    goes_public: NDArray[np.bool_]
    """Whether the author, on giving up, posts a louder public follow-up complaint."""


def draw_fates(
    kind: NDArray[np.int8],
    arrival: NDArray[np.float64],
    tagged: NDArray[np.bool_],
    desk_open: NDArray[np.bool_],
    policies: Policies,
    can_escalate: bool,
    rng: np.random.Generator,
) -> Fates:
    """Draw every mention's fate; `desk_open` tells whether the desk was open at each arrival.

    Patience is exponential per kind (Erlang A's assumption), stretched by `notice_patience_factor` for
    mentions posted while a desk that states its hours is closed. Follow-up messages are geometric: after each
    reply the customer writes again with the kind's probability, up to `max_turns` messages. A case that
    escalates goes to the back office instead (only when there is a back-office team).
    """
    n = len(kind)
    listening, patience = policies.listening, policies.patience
    found = tagged | (listening.enabled & (rng.random(n) < listening.coverage))
    delay = np.where(tagged, 0.0, rng.exponential(1.0, n) * listening.delay)
    seen = np.where(found, arrival + delay, np.nan)

    mean = _per_kind(kind, {KINDS.index(k): v for k, v in patience.mean.items()}, np.inf)
    coverage = policies.coverage
    if coverage.after_hours_notice:
        mean = np.where(desk_open, mean, mean * coverage.notice_patience_factor)
    with np.errstate(invalid="ignore"):
        deadline = arrival + rng.exponential(1.0, n) * mean
    deadline[np.isinf(mean)] = np.inf

    spam_ignored = (kind == SPAM) & (rng.random(n) < policies.spam.detection)
    threads = policies.threads
    p_follow = _kind_table({KINDS.index(k): v for k, v in threads.follow_up.items()}, 0.0)
    follow_ups = _geometric(p_follow, kind, rng.random(n), threads.max_turns - 1)
    p_escalate = _per_kind(kind, {KINDS.index(k): v for k, v in policies.escalation.share.items()}, 0.0)
    escalates = can_escalate & (rng.random(n) < p_escalate)
    follow = np.where(escalates, ESCALATE, follow_ups).astype(np.int8)
    follow[spam_ignored] = 0
    negative = np.isin(kind, NEGATIVE_KINDS)
    goes_public = negative & (rng.random(n) < patience.public_escalation) & np.isfinite(deadline)
    leaves = leave_times(arrival, deadline, policies.inbox)
    return Fates(seen, deadline, leaves, spam_ignored, follow, goes_public)


def leave_times(
    arrival: NDArray[np.float64], deadline: NDArray[np.float64], inbox: Inbox
) -> NDArray[np.float64]:
    """When each post leaves the queue if still unpicked: its author's deadline when give-ups leave
    (Erlang A), `drop_after` past its arrival under a drop rule, the earlier of the two, else never (inf)."""
    leaves = deadline.copy() if inbox.give_ups == "leave" else np.full(len(arrival), np.inf)
    if inbox.drop_after is not None:
        np.minimum(leaves, arrival + inbox.drop_after, out=leaves)
    return leaves


def _per_kind(kind: NDArray[np.int8], values: dict[int, float], missing: float) -> NDArray[np.float64]:
    """A per-mention array of a per-kind value."""
    return _kind_table(values, missing)[kind]


def _kind_table(values: dict[int, float], missing: float) -> NDArray[np.float64]:
    """One value per kind, in `KINDS` order."""
    table = np.full(len(KINDS), missing, dtype=np.float64)
    for index, value in values.items():
        table[index] = value
    return table


def _geometric(
    p: NDArray[np.float64], kind: NDArray[np.int8], u: NDArray[np.float64], cap: int
) -> NDArray[np.int64]:
    """Successes before the first failure with success probability `p[kind]` (`p` per kind), from uniforms
    `u`, at most `cap`. The logarithm of p is taken per kind, not per mention."""
    some = (p > 0.0) & (p < 1.0)
    log_p = np.ones_like(p)
    log_p[some] = np.log(p[some])
    count = np.minimum(np.floor(np.log1p(-u) / log_p[kind]), cap)
    return np.where(some[kind], count, np.where(p[kind] >= 1.0, cap, 0)).astype(np.int64)


class FollowUpFates:
    """Fates of the public follow-up complaints that ignored customers post during the run.

    They appear one at a time, so their draws come in chunks (one chunk for posts while the desk is open, one
    while it is closed, as patience differs), each drawn by `draw_fates` like every other mention's. A
    follow-up never escalates in public again.
    """

    def __init__(self, policies: Policies, can_escalate: bool, rng: np.random.Generator) -> None:
        self._policies = policies
        self._can_escalate = can_escalate
        self._rng = rng
        self._chunks: dict[bool, list[tuple[float, float, int]]] = {True: [], False: []}

    def next(self, at: float, desk_open: bool) -> tuple[float, float, int]:
        """(deadline, leave time, follow-ups) of a follow-up complaint posted at `at`."""
        chunk = self._chunks[desk_open]
        if not chunk:
            fates = draw_fates(
                np.full(CHUNK, COMPLAINT, dtype=np.int8),
                np.zeros(CHUNK),
                np.ones(CHUNK, dtype=bool),
                np.full(CHUNK, desk_open),
                self._policies,
                self._can_escalate,
                self._rng,
            )
            columns = (fates.deadline, fates.leaves, fates.follow_ups)
            chunk.extend(zip(*(column.tolist()[::-1] for column in columns), strict=True))
        patience, stays, follow_ups = chunk.pop()
        return at + patience, at + stays, follow_ups
