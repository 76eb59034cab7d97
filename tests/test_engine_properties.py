"""Property tests: over small random scenarios the engine keeps its promises.

Teams in daylight-saving zones with overnight shifts or hourly plans, concurrency, breaks, coverage modes,
triage policies, patience with public follow-ups, threads, escalation and both hand-over rules. Whatever
the draw: every mention ends answered, abandoned, ignored or open, and never abandoned unless a policy lets
posts leave; no agent starts work outside its on-duty time, cuts a break short or holds more conversations
than its concurrency; no agent sits free while a post it could take waits;
times are ordered; a seed gives one result.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.engine import RunResult, simulate
from sim.mentions import MentionStream
from sim.metrics import ABANDONED, ANSWERED, IGNORED, OPEN
from sim.scenarios import KINDS, Scenario
from sim.staffing import AgentRoster, breaks_before

from .engine_helpers import poisson_stream, scenario

ZONES = ("UTC", "Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata")
STARTS = ("2026-03-27T00:00:00Z", "2026-10-23T00:00:00Z", "2026-03-06T00:00:00Z", "2026-04-03T00:00:00Z")
DAYS = ("daily", "mon-fri", "sat,sun", "fri-mon", "wed")


@st.composite
def clocks(draw: st.DrawFn) -> str:
    return f"{draw(st.integers(0, 23)):02d}:{draw(st.sampled_from((0, 30))):02d}"


@st.composite
def teams(draw: st.DrawFn, index: int, role: str) -> dict[str, Any]:
    team: dict[str, Any] = {
        "name": f"t{index}",
        "role": role,
        "timezone": draw(st.sampled_from(ZONES)),
        "concurrency": draw(st.integers(1, 3)),
        "shrinkage": draw(st.sampled_from((0.0, 0.1, 0.3))),
        "handle_time": {
            "default": {
                "dist": draw(st.sampled_from(("exponential", "lognormal", "gamma", "fixed"))),
                "mean": f"{draw(st.integers(2, 40))}m",
            }
        },
    }
    if draw(st.booleans()):
        team["shifts"] = [
            {"start": draw(clocks()), "end": draw(clocks()), "days": draw(st.sampled_from(DAYS)), "agents": a}
            for a in draw(st.lists(st.integers(0, 3), min_size=1, max_size=3))
        ]
    else:
        team["hourly"] = draw(st.lists(st.integers(0, 2), min_size=24, max_size=24))
    if role == "frontline" and draw(st.booleans()):
        team["kinds"] = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=3, unique=True))
    return team


@st.composite
def policies(draw: st.DrawFn) -> dict[str, Any]:
    minutes = st.integers(1, 240).map(lambda m: f"{m}m")
    return {
        "coverage": {
            "mode": draw(st.sampled_from(("24x7", "business_hours", "follow_the_sun"))),
            "open": draw(clocks()),
            "close": draw(clocks()),
            "days": draw(st.sampled_from(DAYS)),
            "after_hours_notice": draw(st.booleans()),
        },
        "triage": {
            "policy": draw(st.sampled_from(("fifo", "urgency-first", "influence-first", "deadline-first")))
        },
        "listening": {"enabled": draw(st.booleans()), "coverage": 0.7, "delay": draw(minutes)},
        "spam": {"detection": draw(st.sampled_from((0.0, 0.9, 1.0)))},
        "patience": {
            "mean": draw(st.dictionaries(st.sampled_from(KINDS), minutes, max_size=5)),
            "public_escalation": draw(st.sampled_from((0.0, 0.5, 1.0))),
        },
        "inbox": {
            "give_ups": draw(st.sampled_from(("stay", "leave"))),
            "drop_after": draw(st.sampled_from((None, "90m"))),
        },
        "escalation": {
            "share": {"complaint": draw(st.sampled_from((0.0, 0.5))), "urgent": 0.5},
            "transcript": draw(st.booleans()),
        },
        "threads": {
            "follow_up": {"complaint": draw(st.sampled_from((0.0, 0.5, 1.0))), "question": 0.3},
            "max_turns": draw(st.integers(1, 3)),
            "delay": draw(minutes),
        },
        "handover": draw(st.sampled_from(("finish", "requeue"))),
    }


@st.composite
def worlds(draw: st.DrawFn) -> tuple[Scenario, MentionStream, int]:
    count = draw(st.integers(1, 3))
    roles = ["frontline"] + [draw(st.sampled_from(("frontline", "backoffice"))) for _ in range(count - 1)]
    world = scenario(
        [draw(teams(i, role)) for i, role in enumerate(roles)],
        duration=f"{draw(st.integers(1, 3))}d",
        start=draw(st.sampled_from(STARTS)),
        policies=draw(policies()),
        targets=[{"kind": "all", "within": "30m"}],
        warmup=draw(st.sampled_from(("0m", "6h"))),
    )
    seed = draw(st.integers(0, 2**16))
    stream = poisson_stream(
        draw(st.integers(1, 40)),
        world.meta.duration,
        np.random.default_rng(seed),
        kinds=KINDS,
        untagged_share=0.3,
    )
    return world, stream, seed


def _containing(intervals: np.ndarray, times: np.ndarray) -> np.ndarray:
    return np.searchsorted(intervals[:, 0], times, side="right") - 1


def _check_work(result: RunResult) -> None:
    """No agent starts work off duty, runs past it under requeue, or holds more than its concurrency."""
    work, roster = result.work, result.roster
    requeue = result.scenario.policies.handover == "requeue"
    assert (work.end >= work.start).all()
    for a, agent in enumerate(roster.agents):
        mine = work.agent == a
        start, end = work.start[mine], work.end[mine]
        if not mine.any():
            continue
        index = _containing(agent.on_duty, start)
        assert (index >= 0).all(), f"{agent.name} worked before its first on-duty interval"
        assert (start < agent.on_duty[index, 1]).all(), f"{agent.name} started work off duty"
        if requeue:
            assert (end <= agent.on_duty[index, 1] + 1e-9).all(), f"{agent.name} worked past its interval"
        events = sorted([(t, 1) for t in start] + [(t, -1) for t in end], key=lambda e: (e[0], e[1]))
        running = np.cumsum([e[1] for e in events])
        assert running.max() <= roster.teams[agent.team].concurrency
        if roster.teams[agent.team].concurrency == 1:
            _check_breaks_taken_in_full(agent, np.sort(start), np.sort(end))
    for m in np.unique(work.mention):
        pieces = np.sort(np.column_stack((work.start, work.end))[work.mention == m], axis=0)
        assert (pieces[1:, 0] >= pieces[:-1, 1] - 1e-9).all(), f"mention {m} handled twice at once"


def _check_breaks_taken_in_full(agent: AgentRoster, start: np.ndarray, end: np.ndarray) -> None:
    """An agent holding one conversation at a time who worked into a break starts nothing until the whole
    break has passed (or the on-duty time after it, if the break outlasts it)."""
    pause = breaks_before(agent.on_duty, agent.rostered)
    into_break = _containing(agent.on_duty, start)
    nxt = into_break + 1
    ran_over = (nxt < len(pause)) & (end > agent.on_duty[into_break, 1])
    ran_over[ran_over] = pause[nxt[ran_over]] > 0
    for piece in np.flatnonzero(ran_over[:-1]):
        back = min(end[piece] + pause[nxt[piece]], agent.on_duty[nxt[piece], 1])
        assert start[piece + 1] >= back - 1e-9, f"{agent.name} cut a break short at {end[piece]}"


def _check_records(result: RunResult) -> None:
    records, horizon = result.records, result.roster.horizon
    outcome = records.outcome
    assert np.isin(outcome, (ANSWERED, ABANDONED, IGNORED, OPEN)).all()
    answered = outcome == ANSWERED
    assert np.isfinite(records.first_response[answered]).all()
    assert np.isnan(records.first_response[~answered]).all()
    assert (records.kind[outcome == IGNORED] == KINDS.index("spam")).all()
    abandoned = outcome == ABANDONED
    assert np.isnan(records.picked[abandoned]).all()
    assert (records.abandoned_at[abandoned] <= horizon).all()
    assert (records.abandoned_at[abandoned] >= records.arrival[abandoned]).all()
    served = np.isfinite(records.picked)
    assert (records.seen[served] >= records.arrival[served]).all()
    assert (records.picked[served] >= records.seen[served]).all()
    assert (records.first_response[answered] >= records.picked[answered]).all()
    assert (
        records.resolved[answered & np.isfinite(records.resolved)]
        >= records.first_response[answered & np.isfinite(records.resolved)]
    ).all()
    frontline = result.scenario.staffing.teams  # type: ignore[union-attr]
    for m in np.flatnonzero(answered):
        kinds = frontline[records.team[m]].kinds
        assert kinds is None or KINDS[records.kind[m]] in kinds, "a team answered a kind it has no skill for"
    parents = records.follow_up_of[records.follow_up_of >= 0]
    assert np.isfinite(records.gave_up_at[parents]).all(), "a follow-up whose author had not given up"
    gave_up = np.isfinite(records.gave_up_at)
    assert (records.gave_up_at[gave_up] >= records.arrival[gave_up]).all()
    assert not (records.picked[gave_up] <= records.gave_up_at[gave_up]).any(), "gave up after a pick"
    inbox = result.scenario.policies.inbox
    if inbox.give_ups == "stay" and inbox.drop_after is None:
        assert not abandoned.any(), "a post left the inbox unanswered with no policy to drop it"


def _idle_spans(result: RunResult, agent: int) -> np.ndarray:
    """Spans (start, end) when the agent is on duty with a free lane: fewer conversations than its
    concurrency, by the work log (a lane back late from a break it worked into is not free)."""
    roster, work = result.roster, result.work
    on_duty = roster.agents[agent].on_duty
    mine, late = work.agent == agent, work.late_returns.agent == agent
    start = np.sort(np.concatenate((work.start[mine], work.late_returns.start[late])))
    end = np.sort(np.concatenate((work.end[mine], work.late_returns.end[late])))
    cuts = np.unique(np.concatenate((on_duty.ravel(), start, end)))
    middle = (cuts[:-1] + cuts[1:]) / 2
    busy = np.searchsorted(start, middle, side="right") - np.searchsorted(end, middle, side="right")
    inside = _containing(on_duty, middle)
    duty = (inside >= 0) & (middle < on_duty[np.maximum(inside, 0), 1])
    free = duty & (busy < roster.teams[roster.agents[agent].team].concurrency)
    return np.column_stack((cuts[:-1][free], cuts[1:][free]))


def _check_no_agent_idles_while_a_post_waits(result: RunResult) -> None:
    """Work-conserving: while a seen post waits for its first reply (until picked, or until its author gives
    up or the run ends), no agent whose team takes its kind is on duty with a free lane. Claims ahead of
    time, revoked claims, the feeder's wake-ups and public follow-ups all have to be right for this."""
    records, roster = result.records, result.roster
    waited_until = np.fmin(np.fmin(records.picked, records.abandoned_at), roster.horizon)
    waiting = np.isfinite(records.seen) & (waited_until - records.seen > 1e-6)
    teams = result.scenario.staffing.teams  # type: ignore[union-attr]
    for a, agent in enumerate(roster.agents):
        team = teams[agent.team]
        if team.role != "frontline":
            continue
        takes = (
            np.ones(len(records), dtype=bool)
            if team.kinds is None
            else np.isin(records.kind, [KINDS.index(k) for k in team.kinds])
        )
        rows = np.flatnonzero(waiting & takes)
        spans = _idle_spans(result, a)
        if len(rows) == 0 or len(spans) == 0:
            continue
        low = np.maximum(records.seen[rows][:, None], spans[None, :, 0])
        high = np.minimum(waited_until[rows][:, None], spans[None, :, 1])
        overlap = high - low
        worst = np.unravel_index(np.argmax(overlap), overlap.shape)
        assert overlap[worst] <= 1e-6, (
            f"{agent.name} was free over {spans[worst[1]].tolist()} while mention {rows[worst[0]]} waited"
        )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_engine_keeps_its_promises(world: tuple[Scenario, MentionStream, int]) -> None:
    scenario_, stream, seed = world
    result = simulate(scenario_, seed % 7, stream)
    _check_records(result)
    _check_work(result)
    _check_no_agent_idles_while_a_post_waits(result)
    again = simulate(scenario_, seed % 7, stream)
    assert again.summary.to_dict() == result.summary.to_dict()
    assert np.array_equal(again.records.first_response, result.records.first_response, equal_nan=True)
