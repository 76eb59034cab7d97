"""The engine runs on small pages and leaves numpy's huge-page setting as it found it."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np
import pytest

from sim.engine import pages
from sim.engine.pages import small_pages

from .engine_helpers import poisson_stream, scenario


def _huge_pages_on() -> bool:
    setter = pages._setter()
    assert setter is not None, "numpy has a huge-page switch from 1.17 on"
    before = setter(False)
    setter(before)
    return before


@pytest.fixture
def huge_pages() -> Iterator[None]:
    """Huge pages on for the test, whatever the process had; restored after."""
    setter = pages._setter()
    assert setter is not None
    before = setter(True)
    yield
    setter(before)


def test_off_inside_and_restored_after(huge_pages: None) -> None:
    with small_pages():
        assert not _huge_pages_on()
        np.zeros(1 << 20).sum()  # the block runs as usual
    assert _huge_pages_on()


def test_restored_after_an_error(huge_pages: None) -> None:
    with pytest.raises(RuntimeError), small_pages():
        raise RuntimeError("boom")
    assert _huge_pages_on()


def test_stays_off_until_the_last_of_overlapping_replications_ends(huge_pages: None) -> None:
    first_in = threading.Event()
    first_may_leave = threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with small_pages():
            first_in.set()
            first_may_leave.wait(5)

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with small_pages():
        first_may_leave.set()
        thread.join(5)
        seen.append(_huge_pages_on())  # the first replication left; this one still runs
    assert seen == [False]
    assert _huge_pages_on()


def test_a_replication_runs_on_small_pages_and_restores_them(
    huge_pages: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sim.engine import run

    during: list[bool] = []
    summarize = run.summarize

    def watched(*args: object, **kwargs: object) -> object:
        during.append(_huge_pages_on())
        return summarize(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "summarize", watched)
    team = {"name": "care", "timezone": "UTC", "shifts": [{"start": "00:00", "end": "24:00", "agents": 2}]}
    result = run.simulate(
        scenario([team], duration="1d"), 0, poisson_stream(20, 1440, np.random.default_rng(1))
    )
    assert during == [False]
    assert _huge_pages_on()
    assert len(result.records) > 0
