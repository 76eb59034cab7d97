"""Turning the desk's log into one record per mention, outcomes decided after the run, vectorised.

The desk only writes the times it must (picked, first reply, end of a long conversation); everything that
follows from them (outcome, resolved time of one-turn conversations, team, turns) is derived here in numpy,
which keeps the hot loop short.
"""

from __future__ import annotations

import numpy as np

from sim.engine.desk import DeskLog
from sim.engine.fates import COMPLAINT, Fates
from sim.mentions import MentionStream
from sim.metrics import ABANDONED, ANSWERED, IGNORED, OPEN, MentionRecords
from sim.scenarios import CHANNELS
from sim.staffing import Roster

PUBLIC_POST = CHANNELS.index("public_post")


def build_records(stream: MentionStream, fates: Fates, log: DeskLog, roster: Roster) -> MentionRecords:
    """Records of the stream's mentions followed by the public follow-ups the run created.

    Reach columns are left at zero; `sim.engine.reach` fills them.
    """
    parent = log.follow_up_of
    extra = len(parent)

    def rows(root_values: np.ndarray, follow_up_values: np.ndarray) -> np.ndarray:
        return np.concatenate((root_values, follow_up_values.astype(root_values.dtype)))

    arrival = rows(stream.time, log.follow_up_time)
    deadline = rows(fates.deadline, log.follow_up_deadline)
    leaves = rows(fates.leaves, log.follow_up_leaves)
    follow_ups = rows(fates.follow_ups, log.follow_up_follow_ups)
    spam_ignored = rows(fates.spam_ignored, np.zeros(extra, dtype=bool))
    answered_or_ignored = np.isfinite(log.first_response)
    ignored = spam_ignored & answered_or_ignored
    unpicked = np.isnan(log.picked)
    abandoned = unpicked & (leaves <= roster.horizon)
    with np.errstate(invalid="ignore"):  # NaN picked compares False
        gave_up = np.where(unpicked, deadline <= roster.horizon, deadline < log.picked)
    outcome = np.full(len(arrival), OPEN, dtype=np.int8)
    outcome[answered_or_ignored] = ANSWERED
    outcome[ignored] = IGNORED
    outcome[abandoned] = ABANDONED
    one_turn = answered_or_ignored & (follow_ups == 0)
    agent_team = np.array([a.team for a in roster.agents] + [-1], dtype=np.int16)
    return MentionRecords(
        kind=rows(stream.kind, np.full(extra, COMPLAINT)),
        region=rows(stream.region, stream.region[parent]),
        channel=rows(stream.channel, np.full(extra, PUBLIC_POST)),
        network=rows(stream.network, stream.network[parent]),
        tagged=rows(stream.tagged, np.ones(extra, dtype=bool)),
        followers=rows(stream.followers, stream.followers[parent]),
        arrival=arrival,
        seen=rows(fates.seen, log.follow_up_time),
        picked=log.picked,
        first_response=np.where(ignored, np.nan, log.first_response),
        resolved=np.where(one_turn, log.first_response, log.resolved),
        abandoned_at=np.where(abandoned, leaves, np.nan),
        gave_up_at=np.where(gave_up, deadline, np.nan),
        team=agent_team[log.agent],
        agent=log.agent,
        outcome=outcome,
        follow_up_of=rows(np.full(len(stream), -1, dtype=np.int64), parent),
        turns=(answered_or_ignored + log.later_turns).astype(np.int16),
        escalated=log.escalated,
        reach_unanswered=np.zeros(len(arrival)),
        reach_total=np.zeros(len(arrival)),
        cascade_size=np.zeros(len(arrival), dtype=np.int64),
    )
