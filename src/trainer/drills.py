"""Starting and resuming stored drills: a session wired to the history store.

A stored drill is its scenario file, its `--set` overrides, its seed and its actions. Resuming reloads the
scenario, refuses it if it changed since (the same actions would mean something else), replays the actions
into a fresh session and moves the clock to where the drill was left; from then on the session writes to the
store again. The Textual app and the CLI both start drills through here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from sim.scenarios import Scenario, load_scenario
from trainer.rubric import Scorecard
from trainer.session import ACTIONS, Action, DrillSession
from trainer.store import Store


class DrillError(Exception):
    """A stored drill cannot be resumed: unknown, finished, or its scenario changed."""


class StoreJournal:
    """Writes a session's actions, clock and scorecard to the store as they happen."""

    def __init__(self, store: Store, drill_id: int, next_seq: int = 0) -> None:
        self.store = store
        self.drill_id = drill_id
        self._seq = next_seq

    def action(self, action: Action) -> None:
        """Keep the action with the next sequence number."""
        self.store.add_action(self.drill_id, self._seq, action.at, action.model_dump_json())
        self._seq += 1

    def clock(self, now: float) -> None:
        """Keep where the clock stands."""
        self.store.set_clock(self.drill_id, now)

    def finished(self, scorecard: Scorecard) -> None:
        """Keep the scorecard and the per-practice tallies."""
        self.store.finish(
            self.drill_id,
            score=scorecard.score,
            passed=scorecard.passed,
            tier=scorecard.tier,
            scorecard=scorecard.to_json(),
            tallies=scorecard.practice_tallies(),
        )


def digest(scenario: Scenario) -> str:
    """A fingerprint of the validated scenario (so `extends` bases and defaults count too)."""
    return hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()[:16]


def start(
    scenario: Scenario,
    path: Path,
    store: Store,
    *,
    trainee: str | None = None,
    overrides: Sequence[str] = (),
    seed: int | None = None,
) -> tuple[int, DrillSession]:
    """A new stored drill: returns its id and the session, which journals into the store."""
    if scenario.drill is None:
        raise DrillError(f"{path} has no `drill` section")
    name = trainee or scenario.drill.trainee
    seed = scenario.meta.seed if seed is None else seed
    drill_id = store.start(
        trainee=name,
        scenario_path=str(path.resolve()),
        scenario_id=scenario.meta.id,
        title=scenario.meta.title,
        digest=digest(scenario),
        seed=seed,
        overrides=overrides,
    )
    session = DrillSession(
        scenario, rng=np.random.default_rng(seed), trainee=name, journal=StoreJournal(store, drill_id)
    )
    return drill_id, session


def resume(drill_id: int, store: Store) -> DrillSession:
    """The stored drill rebuilt from its actions, journaling into the store again.

    Raises:
        DrillError: unknown or finished drill, or a scenario that changed since it started.
        ScenarioError: the scenario file no longer loads.
    """
    row = store.drill(drill_id)
    if row is not None and row.finished:
        raise DrillError(f"drill {drill_id} is finished (score {row.score:g}); start a new one")
    store.claim(drill_id)
    session, replayed = _rebuilt(drill_id, store)
    session.journal = StoreJournal(store, drill_id, next_seq=replayed)
    return session


def review(drill_id: int, store: Store) -> tuple[DrillSession, Scorecard]:
    """A finished drill replayed from its actions (writing nothing), with its scorecard, for the review.

    Raises:
        DrillError: unknown or unfinished drill, or a scenario that changed since it was played.
        ScenarioError: the scenario file no longer loads.
    """
    row = store.drill(drill_id)
    if row is not None and not row.finished:
        raise DrillError(f"drill {drill_id} is not finished yet: resume it first")
    session, _ = _rebuilt(drill_id, store)
    session.advance_to(session.drill.length)
    return session, session.finish()


def _rebuilt(drill_id: int, store: Store) -> tuple[DrillSession, int]:
    """A fresh session with the stored drill's actions replayed and its clock restored (no journal yet)."""
    row = store.drill(drill_id)
    if row is None:
        raise DrillError(f"no drill {drill_id} (see: carelab drill history)")
    scenario = load_scenario(row.scenario_path, row.overrides)
    if digest(scenario) != row.digest:
        raise DrillError(
            f"{row.scenario_path} changed since drill {drill_id} started; its actions would not replay"
        )
    session = DrillSession(scenario, rng=np.random.default_rng(row.seed), trainee=row.trainee)
    payloads = store.actions(drill_id)
    for payload in payloads:
        session.apply(ACTIONS.validate_json(payload))
    session.advance_to(row.clock)
    return session, len(payloads)
