"""How far mentions spread before the brand answered, worked out after the run on numpy cascades.

Reshares never enter SimPy: the cascades are drawn with the stream, and once the run has fixed every first
reply, a reply to a complaint or urgent post thins the reshares that come after it (only
`replies.keep_reshares` of them still happen). A public follow-up by an ignored customer gets its own
cascade, grown here with its branching multiplied by `replies.silence_boost`.

One rule for every post, original or follow-up: its author's own followers see it when it is posted,
however fast the desk is, so the reach it *gained while unanswered* is the audience of its reshares before
the first reply; its *whole reach* is its author's followers plus every reshare's audience that happened.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from sim.mentions import MentionStream
from sim.metrics import NEGATIVE_KINDS, MentionRecords
from sim.scenarios import KINDS, Scenario

if TYPE_CHECKING:
    from sim.cascade import Cascades


def with_reach(
    records: MentionRecords, stream: MentionStream, scenario: Scenario, rng: np.random.Generator
) -> MentionRecords:
    """Records with `reach_unanswered`, `reach_total` and `cascade_size` filled in.

    Without cascades a post reaches its author's followers and nobody else: it gains nothing unanswered.
    """
    followers = records.followers.astype(np.float64)
    gained = np.zeros(len(records))
    whole = followers.copy()
    size = np.zeros(len(records), dtype=np.int64)
    roots = len(stream)
    replies = np.where(np.isnan(records.first_response), np.inf, records.first_response)
    if stream.cascades is not None:
        gained[:roots], whole[:roots], size[:roots] = _cascade_reach(
            stream.cascades, replies[:roots], records.kind[:roots], scenario
        )
    follow_ups = np.flatnonzero(records.follow_up_of >= 0)
    if scenario.viral.enabled and len(follow_ups):
        from sim.cascade import CascadeParams, grow

        viral = scenario.viral
        factors = np.asarray([viral.kind_factor.get(kind, 1.0) for kind in KINDS])
        grown = grow(
            records.arrival[follow_ups],
            records.followers[follow_ups],
            CascadeParams.of(viral),
            rng,
            branching_multiplier=factors[records.kind[follow_ups]] * scenario.policies.replies.silence_boost,
            end_time=scenario.meta.duration,
        )
        gained[follow_ups], whole[follow_ups], size[follow_ups] = _cascade_reach(
            grown, replies[follow_ups], records.kind[follow_ups], scenario
        )
    return replace(records, reach_unanswered=gained, reach_total=whole, cascade_size=size)


def _cascade_reach(
    cascades: Cascades, replies: NDArray[np.float64], kind: NDArray[np.int8], scenario: Scenario
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """Per root: the reshares' audience before the first reply, the whole reach, and the reshares, after
    the reply thinned what came later."""
    from sim.cascade import reach_by_root, thin_after_reply

    damped = np.where(np.isin(kind, NEGATIVE_KINDS), replies, np.inf)
    keep = thin_after_reply(cascades, damped, scenario.policies.replies.keep_reshares)
    authors = cascades.followers[: cascades.n_roots].astype(np.float64)  # roots come first, always kept
    before_reply = np.asarray(
        reach_by_root(cascades, until_time_per_root=replies, keep=keep), dtype=np.float64
    )
    whole = np.asarray(reach_by_root(cascades, keep=keep), dtype=np.float64)
    size = cascades.size_by_root(keep) - 1  # the root itself is not a reshare
    return before_reply - authors, whole, size.astype(np.int64)
