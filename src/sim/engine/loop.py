"""`EventLoop`: SimPy's event queue driven for the desk, the one module that uses SimPy's private names.

The desk waits on few events, reused again and again (a slot's wake, the feeder's, the door's), and runs
millions of them. SimPy's public path (`Event.succeed`, `Environment.schedule`, `Environment.step`) makes a
new event per wait and several calls per event; this module does the same work on the same structures:

- `schedule` puts an event on `Environment._queue` as `Environment.schedule` does: a heap of
  `(time, priority, id, event)`, the id drawn from `Environment._eid` so equal times keep their order.
  The desk's service start (`desk.slots.start`, once per piece of work) pushes its wake onto `queue` the
  same way, inline, with `ids`.
- `run` is `Environment.run()` to an empty queue with `Environment.step` inlined: pop, move the clock
  (`Environment._now`, mirrored in `now` for the desk's hot paths), call the callbacks, and crash on an event
  that failed and was not defused, as `step` does. Unlike `step` it leaves the callbacks on the event, so a
  reusable event carries its callback to its next firing.
- `event` makes such a reusable event: already triggered and ok (`_ok`, `_value`), with the callbacks given.

`tests/test_engine_loop.py` pins this private layout, so a SimPy release that changes it fails there first.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappop, heappush

import simpy
from simpy.events import NORMAL, URGENT, EventPriority

__all__ = ["NORMAL", "URGENT", "Alarm", "EventLoop", "EventPriority"]

Callback = Callable[[simpy.Event], None]


class EventLoop:
    """A SimPy environment whose events the desk schedules and runs itself."""

    __slots__ = ("env", "ids", "now", "queue")

    def __init__(self) -> None:
        self.env = simpy.Environment()
        self.now = 0.0
        """The clock, the same as `env.now` (a plain attribute: the desk reads it at every event)."""
        self.queue: list[tuple[float, EventPriority, int, simpy.Event]] = self.env._queue
        self.ids = self.env._eid

    def event(self, callbacks: list[Callback]) -> simpy.Event:
        """A reusable event: ok, no value, `callbacks` as its callback list (shared, not copied)."""
        event = simpy.Event(self.env)
        event.callbacks = callbacks
        event._ok, event._value = True, None
        return event

    def schedule(self, event: simpy.Event, priority: EventPriority, delay: float) -> None:
        """Put `event` on the queue `delay` from now, as `Environment.schedule` would."""
        heappush(self.queue, (self.now + delay, priority, next(self.ids), event))

    def schedule_at(self, event: simpy.Event, priority: EventPriority, at: float) -> None:
        """Put `event` on the queue at time `at` exactly (a delay added to now may miss it by a bit)."""
        heappush(self.queue, (at, priority, next(self.ids), event))

    def run(self) -> None:
        """Process events until none is left (`Environment.run()` with `step` inlined, see the module)."""
        env, queue = self.env, self.queue
        while queue:
            now, _, _, event = heappop(queue)
            self.now = env._now = now
            for callback in event.callbacks:
                callback(event)
            if not event._ok and not hasattr(event, "_defused"):
                raise type(event._value)(*event._value.args) from event._value

    def due_before(self, priority: EventPriority) -> bool:
        """Whether an event due now with a more urgent priority than `priority` waits on the queue."""
        queue = self.queue
        return bool(queue) and queue[0][0] <= self.now and queue[0][1] < priority


class Alarm:
    """A call of `callback` at a time that can be moved earlier: setting it again schedules its spare event
    (the last one that fired) or a new one, and the superseded event, still queued, fires inert."""

    __slots__ = ("armed", "at", "callback", "loop", "priority", "spare")

    def __init__(self, loop: EventLoop, priority: EventPriority, callback: Callable[[], None]) -> None:
        self.loop = loop
        self.priority = priority
        self.callback: Callable[[], None] | None = callback
        self.armed: simpy.Event | None = None
        """The event that will call back (None when not set)."""
        self.at = float("inf")
        """When it will call back (infinity when not set)."""
        self.spare: simpy.Event | None = None

    def set(self, at: float, now: float) -> None:
        """Call back at `at` (not before `now`) instead of any later time it was set for."""
        event = self.spare or self.loop.event([self._ring])
        self.spare = None
        self.loop.schedule(event, self.priority, at - now)
        self.armed = event
        self.at = at

    def close(self) -> None:
        """Drop the callback and the events (they hold each other and the callback's owner in a cycle)."""
        self.callback = self.armed = self.spare = None

    def _ring(self, event: simpy.Event) -> None:
        if event is not self.armed or self.callback is None:
            return  # superseded by an earlier setting
        self.armed, self.at, self.spare = None, float("inf"), event
        self.callback()
