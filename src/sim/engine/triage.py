"""Triage policies: the key that orders the waiting heap.

A heap entry is `(priority, entered, mention)`: the policy sets the priority, ties go to whoever entered the
queue first. First turns get their priority up front, vectorised; later turns (a customer's reply, a case
handed over) ask the policy again with the time they entered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from sim.scenarios import KINDS
from sim.scenarios.operations import Triage

URGENCY_ORDER = ("urgent", "complaint", "question", "praise", "spam")
"""urgency-first serves kinds in this order."""
_URGENCY_RANK = tuple(float(URGENCY_ORDER.index(kind)) for kind in KINDS)
"""Each kind's place in `URGENCY_ORDER`, in `KINDS` order."""


class TriagePolicy(Protocol):
    """Priority of waiting work: smaller is served first."""

    def first_turns(
        self, kind: NDArray[np.int8], arrival: NDArray[np.float64], followers: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        """Priorities of first turns."""
        ...

    def first_turn(self, kind: int, arrival: float, followers: int) -> float:
        """Priority of one first turn (a mention created during the run), as `first_turns` gives it."""
        ...

    def later_turn(self, kind: int, entered: float, first_priority: float) -> float:
        """Priority of later work on a conversation whose first turn had `first_priority`."""
        ...


class Fifo:
    """Oldest first: every priority is equal, the entry time decides."""

    def first_turns(
        self, kind: NDArray[np.int8], arrival: NDArray[np.float64], followers: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        return np.zeros(len(kind))

    def first_turn(self, kind: int, arrival: float, followers: int) -> float:
        return 0.0

    def later_turn(self, kind: int, entered: float, first_priority: float) -> float:
        return first_priority


class UrgencyFirst(Fifo):
    """Urgent, then complaints, questions, praise, spam; oldest first within a kind."""

    def first_turns(
        self, kind: NDArray[np.int8], arrival: NDArray[np.float64], followers: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        return np.asarray(_URGENCY_RANK)[kind]

    def first_turn(self, kind: int, arrival: float, followers: int) -> float:
        return _URGENCY_RANK[kind]


class InfluenceFirst(Fifo):
    """Most followers first (the practice BP13 warns against; here to measure what it costs)."""

    def first_turns(
        self, kind: NDArray[np.int8], arrival: NDArray[np.float64], followers: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        return -followers.astype(np.float64)

    def first_turn(self, kind: int, arrival: float, followers: int) -> float:
        return -float(followers)


@dataclass(frozen=True)
class DeadlineFirst:
    """Earliest deadline first: arrival (or, for later turns, entry) plus the target of the kind."""

    targets: tuple[float, ...]
    """Target minutes per kind, in `KINDS` order."""

    def first_turns(
        self, kind: NDArray[np.int8], arrival: NDArray[np.float64], followers: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        return arrival + np.asarray(self.targets)[kind]

    def first_turn(self, kind: int, arrival: float, followers: int) -> float:
        return arrival + self.targets[kind]

    def later_turn(self, kind: int, entered: float, first_priority: float) -> float:
        return entered + self.targets[kind]


def triage_policy(triage: Triage, targets: tuple[float, ...]) -> TriagePolicy:
    """The policy object for a scenario's triage setting; `targets` are minutes per kind."""
    if triage.policy == "urgency-first":
        return UrgencyFirst()
    if triage.policy == "influence-first":
        return InfluenceFirst()
    if triage.policy == "deadline-first":
        return DeadlineFirst(targets)
    return Fifo()
