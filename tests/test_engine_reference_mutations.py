"""The reference-desk property has teeth: each deliberate break of the fast desk makes it fail.

Every mutant below changes one behaviour of `sim.engine.desk.Desk` a user relies on (the order triage
states, an agent's concurrency, breaks taken in full, authors who give up, the customer's reply delay,
the requeue hand-over), patched in for the test only. The property runs over the first worlds of its
fixed (derandomized) set, without shrinking, and must find a world where the mutant's records differ
from the plain desk's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from heapq import heapify

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings

from sim.engine.desk import Desk, DeskSetup
from sim.engine.desk import desk as desk_module
from sim.engine.desk.parts import Team
from sim.mentions import MentionStream
from sim.scenarios import Scenario
from sim.staffing import Roster

from .test_engine_reference import assert_desks_agree, worlds

EXAMPLES = 150
"""Worlds tried per mutant at most (each mutant is caught well within them)."""

Mutant = Callable[[pytest.MonkeyPatch], None]


def _pick_the_worst(desk: Desk, team: Team, now: float) -> int:
    """Wrong triage order: the least urgent post still waiting, not the most."""
    waiting = [(entry, heap) for heap in team.heaps for entry in heap if not desk._has_left(entry[2], now)]
    if not waiting:
        return -1
    entry, heap = max(waiting, key=lambda item: item[0])
    heap.remove(entry)
    heapify(heap)
    return entry[2]


def wrong_triage_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Desk, "_pick", _pick_the_worst)


def one_lane_too_many(monkeypatch: pytest.MonkeyPatch) -> None:
    """Off by one in concurrency: every agent holds one conversation more than its team's concurrency."""
    build_teams = Desk._build_teams

    def wider(desk: Desk, setup: DeskSetup, roster: Roster) -> None:
        teams = tuple(dataclasses.replace(t, concurrency=t.concurrency + 1) for t in roster.teams)
        build_teams(desk, setup, dataclasses.replace(roster, teams=teams))

    monkeypatch.setattr(Desk, "_build_teams", wider)


def breaks_cut_short(monkeypatch: pytest.MonkeyPatch) -> None:
    """A break worked into is not taken in full: the agent is back at the break's planned end."""
    monkeypatch.setattr(desk_module, "breaks_before", lambda on_duty, rostered: np.zeros(len(on_duty)))


def _after_setup(change: Callable[[Desk], None]) -> Mutant:
    """A mutant that changes the desk's knobs once it is built."""

    def mutant(monkeypatch: pytest.MonkeyPatch) -> None:
        init = Desk.__init__

        def changed(desk: Desk, setup: DeskSetup, roster: Roster) -> None:
            init(desk, setup, roster)
            change(desk)

        monkeypatch.setattr(Desk, "__init__", changed)

    return mutant


def _never_leave(desk: Desk) -> None:
    """Give-ups not honoured: no post leaves the queue (`give_ups: leave`, `drop_after` ignored)."""
    rows = np.asarray(desk._leaves)
    rows[:] = np.inf


def _no_reply_delay(desk: Desk) -> None:
    """The customer's reply delay dropped: the next message comes the moment the agent replies."""
    desk._reply_delay = 0.0


def _finish_instead_of_requeue(desk: Desk) -> None:
    """The requeue hand-over ignored: work runs past the end of the agent's interval."""
    desk._requeue = False


def no_public_follow_ups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Authors who give up in public post nothing."""
    monkeypatch.setattr(Desk, "_give_up", lambda desk, m, at, now: None)


MUTANTS: dict[str, Mutant] = {
    "wrong triage order": wrong_triage_order,
    "one lane too many": one_lane_too_many,
    "breaks cut short": breaks_cut_short,
    "posts never leave": _after_setup(_never_leave),
    "no public follow-ups": no_public_follow_ups,
    "reply delay dropped": _after_setup(_no_reply_delay),
    "requeue ignored": _after_setup(_finish_instead_of_requeue),
}


def _property_fails() -> bool:
    """Whether the property finds a world where the desks disagree among its first `EXAMPLES` worlds."""

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(worlds())
    def holds(world: tuple[Scenario, MentionStream, int]) -> None:
        assert_desks_agree(world)

    try:
        holds()
    except AssertionError:
        return True
    return False


@pytest.mark.filterwarnings("ignore:Generating overly large repr")  # Hypothesis showing the failing world
@pytest.mark.parametrize("name", MUTANTS)
def test_the_property_catches_a_broken_fast_desk(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    MUTANTS[name](monkeypatch)
    assert _property_fails(), f"the reference property misses the mutant '{name}'"
