"""The stream as rows a person or a spreadsheet reads: roots and reshares in time order, with author and text.

Row ids are positions in the stream's `Cascades` (roots first, so root mention `i` is id `i`, and reshares
follow); without cascades they are the mention indices. Every row names its cascade by the root's id; a
reshare's `parent_id` is the post it reshared. Reshares have no region or local
time (their authors live anywhere); their text is the retweet form "RT @author: original text". Text is
written batch by batch as the rows are read, so a limited export of a year-long stream stays quick.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

import numpy as np
from numpy.typing import NDArray

from sim.mentions import NETWORKS, MentionStream
from sim.randomness import RunRandomness
from sim.scenarios import CHANNELS, KINDS, Scenario
from sim.traffic.clock import iso_local, iso_utc
from sim.traffic.rates import region_clocks
from sim.traffic.texts import MentionText, TextWriter

COLUMNS: Final = (
    "id", "time_utc", "region", "local_time", "kind", "channel", "network", "tagged", "author", "handle",
    "followers", "text", "cascade_id", "parent_id",
)  # fmt: skip
RESHARE_KIND: Final = "reshare"
_BATCH = 500

Row = dict[str, str | int | bool | None]


class StreamRows:
    """The rows of one generated stream, the first `limit` of them in time order (all when None)."""

    def __init__(
        self, scenario: Scenario, stream: MentionStream, randomness: RunRandomness, limit: int | None = None
    ) -> None:
        self.scenario = scenario
        self.stream = stream
        self.writer = TextWriter(scenario, randomness)
        cascades = stream.cascades
        self.times = stream.time if cascades is None else cascades.time
        self.order = np.argsort(self.times, kind="stable")[:limit]
        self._clocks = region_clocks(scenario)
        spreading = [] if cascades is None else np.flatnonzero(cascades.size_by_root() > 1).tolist()
        self._roots_with_reshares = set(spreading)
        self._root_texts: dict[int, MentionText] = {}

    def __len__(self) -> int:
        return len(self.order)

    def __iter__(self) -> Iterator[Row]:
        for start in range(0, len(self.order), _BATCH):
            batch = self.order[start : start + _BATCH]
            roots = batch[batch < len(self.stream)]
            texts = dict(zip(roots.tolist(), self.writer.mentions(self.stream, roots.tolist()), strict=True))
            local = self._local_times(roots)
            for row_id in batch.tolist():
                if row_id in texts:
                    yield self._root(row_id, texts[row_id], *local[row_id])
                else:
                    yield self._reshare(row_id)

    def _root(self, index: int, text: MentionText, local_epoch: float, offset: float) -> Row:
        stream = self.stream
        if index in self._roots_with_reshares:
            self._root_texts[index] = text
        return {
            "id": index,
            "time_utc": iso_utc(self.scenario.meta.start, float(stream.time[index])),
            "region": self.scenario.regions[int(stream.region[index])].name,
            "local_time": iso_local(local_epoch, offset),
            "kind": KINDS[stream.kind[index]],
            "channel": CHANNELS[stream.channel[index]],
            "network": NETWORKS[stream.network[index]],
            "tagged": bool(stream.tagged[index]),
            "author": text.author,
            "handle": text.handle,
            "followers": int(stream.followers[index]),
            "text": text.text,
            "cascade_id": index,
            "parent_id": None,
        }

    def _reshare(self, row_id: int) -> Row:
        stream, cascades = self.stream, self.stream.cascades
        assert cascades is not None
        root = int(cascades.root[row_id])
        original = self._root_texts[root]
        author, handle = self.writer.reshare_author(int(stream.region[root]), row_id)
        return {
            "id": row_id,
            "time_utc": iso_utc(self.scenario.meta.start, float(self.times[row_id])),
            "region": None,
            "local_time": None,
            "kind": RESHARE_KIND,
            "channel": "public_post",
            "network": NETWORKS[stream.network[root]],
            "tagged": bool(stream.tagged[root]),
            "author": author,
            "handle": handle,
            "followers": int(cascades.followers[row_id]),
            "text": f"RT {original.handle}: {original.text}",
            "cascade_id": root,
            "parent_id": int(cascades.parent[row_id]),
        }

    def _local_times(self, roots: NDArray[np.intp]) -> dict[int, tuple[float, float]]:
        """Local epoch minutes and UTC offset of each listed root, worked out region by region."""
        found: dict[int, tuple[float, float]] = {}
        for index, clock in enumerate(self._clocks):
            chosen = roots[self.stream.region[roots] == index]
            times = self.stream.time[chosen]
            pairs = zip(clock.local_epoch(times).tolist(), clock.offset(times).tolist(), strict=True)
            found.update(zip(chosen.tolist(), pairs, strict=True))
        return found
