"""The engine: pre-drawn traffic meets the care team in SimPy, and the run is summarised.

`simulate(scenario, replication, stream=None) -> RunResult` is the entry point; the modules below it each do
one job: `fates` (per-mention draws), `service` (handle times), `triage` (queue order), `desk` (the SimPy
world), `loop` (the one door to SimPy's internals), `records` (outcomes per mention), `reach` (cascades
after the replies), `run` (the order of it all, and the one place that overlaps work in a thread).

Glossary of the desk's terms, with their names in queueing theory:

- mention: a customer's post, one row of every per-mention column (a customer, or job).
- input: something that arrives at the desk: a mention seen by listening, a customer's reply in a thread,
  a public follow-up posted by an author who gave up, a conversation cut at a hand-over (an arrival).
- late input: an input known only during the run (a reply, a revoked claim), kept in a heap by time.
- skill class: the kinds of mention served by the same teams; each class has one triage heap (a queue
  with a priority discipline, the triage policy).
- slot: one of an agent's k lanes of attention under concurrency k (a server); the slots of an agent share
  its on-duty intervals.
- wake: a slot's one reusable SimPy event; it fires when the slot's work is done (a service completion)
  or when the slot, idle, is sent home at its interval's end.
- step: what a slot does when its wake fires: record the finished work, then take the next.
- claim: an idle slot takes the next input ahead of its arrival, its wake set for arrival + handle time, so
  a mention met by an idle agent costs one event; revoked if earlier work turns up for that slot.
- give-up: an author stops waiting at their deadline. By default the post stays in the queue (it is public
  and still needs an answer); under `policies.inbox.give_ups: leave` it leaves (abandonment, Erlang A's
  reneging), and a drop rule can take old posts; a post that left is skipped lazily when picked. Authors
  who escalate in public have their deadline as a check (still unanswered? then a follow-up is posted).
- late return: a slot that worked into a break takes the whole break from when its conversation ended,
  coming back on duty later than planned.
- feeder: the desk's own reusable event that takes inputs in at their time while some slot is idle or a
  claim could be revoked, and sends idle slots home; asleep while every slot is busy.
- on-duty interval: a stretch of a shift between breaks (server vacations come between them).
- rota: off-duty slots ordered by the start of their next on-duty interval.
- door: one event at the rota's earliest start that brings those slots on duty.
- spare: a fired reusable event (the feeder's, the door's) kept to be scheduled again.
- hand-over: what happens to work in hand at an interval's end: `finish` it (overtime) or `requeue` the rest.
"""

from sim.engine.run import RunResult, simulate

__all__ = ["RunResult", "simulate"]
