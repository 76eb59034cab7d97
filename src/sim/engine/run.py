"""`simulate`: one replication of a scenario, a pure function of (scenario, replication).

Every draw comes from `run_randomness(seed, replication)`, each purpose from its own generator, in a fixed
order, so the same scenario and replication give the same records in any process on any machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.engine.desk import Desk, DeskSetup, SpawnedFate
from sim.engine.fates import Fates, FollowUpFates, draw_fates
from sim.engine.pages import small_pages
from sim.engine.reach import with_reach
from sim.engine.records import build_records
from sim.engine.service import ChunkedDraws, HandleTable, UnitExponentials, draw_by_kind, handle_table
from sim.engine.triage import triage_policy
from sim.mentions import MentionStream
from sim.metrics import (
    HourlySeries,
    MentionRecords,
    Summary,
    Waits,
    WorkLog,
    figures_by_team,
    hourly_series,
    kind_targets,
    summarize,
)
from sim.randomness import RunRandomness, run_randomness
from sim.scenarios import KINDS, Scenario
from sim.scenarios.operations import Staffing, Team
from sim.staffing import Roster, build_roster


@dataclass(frozen=True)
class RunResult:
    """Everything one replication produced."""

    scenario: Scenario
    replication: int
    records: MentionRecords
    work: WorkLog
    roster: Roster
    summary: Summary
    hourly: HourlySeries


def simulate(scenario: Scenario, replication: int = 0, stream: MentionStream | None = None) -> RunResult:
    """Run one replication: the traffic (unless `stream` is given) meets the care team.

    Raises:
        ValueError: if the scenario has no `staffing`.
    """
    if scenario.staffing is None:
        raise ValueError("the scenario has no `staffing` to simulate")
    randomness = run_randomness(scenario.meta.seed, replication)
    # This is the one place that overlaps work in threads: a second thread grows the cascades while the
    # desk runs (it never reads them), then works out the teams' figures and the reach while this one sorts
    # the waits for the summary's and the hourly backlogs. Most of that work is numpy, which lets go of the
    # interpreter. Each generator is used by one thread at a time, so the results do not depend on the
    # overlap.
    with small_pages(), ThreadPoolExecutor(max_workers=1) as pool:
        roots, complete = _traffic(scenario, randomness, pool, stream)
        roster = build_roster(scenario, randomness.service)
        unreached, work = _run_desk(scenario, roots, roster, randomness)
        teams = pool.submit(figures_by_team, work, roster, scenario.meta.warmup)
        reached = pool.submit(lambda: with_reach(unreached, complete.result(), scenario, randomness.cascades))
        waits = Waits.of(unreached)
        hourly = hourly_series(unreached, roster, waits)
        records = reached.result()
        summary = summarize(records, work, roster, scenario, waits, teams.result())
    return RunResult(
        scenario=scenario,
        replication=replication,
        records=records,
        work=work,
        roster=roster,
        summary=summary,
        hourly=hourly,
    )


def _traffic(
    scenario: Scenario, randomness: RunRandomness, pool: Executor, stream: MentionStream | None
) -> tuple[MentionStream, Future[MentionStream]]:
    """The root mentions for the desk, and the stream with cascades for the reach (growing in `pool`).

    Only the reach figures need the cascades, after the desk has run. `randomness.cascades` belongs to
    `pool` until the future is done."""
    if stream is not None:
        given = stream
        return given, pool.submit(lambda: given)
    # Imported here: runs on a given stream never load the generator.
    from sim.traffic import attach_cascades, grows_cascades, root_mentions

    roots = root_mentions(scenario, randomness)
    if not grows_cascades(scenario):
        return roots, pool.submit(lambda: roots)
    return roots, pool.submit(attach_cascades, roots, scenario, randomness.cascades)


def _run_desk(
    scenario: Scenario, stream: MentionStream, roster: Roster, randomness: RunRandomness
) -> tuple[MentionRecords, WorkLog]:
    """Draw the fates, run the desk, build the records (reach left at zero); the desk's working columns die
    with this frame."""
    setup, fates = desk_inputs(scenario, stream, roster, randomness)
    log = Desk(setup, roster).run()
    return build_records(stream, fates, log, roster), log.work


def desk_inputs(
    scenario: Scenario, stream: MentionStream, roster: Roster, randomness: RunRandomness
) -> tuple[DeskSetup, Fates]:
    """The fates of the mentions and the desk's setup, drawn from `randomness` in the run's fixed order
    (also what `tests/reference_desk.py` is given, so both desks see the same draws)."""
    assert scenario.staffing is not None
    escalation_team = _escalation_team(scenario.staffing, scenario.policies.escalation.team)
    fates = draw_fates(
        stream.kind,
        stream.time,
        stream.tagged,
        roster.is_open(stream.time),
        scenario.policies,
        escalation_team is not None,
        randomness.customers,
    )
    return _desk_setup(scenario, stream, fates, roster, escalation_team, randomness), fates


def _escalation_team(staffing: Staffing, name: str | None) -> int | None:
    """The back-office team that takes escalations: the named one, else the first back-office team."""
    for index, team in enumerate(staffing.teams):
        if (team.name == name) if name is not None else team.role == "backoffice":
            return index
    return None


def _first_turn_times(
    teams: Sequence[Team],
    stream: MentionStream,
    fates: Fates,
    glance: float,
    randomness: RunRandomness,
) -> list[NDArray[np.float64] | None]:
    """Each frontline team's first-turn handle time of every mention (`glance` for spam ignored at a
    glance), one column per distinct handle-time table; None for back-office teams."""
    columns: dict[HandleTable, NDArray[np.float64]] = {}
    first_times: list[NDArray[np.float64] | None] = []
    for team in teams:
        if team.role != "frontline":
            first_times.append(None)
            continue
        table = handle_table(team)
        if table not in columns:
            column = draw_by_kind(table, stream.kind, randomness.service)
            column[fates.spam_ignored] = glance
            columns[table] = column
        first_times.append(columns[table])
    return first_times


def _desk_setup(
    scenario: Scenario,
    stream: MentionStream,
    fates: Fates,
    roster: Roster,
    escalation_team: int | None,
    randomness: RunRandomness,
) -> DeskSetup:
    """Columns and knobs for the desk, handle times drawn up front."""
    assert scenario.staffing is not None
    policies = scenario.policies
    teams = scenario.staffing.teams
    all_kinds = frozenset(range(len(KINDS)))
    first_times = _first_turn_times(teams, stream, fates, policies.spam.glance, randomness)
    follow_up_fates = FollowUpFates(policies, escalation_team is not None, randomness.customers)

    def spawn(parent: int, at: float) -> SpawnedFate:
        return SpawnedFate(*follow_up_fates.next(at, roster.is_open_at(at)))

    escalation = policies.escalation
    return DeskSetup(
        horizon=scenario.meta.duration,
        kind=stream.kind,
        arrival=stream.time,
        followers=stream.followers,
        seen=fates.seen,
        deadline=fates.deadline,
        leaves=fates.leaves,
        follow_ups=fates.follow_ups,
        goes_public=fates.goes_public,
        first_times=first_times,
        team_kinds=[
            frozenset()
            if t.role != "frontline"
            else all_kinds
            if t.kinds is None
            else frozenset(KINDS.index(k) for k in t.kinds)
            for t in teams
        ],
        draws=[ChunkedDraws(handle_table(t), randomness.service) for t in teams],
        escalation_team=escalation_team,
        triage=triage_policy(policies.triage, kind_targets(scenario)),
        requeue=policies.handover == "requeue",
        reply_delay=policies.threads.delay,
        turn_factor=policies.threads.turn_factor,
        back_office_factor=1.0 if escalation.transcript else escalation.repeat_factor,
        delays=UnitExponentials(randomness.customers),
        spawn=spawn,
    )
