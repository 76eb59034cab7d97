"""The fast desk against the plain one (`tests/reference_desk.py`): the same records on small random worlds.

One frontline team (all kinds or some) or two splitting the kinds between them, maybe a back office; shifts
or hourly plans with breaks, concurrency and its slowdown, threads, escalation, patience with public
follow-ups, give-ups that leave and the drop rule, every triage policy, both hand-overs.

Records compare the team that answered, not the agent: when several agents of a team are free the plain desk
gives the work to the first one waiting, the fast desk to the one holding the claim or else the last to go
idle (either rule is as good), so agent numbers differ. Every agent of a team therefore gets the team's first agent's rostered and on-duty
time (breaks included): with unequal duty, which agent took a post would decide who is free later, and the
records would part for no fault of either desk.

Later turns and back-office cases last their mean (see `MeanDraws`). Times agree to rounding: the fast desk
adds a delay to the time it is scheduled from where the plain one waits from the input's own time, which
can differ in the last bit.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.engine.desk import Desk, DeskLog
from sim.engine.run import desk_inputs
from sim.engine.service import HandleTable, handle_table
from sim.mentions import MentionStream
from sim.randomness import run_randomness
from sim.scenarios import KINDS, Scenario
from sim.staffing import Roster, build_roster

from .engine_helpers import QUIET, fixed, poisson_stream, scenario, stream_of
from .reference_desk import ReferenceDesk
from .test_engine_properties import STARTS, policies, teams


class MeanDraws:
    """Later turns and back-office cases last their kind's mean handle time.

    The fast desk draws such a handle time when a slot claims the work, ahead of its start; the plain desk
    when it starts. Same distribution, another order: with random draws the two would hand different
    draws to different turns, so the property fixes them (first turns stay random, drawn per mention)."""

    def __init__(self, table: HandleTable) -> None:
        self.means = [spec.mean for spec in table]

    def next(self, kind: int) -> float:
        return self.means[kind]


def _same_duty_in_each_team(roster: Roster) -> Roster:
    """Every agent of a team on its first agent's rota and breaks (so breaks taken late match too)."""
    first = {a.team: a for a in reversed(roster.agents)}
    same = [
        dataclasses.replace(a, rostered=first[a.team].rostered, on_duty=first[a.team].on_duty)
        for a in roster.agents
    ]
    return dataclasses.replace(roster, agents=tuple(same))


@st.composite
def frontline_kinds(draw: st.DrawFn) -> list[list[str] | None]:
    """Skills of one or two frontline teams: one team with all kinds or some, or two teams splitting the
    kinds between them (the plain desk gives a team one skill class, so two teams never share a kind)."""
    if draw(st.booleans()):
        return [
            draw(st.one_of(st.none(), st.lists(st.sampled_from(KINDS), min_size=1, max_size=3, unique=True)))
        ]
    order = draw(st.permutations(KINDS))
    cut = draw(st.integers(1, len(KINDS) - 1))
    return [list(order[:cut]), list(order[cut:])]


@st.composite
def worlds(draw: st.DrawFn) -> tuple[Scenario, MentionStream, int]:
    frontline = []
    for index, kinds in enumerate(draw(frontline_kinds())):
        team = draw(teams(index, "frontline"))
        team.pop("kinds", None)
        frontline.append(team if kinds is None else {**team, "kinds": kinds})
    backoffice = [draw(teams(len(frontline), "backoffice")) for _ in range(draw(st.integers(0, 1)))]
    for team in (*frontline, *backoffice):
        team["concurrency_slowdown"] = draw(st.sampled_from((1.0, 1.25, 1.6)))
    world = scenario(
        [*frontline, *backoffice],
        duration=f"{draw(st.integers(1, 2))}d",
        start=draw(st.sampled_from(STARTS)),
        policies=draw(policies()),
    )
    seed = draw(st.integers(0, 2**16))
    stream = poisson_stream(
        draw(st.integers(1, 30)), world.meta.duration, np.random.default_rng(seed), kinds=KINDS,
        untagged_share=0.3,
    )  # fmt: skip
    return world, stream, seed


def _run(
    desk: type[Desk] | type[ReferenceDesk], world: Scenario, stream: MentionStream, seed: int
) -> DeskLog:
    """One run of `desk` from fresh generators (both desks draw the same numbers in the same order)."""
    randomness = run_randomness(world.meta.seed, seed % 5)
    roster = _same_duty_in_each_team(build_roster(world, randomness.service))
    setup, _ = desk_inputs(world, stream, roster, randomness)
    assert world.staffing is not None
    setup = dataclasses.replace(setup, draws=[MeanDraws(handle_table(t)) for t in world.staffing.teams])
    log = desk(setup, roster).run()
    if desk is Desk:  # the plain desk reports teams; agents of a team are interchangeable here
        team_of = np.array([a.team for a in roster.agents] + [-1], dtype=np.int64)
        log = dataclasses.replace(log, agent=team_of[log.agent])
        late = dataclasses.replace(log.work.late_returns, agent=team_of[log.work.late_returns.agent])
        work = dataclasses.replace(log.work, agent=team_of[log.work.agent], late_returns=late)
        log = dataclasses.replace(log, work=work)
    return log


def _pieces(log: DeskLog) -> np.ndarray:
    work = log.work
    rows = np.column_stack((work.mention, work.start, work.end, work.agent)).astype(np.float64)
    return rows[np.lexsort((rows[:, 2], rows[:, 1], rows[:, 0]))]


def _late_returns(log: DeskLog) -> np.ndarray:
    late = log.work.late_returns
    rows = np.column_stack((late.agent, late.start, late.end)).astype(np.float64)
    return rows[np.lexsort((rows[:, 2], rows[:, 1], rows[:, 0]))]


def assert_same_records(fast: DeskLog, plain: DeskLog) -> None:
    for field in dataclasses.fields(DeskLog):
        if field.name == "work":
            continue
        ours, theirs = getattr(fast, field.name), getattr(plain, field.name)
        assert ours.shape == theirs.shape, f"{field.name}: {len(ours)} rows, the plain desk's {len(theirs)}"
        close = np.isclose if ours.dtype.kind == "f" else np.equal
        same = (
            close(ours, theirs, rtol=0, atol=1e-9, equal_nan=True)
            if ours.dtype.kind == "f"
            else close(ours, theirs)
        )
        row = int(np.argmin(same)) if len(same) else 0
        assert same.all(), f"{field.name}[{row}]: {ours[row]}, the plain desk's {theirs[row]}"
    pieces, reference = _pieces(fast), _pieces(plain)
    assert pieces.shape == reference.shape and np.allclose(pieces, reference, rtol=0, atol=1e-9), "work log"
    late, plain_late = _late_returns(fast), _late_returns(plain)
    assert late.shape == plain_late.shape and np.allclose(late, plain_late, rtol=0, atol=1e-9), "late returns"


# Derandomized: the same 300 worlds on every run, so the suite is deterministic; explore with fresh seeds
# by turning `derandomize` off and passing `--hypothesis-seed=N`.
def assert_desks_agree(world: tuple[Scenario, MentionStream, int]) -> None:
    """The property: the fast desk keeps the plain desk's records on this world."""
    scenario_, stream, seed = world
    assert_same_records(_run(Desk, scenario_, stream, seed), _run(ReferenceDesk, scenario_, stream, seed))


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_the_fast_desk_keeps_the_records_of_the_plain_one(world: tuple[Scenario, MentionStream, int]) -> None:
    assert_desks_agree(world)


def test_a_give_up_while_every_slot_is_busy_posts_its_follow_up_before_the_next_reply_delay() -> None:
    """The feeder sleeps while the one slot answers the question; the complainer gives up in public
    meanwhile. Follow-up fates and reply delays share a generator: the follow-up must draw first, at its
    time, before the slot's finished turn draws the customer's reply delay (found by the property)."""
    world = scenario(
        [
            {
                "name": "t0",
                "timezone": "UTC",
                "shifts": [{"start": "00:00", "end": "00:00", "agents": 1}],
                "handle_time": fixed(10),
            }
        ],
        duration="1d",
        policies={
            "patience": {"mean": {"complaint": "1m"}, "public_escalation": 1.0},
            "escalation": {"share": {}},
            "threads": {"follow_up": {"question": 1.0}, "delay": "1m", "max_turns": 2},
        },
    )
    stream = stream_of([0.0, 1.0], ["question", "complaint"])
    fast, plain = _run(Desk, world, stream, 0), _run(ReferenceDesk, world, stream, 0)
    assert len(plain.follow_up_of) and plain.first_response[0] > plain.follow_up_time[0]
    assert_same_records(fast, plain)


WORLDS_FOUND = Path(__file__).parent / "data" / "reference_worlds.json"
"""Worlds on which the desks once parted, found by the property with fresh seeds, by what went wrong."""


@pytest.mark.parametrize("name", list(json.loads(WORLDS_FOUND.read_text())))
def test_worlds_once_found_apart_keep_the_same_records(name: str) -> None:
    found = json.loads(WORLDS_FOUND.read_text())[name]
    world = scenario(found["scenario"]["staffing"]["teams"], policies=found["scenario"]["policies"],
                     **{key: found["scenario"]["meta"][key] for key in ("duration", "start")})  # fmt: skip
    count = len(found["time"])
    stream = MentionStream(
        time=np.array(found["time"]),
        region=np.zeros(count, dtype=np.int16),
        kind=np.array(found["kind"], dtype=np.int8),
        channel=np.zeros(count, dtype=np.int8),
        network=np.zeros(count, dtype=np.int8),
        tagged=np.array(found["tagged"], dtype=bool),
        followers=np.array(found["followers"], dtype=np.int64),
        viral_event=np.full(count, -1, dtype=np.int16),
    )
    assert_desks_agree((world, stream, found["seed"]))


def _two_agents_and_a_back_office() -> Scenario:
    """Two frontline agents and one back-office agent, on all day, 10 minutes a case; urgent posts
    escalate, influence-first triage."""
    return scenario(
        [
            {
                "name": "front",
                "timezone": "UTC",
                "shifts": [{"start": "00:00", "end": "00:00", "agents": 2}],
                "handle_time": fixed(10),
            },
            {
                "name": "back",
                "role": "backoffice",
                "timezone": "UTC",
                "shifts": [{"start": "00:00", "end": "00:00", "agents": 1}],
                "handle_time": fixed(10),
            },
        ],
        duration="1d",
        policies={**QUIET, "escalation": {"share": {"urgent": 1.0}}, "triage": {"policy": "influence-first"}},
    )


def test_escalations_at_the_same_instant_reach_the_back_office_in_triage_order() -> None:
    """Both frontline agents answer an urgent post from minute 10 to 20; both escalate at minute 20, the
    moment the back office finishes the case escalated at minute 10. The 1000-follower case goes first,
    whichever escalation the event queue happens to process first: a slot free at an instant chooses once
    every input of that instant is in (found by the property with fresh seeds, shrunk by hand)."""
    world = _two_agents_and_a_back_office()
    stream = stream_of([0.0, 10.0, 10.0], ["urgent"] * 3, followers=[10, 100, 1000])
    fast = _run(Desk, world, stream, 0)
    assert fast.resolved.tolist() == [20.0, 40.0, 30.0]
    assert_same_records(fast, _run(ReferenceDesk, world, stream, 0))


def test_posts_seen_at_the_same_instant_are_taken_in_triage_order() -> None:
    """Three urgent posts at minute 10 and two agents free then (one idle since minute 0, one finishing
    the first post): the two most followed are answered first, though the idle agent could have claimed
    the first of the three ahead of time."""
    world = _two_agents_and_a_back_office()
    stream = stream_of([0.0, 10.0, 10.0, 10.0], ["urgent"] * 4, followers=[10, 5, 100, 1000])
    fast = _run(Desk, world, stream, 0)
    assert fast.picked.tolist() == [0.0, 20.0, 10.0, 10.0]
    assert_same_records(fast, _run(ReferenceDesk, world, stream, 0))
