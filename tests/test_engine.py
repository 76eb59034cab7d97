"""The engine, one behaviour at a time, on hand-made mention streams with fixed handle times."""

from __future__ import annotations

import gc
import weakref
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np
import pytest

from sim.engine import RunResult, simulate
from sim.engine.desk import Desk, DeskLog
from sim.engine.fates import draw_fates
from sim.engine.triage import triage_policy
from sim.metrics import ABANDONED, ANSWERED, IGNORED, OPEN, Waits, figures_by_team, summarize
from sim.scenarios import KINDS
from sim.scenarios.operations import Policies, Triage

from .engine_helpers import QUIET, fixed, poisson_stream, scenario, stream_of

NINE = 9 * 60.0


def _team(
    name: str = "desk", start: str = "00:00", end: str = "24:00", agents: int = 1, **extra: Any
) -> dict:
    return {
        "name": name,
        "timezone": "UTC",
        "shifts": [{"start": start, "end": end, "agents": agents}],
        "handle_time": fixed(10),
        **extra,
    }


def _run(teams: list[dict], stream: Any, **policies: Any) -> RunResult:
    """One day of the given teams on `stream`, with QUIET policies changed by `policies`."""
    return simulate(scenario(teams, duration="1d", policies={**QUIET, **policies}), 0, stream)


def test_untagged_mentions_stay_unseen_without_listening() -> None:
    result = _run(
        [_team()],
        stream_of([10, 20], ["question", "question"], tagged=[True, False]),
        listening={"enabled": False},
    )
    assert result.records.outcome.tolist() == [ANSWERED, OPEN]
    assert np.isnan(result.records.seen[1])


def test_listening_finds_untagged_mentions_late() -> None:
    result = _run(
        [_team()],
        stream_of([10], ["question"], tagged=[False]),
        listening={"enabled": True, "coverage": 1.0, "delay": "30m"},
    )
    records = result.records
    assert records.seen[0] > records.arrival[0]
    assert records.picked[0] == records.seen[0]
    assert records.outcome[0] == ANSWERED


@pytest.mark.parametrize(("detection", "outcome", "minutes"), [(1.0, IGNORED, 0.25), (0.0, ANSWERED, 10.0)])
def test_spam_is_ignored_after_a_glance_or_costs_a_full_handling(
    detection: float, outcome: int, minutes: float
) -> None:
    result = _run([_team()], stream_of([10], ["spam"]), spam={"detection": detection})
    assert result.records.outcome[0] == outcome
    assert result.work.end[0] - result.work.start[0] == pytest.approx(minutes)


def test_finish_hand_over_completes_the_conversation_as_overtime() -> None:
    team = _team(start="09:00", end="10:00", handle_time=fixed(30))
    result = _run([team], stream_of([NINE + 50], ["question"]), handover="finish")
    records = result.records
    assert records.first_response[0] == pytest.approx(NINE + 80)
    assert result.summary.teams["desk"].overtime_hours == pytest.approx(20 / 60)
    assert result.summary.teams["desk"].paid_hours == pytest.approx(1 + 20 / 60)


def test_requeue_hand_over_passes_the_rest_to_the_next_shift() -> None:
    early = _team("early", start="09:00", end="10:00", handle_time=fixed(30))
    late = _team("late", start="10:00", end="12:00", handle_time=fixed(30))
    result = _run([early, late], stream_of([NINE + 50], ["question"]), handover="requeue")
    records, work = result.records, result.work
    assert records.picked[0] == pytest.approx(NINE + 50)
    assert records.first_response[0] == pytest.approx(NINE + 80)  # 10 minutes early, 20 minutes late
    assert records.team[0] == 1
    assert sorted(zip(work.start.tolist(), work.end.tolist(), strict=True)) == [
        pytest.approx((NINE + 50, NINE + 60)),
        pytest.approx((NINE + 60, NINE + 80)),
    ]
    assert result.summary.teams["early"].overtime_hours == 0


def test_requeued_work_keeps_its_place_in_the_queue() -> None:
    early = _team("early", start="09:00", end="10:00", handle_time=fixed(30))
    late = _team("late", start="10:00", end="12:00", handle_time=fixed(30))
    stream = stream_of([NINE + 50, NINE + 55], ["question", "question"])
    result = _run([early, late], stream, handover="requeue")
    assert result.records.first_response.tolist() == pytest.approx([NINE + 80, NINE + 110])


def test_an_ignored_complainer_posts_a_public_follow_up() -> None:
    team = _team(start="12:00", end="13:00")
    patience = {"mean": {"complaint": "5m"}, "public_escalation": 1.0}
    result = _run([team], stream_of([60], ["complaint"]), patience=patience)
    records = result.records
    assert len(records) == 2
    assert records.follow_up_of.tolist() == [-1, 0]
    assert records.kind[1] == KINDS.index("complaint")
    assert records.arrival[1] == records.gave_up_at[0]
    assert records.outcome.tolist() == [ANSWERED, ANSWERED]  # the first post stayed in the inbox too
    assert records.picked[0] >= 12 * 60
    assert result.summary.follow_ups == 1


def test_a_complainer_ignored_after_the_last_shift_still_posts_a_public_follow_up() -> None:
    """Nobody comes on duty after 10:00, so nothing wakes the desk when the author gives up: the follow-up
    is posted all the same (and goes unanswered), as the run's end takes in every give-up before the horizon."""
    team = _team(start="09:00", end="10:00")
    patience = {"mean": {"complaint": "5m"}, "public_escalation": 1.0}
    result = _run([team], stream_of([NINE + 120], ["complaint"]), patience=patience)
    records = result.records
    assert records.follow_up_of.tolist() == [-1, 0]
    assert records.outcome.tolist() == [OPEN, OPEN]  # both authors gave up; both posts wait in the inbox
    assert np.isfinite(records.gave_up_at).all()
    assert records.arrival[1] == records.gave_up_at[0]
    assert result.summary.follow_ups == 1


def test_patience_is_checked_when_a_mention_would_be_picked() -> None:
    stream = stream_of([0, 1], ["question", "question"])
    patience, inbox = {"mean": {"question": "1m"}}, {"give_ups": "leave"}
    result = _run([_team(handle_time=fixed(600))], stream, patience=patience, inbox=inbox)
    records = result.records
    assert records.outcome[1] == ABANDONED  # nobody free for ten hours; the author gave up long before
    assert records.abandoned_at[1] - records.arrival[1] < 60


@pytest.mark.parametrize("handover", ["finish", "requeue"])
def test_a_public_follow_up_revokes_a_claim_at_the_moment_its_author_gives_up(handover: str) -> None:
    """The agent, idle, claims the question due at 300; the unseen complaint's author gives up long before.

    The claim makes the feeder watch give-up checks, so it must be re-timed for the check: the follow-up is
    then picked the moment it is posted (the agent is free), not when the claimed question is done. Both
    hand-overs, as requeue claims through `Desk._claim` rather than inline.
    """
    stream = stream_of([10, 300], ["complaint", "question"], tagged=[False, True])
    patience = {"mean": {"complaint": "5m"}, "public_escalation": 1.0}
    result = _run([_team()], stream, patience=patience, listening={"enabled": False}, handover=handover)
    records = result.records
    assert records.follow_up_of.tolist() == [-1, -1, 0]
    assert records.outcome.tolist() == [OPEN, ANSWERED, ANSWERED]  # nobody ever sees the untagged one
    assert records.gave_up_at[0] < 290
    assert records.picked[2] == records.arrival[2] == records.gave_up_at[0]
    assert records.picked[1] == 300


def test_escalated_cases_go_to_the_back_office_without_transcript_slower() -> None:
    back = _team("relations", role="backoffice", handle_time=fixed(20))
    escalation = {"share": {"complaint": 1.0}, "transcript": False, "repeat_factor": 1.5}
    result = _run([_team(), back], stream_of([10], ["complaint"]), escalation=escalation)
    records, work = result.records, result.work
    assert records.escalated[0]
    assert records.turns[0] == 2
    assert records.first_response[0] == pytest.approx(20)
    assert records.resolved[0] == pytest.approx(50)
    assert sorted((work.end - work.start).tolist()) == pytest.approx([10, 30])


def test_replies_add_shorter_turns_until_the_conversation_ends() -> None:
    threads = {"follow_up": {"question": 1.0}, "max_turns": 3, "turn_factor": 0.5, "delay": "5m"}
    result = _run([_team()], stream_of([10], ["question"]), threads=threads)
    records, work = result.records, result.work
    assert records.turns[0] == 3
    assert sorted((work.end - work.start).tolist()) == pytest.approx([5, 5, 10])
    assert records.resolved[0] == pytest.approx(work.end.max())


def test_a_customer_reply_due_before_a_claimed_post_revokes_the_claim() -> None:
    """At 5 the only agent left after 10:00 finishes the complaint and claims the next post, due at 100. At 10
    the question's first reply is posted and its agent leaves; the customer answers a few minutes later,
    long before 100. The feeder must wake for that answer (it comes before the claim), so the claiming agent
    takes it then rather than after the claimed post."""
    threads = {"follow_up": {"question": 1.0}, "max_turns": 2, "turn_factor": 0.5, "delay": "5m"}
    early = _team("early", end="00:10", kinds=["question"])
    staying = _team("staying", kinds=["question", "complaint"], handle_time=fixed(5))
    stream = stream_of([0, 0, 100], ["question", "complaint", "complaint"])
    result = _run([early, staying], stream, threads=threads)
    work = result.work
    answer = np.flatnonzero((work.mention == 0) & (work.start > 0))
    assert len(answer) == 1
    assert work.agent[answer[0]] == 1  # the staying agent
    assert work.start[answer[0]] < 50  # when the customer answered, not after the post at 100
    assert result.records.picked[2] >= work.end[answer[0]]


@pytest.mark.parametrize(
    ("policy", "order"),
    [
        ("fifo", ["question", "urgent", "praise", "complaint"]),
        ("urgency-first", ["urgent", "complaint", "question", "praise"]),
        ("influence-first", ["praise", "complaint", "question", "urgent"]),
        ("deadline-first", ["urgent", "question", "complaint", "praise"]),
    ],
)
def test_triage_policies_pick_in_their_order(policy: str, order: list[str]) -> None:
    kinds = ["complaint", "question", "urgent", "praise", "complaint"]
    stream = stream_of([0, 1, 2, 3, 4], kinds, followers=[1, 10, 5, 1000, 50])
    world = scenario(
        [_team(handle_time=fixed(60))],
        policies={**QUIET, "triage": {"policy": policy}},
        targets=[{"kind": "urgent", "within": "15m"}, {"kind": "praise", "within": "4h"}],  # others: 1h
    )
    records = simulate(world, 0, stream).records
    picked = np.argsort(records.picked[1:]) + 1
    assert [kinds[i] for i in picked] == order


@pytest.mark.parametrize("policy", ["fifo", "urgency-first", "influence-first", "deadline-first"])
def test_follow_ups_posted_during_the_run_are_triaged_like_drawn_mentions(policy: str) -> None:
    triage = triage_policy(Triage(policy=policy), (15.0, 60.0, 60.0, 240.0, 60.0))
    kind = np.arange(len(KINDS), dtype=np.int8)
    arrival = np.array([3.5, 0.0, 1e6, 42.25, 7.0])
    followers = np.array([0, 12, 3_000_000, 5, 1], dtype=np.int64)
    drawn = triage.first_turns(kind, arrival, followers).tolist()
    one_by_one = [
        triage.first_turn(int(k), float(a), int(f)) for k, a, f in zip(kind, arrival, followers, strict=True)
    ]
    assert one_by_one == drawn


def test_teams_answer_only_the_kinds_they_have_skills_for() -> None:
    complaints = _team("complaints", agents=2, kinds=["complaint"])
    questions = _team("questions", agents=2, kinds=["question"])
    stream = poisson_stream(6, 1440, np.random.default_rng(2), kinds=("complaint", "question"))
    records = _run([complaints, questions], stream).records
    answered = records.outcome == ANSWERED
    assert answered.mean() > 0.95
    assert (records.team[answered] == (records.kind[answered] == KINDS.index("question"))).all()


def test_an_agent_holds_up_to_its_concurrency() -> None:
    """Each conversation takes 12.5 minutes instead of 10 at concurrency 2 (the default slowdown 1.25)."""
    result = _run([_team(concurrency=2)], stream_of([10, 10, 10], ["question"] * 3))
    assert sorted(result.records.picked.tolist()) == [10, 10, 22.5]
    assert set(result.records.agent.tolist()) == {0}


def test_figures_leave_out_the_warm_up() -> None:
    world = scenario([_team()], duration="1d", warmup="12h", policies=QUIET)
    result = simulate(world, 0, stream_of([60, 800, 900], ["question"] * 3))
    assert result.summary.overall.mentions == 2


def test_service_level_counts_abandoned_and_open_as_failures_and_ignores_spam() -> None:
    team = _team(start="00:00", end="01:00")
    stream = stream_of([10, 20, 30, 120, 130], ["question", "question", "spam", "question", "complaint"])
    policies = {
        "patience": {"mean": {"complaint": "1m"}, "public_escalation": 0.0},
        "inbox": {"give_ups": "leave"},
        "spam": {"detection": 1.0},
    }
    world = scenario([team], duration="1d", policies={**QUIET, **policies}, targets=[{"within": "1h"}])
    overall = simulate(world, 0, stream).summary.overall
    assert (overall.answered, overall.ignored, overall.abandoned, overall.open) == (2, 1, 1, 1)
    assert overall.service_level == pytest.approx(2 / 4)
    assert overall.abandonment == pytest.approx(1 / 4)


def test_occupancy_is_busy_slot_time_over_on_duty_slot_time_and_per_agent_any_conversation_open() -> None:
    result = _run([_team(concurrency=2)], stream_of([0, 100, 200, 200], ["question"] * 4))
    desk = result.summary.teams["desk"]
    assert desk.occupancy == pytest.approx(4 * 12.5 / (2 * 1440))  # 12.5 minutes each at concurrency 2
    assert desk.agent_occupancy == pytest.approx(3 * 12.5 / 1440)  # the two at 200 overlap


def test_the_summary_is_the_same_with_team_figures_worked_out_beforehand() -> None:
    teams = [_team("day", "08:00", "16:00", agents=2), _team("night", "16:00", "08:00")]
    result = _run(teams, poisson_stream(30, 1440, np.random.default_rng(5)))
    figures = (result.records, result.work, result.roster, result.scenario, Waits.of(result.records))
    beforehand = figures_by_team(result.work, result.roster, result.scenario.meta.warmup)
    assert summarize(*figures, beforehand) == summarize(*figures) == result.summary
    assert result.summary.teams["day"].occupancy > 0


def test_reach_without_cascades_is_the_authors_audience() -> None:
    result = _run([_team()], stream_of([10, 20], ["complaint", "question"], followers=[300, 40]))
    assert result.records.reach_total.tolist() == [300, 40]
    assert result.records.reach_unanswered.tolist() == [0, 0]  # the author's own audience saw it at once
    assert result.summary.negative_reach == 0
    assert result.summary.complaint_reach == 300  # the complaint's whole reach: its author's followers


def test_a_follow_up_counts_by_the_same_rule_as_the_post_it_follows() -> None:
    """A public follow-up of a customer who gave up adds its author's followers to the complaints' whole
    reach, not to the reach gained unanswered: that counts reshares before a reply, for every post alike."""
    patience = {"mean": {"complaint": "5m"}, "public_escalation": 1.0}
    stream = stream_of([60], ["complaint"], followers=[300])
    result = _run([_team(start="12:00", end="13:00")], stream, patience=patience)
    follow_ups = result.records.follow_up_of >= 0
    assert follow_ups.sum() == 1
    assert result.records.reach_unanswered.tolist() == [0, 0]  # no cascades: no reshares
    assert result.summary.complaint_reach == 600  # the original's 300 and the follow-up's own 300


def test_a_closed_desk_that_states_its_hours_stretches_patience() -> None:
    policies = Policies.model_validate(
        {
            "coverage": {"after_hours_notice": True, "notice_patience_factor": 3},
            "patience": {"mean": {"question": "1h"}},
        }
    )
    kind = np.zeros(1000, dtype=np.int8) + KINDS.index("question")
    arrival = np.zeros(1000)

    def patience(open_: bool) -> np.ndarray:
        fates = draw_fates(
            kind,
            arrival,
            np.ones(1000, bool),
            np.full(1000, open_),
            policies,
            False,
            np.random.default_rng(5),
        )
        return fates.deadline - arrival

    assert patience(False) == pytest.approx(3 * patience(True))


def test_customers_reply_with_the_follow_up_odds_of_their_kind_up_to_the_turn_limit() -> None:
    policies = Policies.model_validate(
        {"threads": {"follow_up": {"complaint": 0.5, "question": 1.0, "praise": 0.0}, "max_turns": 4}}
    )
    n = 40_000
    kind = np.repeat([KINDS.index(k) for k in ("complaint", "question", "praise")], n).astype(np.int8)
    fates = draw_fates(
        kind,
        np.zeros(3 * n),
        np.ones(3 * n, bool),
        np.ones(3 * n, bool),
        policies,
        False,
        np.random.default_rng(8),
    )
    complaint, question, praise = fates.follow_ups.reshape(3, n)
    assert set(question.tolist()) == {3}  # always replies, until the conversation reaches 4 turns
    assert set(praise.tolist()) == {0}
    # Geometric with p = 0.5 cut at 3: P(0) = 1/2, P(1) = 1/4, P(2) = 1/8, P(3) = 1/8.
    shares = np.bincount(complaint, minlength=4) / n
    assert shares == pytest.approx([0.5, 0.25, 0.125, 0.125], abs=0.01)  # about 4 standard errors


def _summary_in_child(args: tuple[Any, Any]) -> dict:
    world, stream = args
    return simulate(world, 3, stream).summary.to_dict()


def test_a_run_is_the_same_in_another_process() -> None:
    world = scenario([_team(agents=2, handle_time={"default": {"mean": "15m"}})], duration="2d")
    stream = poisson_stream(6, world.meta.duration, np.random.default_rng(9), kinds=KINDS, untagged_share=0.3)
    with ProcessPoolExecutor(max_workers=1) as pool:
        there = pool.submit(_summary_in_child, (world, stream)).result()
    assert there == simulate(world, 3, stream).summary.to_dict()


def test_the_desk_and_its_columns_are_freed_as_soon_as_its_run_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    """A year's desk holds hundreds of megabytes: left to the cyclic collector, they would pile on top of
    the records and the summary at the run's peak memory."""
    from sim.engine import run

    desks: list[weakref.ref[Desk]] = []

    class Watched(Desk):
        def run(self) -> DeskLog:
            desks.append(weakref.ref(self))
            return super().run()

    monkeypatch.setattr(run, "Desk", Watched)
    teams = [_team("day", "08:00", "16:00", agents=2), _team("night", "16:00", "08:00")]
    gc.disable()
    try:
        _run(teams, poisson_stream(30, 1440, np.random.default_rng(5)))
        assert len(desks) == 1
        assert desks[0]() is None
    finally:
        gc.enable()
