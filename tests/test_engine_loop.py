"""`sim.engine.loop` relies on SimPy's private layout; these tests pin it, so an upgrade that changes it fails
here, by name, instead of making the desk silently wrong."""

from __future__ import annotations

import itertools

import pytest
import simpy
from simpy.events import NORMAL, PENDING, URGENT

from sim.engine.loop import EventLoop


def test_simpy_keeps_the_private_layout_the_loop_relies_on() -> None:
    env = simpy.Environment()
    assert env._queue == [] and isinstance(env._queue, list)
    assert isinstance(env._eid, type(itertools.count()))
    assert env._now == env.now == 0
    event = env.timeout(2.5, value="done")
    when, priority, eid, queued = env._queue[0]
    assert (when, priority, queued) == (2.5, NORMAL, event)
    assert isinstance(eid, int) and next(env._eid) == eid + 1
    assert event._ok is True and event._value == "done"
    pending = env.event()
    assert pending._value is PENDING and not hasattr(pending, "_ok")
    env.step()
    assert env._now == 2.5 and event.callbacks is None


def test_the_loop_runs_events_in_simpy_order() -> None:
    """Time first, then priority, then scheduling order, as `Environment.run` would."""
    loop = EventLoop()
    fired: list[tuple[float, str]] = []

    def recorder(name: str) -> simpy.Event:
        return loop.event([lambda _: fired.append((loop.now, name))])

    loop.schedule(recorder("late"), NORMAL, 2.0)
    loop.schedule(recorder("normal first"), NORMAL, 1.0)
    loop.schedule(recorder("normal second"), NORMAL, 1.0)
    loop.schedule(recorder("urgent"), URGENT, 1.0)
    loop.run()
    assert fired == [(1.0, "urgent"), (1.0, "normal first"), (1.0, "normal second"), (2.0, "late")]
    assert loop.env.now == 2.0


def test_a_reused_event_keeps_its_callbacks_for_its_next_firing() -> None:
    loop = EventLoop()
    times: list[float] = []
    event = loop.event([])

    def again(fired: simpy.Event) -> None:
        times.append(loop.now)
        if len(times) < 3:
            loop.schedule(fired, NORMAL, 1.5)

    event.callbacks.append(again)
    loop.schedule(event, NORMAL, 0.0)
    loop.run()
    assert times == [0.0, 1.5, 3.0]


def test_a_failed_event_crashes_the_run_as_environment_step_does() -> None:
    loop = EventLoop()
    failed = loop.env.event()
    failed.fail(ValueError("broken"))  # scheduled on the same queue by SimPy itself
    with pytest.raises(ValueError, match="broken"):
        loop.run()
    defused = loop.env.event()
    defused.fail(ValueError("handled"))
    defused.defused = True
    loop.run()


def test_due_before_sees_only_more_urgent_events_due_now() -> None:
    loop = EventLoop()
    loop.schedule(loop.event([]), NORMAL, 0.0)
    assert loop.due_before(URGENT) is False
    assert loop.due_before(simpy.events.EventPriority(NORMAL + 1)) is True
    loop.queue.clear()
    loop.schedule(loop.event([]), URGENT, 1.0)
    assert loop.due_before(simpy.events.EventPriority(NORMAL + 1)) is False
