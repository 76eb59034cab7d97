"""The stream as rows a person or a spreadsheet reads: roots and reshares in time order, with author and text.

Row ids are positions in the stream's `Cascades` (roots first, so root mention `i` is id `i`, and reshares
follow); without cascades they are the mention indices. Every row names its cascade by the root's id; a
reshare's `parent_id` is the post it reshared. Reshares have no region or local
time (their authors live anywhere); their text is the retweet form "RT @author: original text".

Rows are built a batch at a time, column by column: times, regions and kinds are numpy arithmetic and table
look-ups over the whole batch, and only authors and texts are written post by post (by `TextWriter`). So a
limited export of a year-long stream stays quick, and a whole one writes tens of thousands of rows a second.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

import numpy as np
from numpy.typing import NDArray

from sim.mentions import NETWORKS, MentionStream
from sim.randomness import RunRandomness
from sim.scenarios import CHANNELS, KINDS, Scenario
from sim.traffic.clock import iso_local_all, iso_utc_all
from sim.traffic.rates import region_clocks
from sim.traffic.texts import TextWriter

COLUMNS: Final = (
    "id", "time_utc", "region", "local_time", "kind", "channel", "network", "tagged", "author", "handle",
    "followers", "text", "cascade_id", "parent_id",
)  # fmt: skip
PLAIN_COLUMNS: Final = frozenset(COLUMNS) - {"region", "author", "handle", "text"}
"""Columns of numbers, ISO times, true/false and fixed names (kinds, channels, networks), which never start
like a spreadsheet formula; the others hold words from the scenario or a generated post."""
FLAG_COLUMNS: Final = frozenset({"tagged"})
"""Columns of true or false."""
RESHARE_KIND: Final = "reshare"
RESHARE_CHANNEL: Final = "public_post"
BATCH: Final = 5_000
"""Rows built at once: large enough for numpy to pay off, small enough to keep a limited export quick."""

Value = str | int | bool | None
Row = dict[str, Value]
Batch = dict[str, list[Value]]
"""Rows as columns: each of `COLUMNS` with one value per row, in row order."""


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
        self._reshares = np.zeros(0, dtype=np.int64) if cascades is None else cascades.size_by_root() - 1
        """Reshares of each root."""

    def __len__(self) -> int:
        return len(self.order)

    def batches(self) -> Iterator[Batch]:
        """The rows, `BATCH` at a time, as columns."""
        retweets = _Retweets(self._reshares)
        for start in range(0, len(self.order), BATCH):
            yield self._batch(self.order[start : start + BATCH], retweets)

    def _batch(self, ids: NDArray[np.intp], retweets: _Retweets) -> Batch:
        is_root = ids < len(self.stream)
        roots, reshares = ids[is_root], ids[~is_root]
        columns = {name: np.empty(len(ids), dtype=object) for name in COLUMNS}
        columns["id"][:] = ids.tolist()
        columns["time_utc"][:] = iso_utc_all(self.scenario.meta.start, self.times[ids])
        for name, values in self._root_columns(roots, retweets).items():
            columns[name][is_root] = values
        if len(reshares):
            for name, values in self._reshare_columns(reshares, retweets).items():
                columns[name][~is_root] = values
        return {name: values.tolist() for name, values in columns.items()}

    def _root_columns(self, roots: NDArray[np.intp], retweets: _Retweets) -> dict[str, list[Value]]:
        """Every column but id and time of the root mentions `roots` (in row order)."""
        stream = self.stream
        texts = self.writer.write(stream, roots)
        retweets.keep(roots, texts.handles, texts.texts)
        return {
            "region": _names([r.name for r in self.scenario.regions], stream.region[roots]),
            "local_time": self._local_times(roots),
            "kind": _names(KINDS, stream.kind[roots]),
            "channel": _names(CHANNELS, stream.channel[roots]),
            "network": _names(NETWORKS, stream.network[roots]),
            "tagged": stream.tagged[roots].tolist(),
            "author": texts.authors,
            "handle": texts.handles,
            "followers": stream.followers[roots].tolist(),
            "text": texts.texts,
            "cascade_id": roots.tolist(),
            "parent_id": [None] * len(roots),
        }

    def _reshare_columns(self, reshares: NDArray[np.intp], retweets: _Retweets) -> dict[str, list[Value]]:
        """Every column but id and time of the reshares `reshares` (in row order), in their root's terms."""
        stream, cascades = self.stream, self.stream.cascades
        assert cascades is not None
        roots = cascades.root[reshares]
        authors, handles = self.writer.reshare_authors(stream.region[roots], reshares)
        return {
            "region": [None] * len(reshares),
            "local_time": [None] * len(reshares),
            "kind": [RESHARE_KIND] * len(reshares),
            "channel": [RESHARE_CHANNEL] * len(reshares),
            "network": _names(NETWORKS, stream.network[roots]),
            "tagged": stream.tagged[roots].tolist(),
            "author": authors,
            "handle": handles,
            "followers": cascades.followers[reshares].tolist(),
            "text": retweets.take(roots),
            "cascade_id": roots.tolist(),
            "parent_id": cascades.parent[reshares].tolist(),
        }

    def _local_times(self, roots: NDArray[np.intp]) -> list[str]:
        """The local time of each root with its UTC offset, worked out region by region."""
        found = np.empty(len(roots), dtype=object)
        regions = self.stream.region[roots]
        for index, clock in enumerate(self._clocks):
            chosen = regions == index
            times = self.stream.time[roots[chosen]]
            found[chosen] = iso_local_all(clock.local_epoch(times), clock.offset(times))
        result: list[str] = found.tolist()
        return result


class _Retweets:
    """'RT @handle: text' of each root written so far whose reshares are still to come: kept from the root's
    batch to its reshares' (which may be many batches later), dropped after its last reshare."""

    def __init__(self, reshares: NDArray[np.int64]) -> None:
        self._left = reshares.copy()
        self._texts: dict[int, str] = {}

    def keep(self, roots: NDArray[np.intp], handles: list[str], texts: list[str]) -> None:
        """Remember the retweet text of each of the roots that will be reshared."""
        if not len(self._left):
            return
        for at in np.flatnonzero(self._left[roots] > 0).tolist():
            self._texts[int(roots[at])] = f"RT {handles[at]}: {texts[at]}"

    def take(self, roots: NDArray[np.intp]) -> list[str]:
        """The retweet text of each reshare's root, counting the reshares written."""
        texts = [self._texts[root] for root in roots.tolist()]
        np.subtract.at(self._left, roots, 1)
        for root in np.unique(roots[self._left[roots] == 0]).tolist():
            del self._texts[root]
        return texts


def rows_of(batch: Batch) -> Iterator[Row]:
    """A batch's rows one by one, as dictionaries keyed by `COLUMNS`."""
    for values in zip(*(batch[column] for column in COLUMNS), strict=True):
        yield dict(zip(COLUMNS, values, strict=True))


def _names(names: tuple[str, ...] | list[str], codes: NDArray[np.integer]) -> list[Value]:
    """The name of each code."""
    table = np.asarray(names, dtype=object)
    picked: list[Value] = table[codes].tolist()
    return picked
