"""Where replications run: in this process, in local worker processes, or on a Dask cluster.

All executors take the same picklable work items and return results in the order given, whatever order they
finish in. Seeds come from the scenario and the replication number inside each item, never from the worker,
so the executor can change without changing a single figure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Progress = Callable[[], None]
"""Called once per finished item (drives a progress bar)."""


class Executor(Protocol):
    """Runs a function over work items and returns the results in the items' order."""

    name: str

    def map(self, fn: Callable[[T], R], items: Sequence[T], progress: Progress | None = None) -> list[R]:
        """Results of `fn(item)` for every item, in order."""
        ...


class InProcess:
    """Runs everything here, one item after another: for tests, debugging and tiny jobs."""

    name = "in-process"

    def map(self, fn: Callable[[T], R], items: Sequence[T], progress: Progress | None = None) -> list[R]:
        results = []
        for item in items:
            results.append(fn(item))
            if progress:
                progress()
        return results


class LocalProcesses:
    """Runs items on worker processes of this machine (all cores by default)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.name = f"{self.workers} local processes"

    def map(self, fn: Callable[[T], R], items: Sequence[T], progress: Progress | None = None) -> list[R]:
        if self.workers == 1 or len(items) <= 1:
            return InProcess().map(fn, items, progress)
        results: list[Any] = [None] * len(items)
        with ProcessPoolExecutor(max_workers=min(self.workers, len(items))) as pool:
            futures = {pool.submit(fn, item): index for index, item in enumerate(items)}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                if progress:
                    progress()
        return results


class DaskCluster:
    """Runs items on a Dask cluster: an existing scheduler (`tcp://host:8786`) or a local one started here.

    Needs the `dask` extra (`pip install carelab[dask]`); workers need CareLab installed too.
    """

    def __init__(self, address: str | None = None, local_workers: int | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the optional extra
            raise RuntimeError("Dask is not installed: pip install 'carelab[dask]'") from exc
        self._cluster: AbstractContextManager[Any] = nullcontext()
        if address is None:
            cluster = LocalCluster(
                n_workers=local_workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
            self._cluster = cluster
            self.client = Client(cluster)
            self.name = f"local Dask cluster, {len(cluster.workers)} workers"
        else:
            self.client = Client(address, timeout="10s")
            self.name = f"Dask cluster at {address}"

    def map(self, fn: Callable[[T], R], items: Sequence[T], progress: Progress | None = None) -> list[R]:
        from distributed import as_completed as dask_completed

        futures = self.client.map(fn, list(items), pure=False)
        index = {future.key: i for i, future in enumerate(futures)}
        results: list[Any] = [None] * len(items)
        for future in dask_completed(futures):
            results[index[future.key]] = future.result()
            if progress:
                progress()
        return results

    def close(self) -> None:
        """Shut the client (and a cluster this executor started) down."""
        self.client.close()
        self._cluster.__exit__(None, None, None)
