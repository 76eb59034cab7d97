"""The SimPy world: agents' slots pull work from triage heaps; the feeder walks the pre-drawn inputs.

The engine's terms (`sim.engine` explains them all in its glossary) name the desk's parts. Its steps are
the events of a queue, one function each, in one module per role:

- `intake`: intake and give-ups (inputs enter at their time; give-up checks post public follow-ups; after
  a reply the conversation escalates, waits for the customer's next message, or closes).
- `slots`: agents and their slots (a slot's wake fires, it records the work done and takes the next).
- `dispatch`: dispatch, claims and triage (an input goes to an idle slot, revokes a later claim, or waits
  in its skill class's triage heap; the feeder takes inputs in while slots are idle).
- `rota`: the rota that brings slots on duty at their intervals' starts, behind one door event.
- `parts`: what the desk reads and writes, its teams and slots; `desk`: the `Desk` class that holds the
  state, builds it, runs it, and binds every role's steps as its methods.

Why it is built this way, for speed without changing what happens:

- Only work an agent must do enters SimPy. Arrivals, listening delays, patience, follow-up odds and handle
  times are numpy columns drawn before the clock starts; reshares never enter SimPy.
- An agent with concurrency k is k slots: up to k conversations at once, each taking its handle time
  stretched by the team's concurrency slowdown (a handle time is the time a conversation holds one of the
  agent's k lanes of attention, so an agent answers up to k/(AHT x slowdown) conversations an hour). The
  slots share the agent's on-duty time and breaks.
- Each slot waits on ONE reusable event at a time, no polling: its wake, scheduled for the moment its work
  is done, or for now when it is sent home idle at the end of its on-duty interval. The slot's step is the
  event's callback, not a generator process, so no generator is resumed per event. Off-duty slots wait in
  the rota by the start of their next interval, behind a single door event: most slots are off duty at any
  moment, and SimPy's queue stays short for the events that matter.
- A slot that runs out of work claims the next pre-drawn input ahead of time when nothing can come before
  it: its wake is scheduled for arrival + handle time, so a mention met by an idle agent costs a single
  SimPy event. If earlier work turns up for that slot after all (a customer's reply, a requeued
  conversation), the claim is revoked (the slot moves to a new event, the old one stays queued with no
  callback) and the input goes back to be dispatched.
- The feeder (one reusable event, re-armable without interrupts) wakes only when a slot is idle without a
  claim, or claims are outstanding and a give-up check or a reply that could revoke one is due: it hands
  inputs to idle slots at their time and sends idle slots home at their interval's end. While every slot
  is busy it sleeps, and slots that finish (or come on duty) take everything due themselves; what is still
  due when the last event has passed is taken in as the run ends.
- Inputs of one instant are taken in triage order, not in the order of events: a slot that would choose
  while other events are due at that instant (slots finishing, whose escalations or cut work may rank
  higher) is woken again after them, at the priority agents come on duty with; an input that arrives
  while they are due, or shares its time with another mention seen, waits in the heap for the slot it
  would have gone to, and is never claimed ahead of time. Only exact ties pay for it (a peek at SimPy's
  queue when work waits): with times drawn from continuous distributions it almost never happens.
- Leaving is lazy: a post that left the queue (its author reneged under `give_ups: leave`, or a drop rule
  took it) is skipped when a slot would pick it, at no cost; by default nothing leaves. Only authors who
  escalate in public need their give-up time as an input (a check, which may post a new mention).
- Hand-over at the end of an on-duty interval (shift end or break): `finish` lets the slot complete the
  conversation in progress (overtime past a shift's end; into a break, the break is then taken in full and
  the slot comes back as much later, logged as a late return); `requeue` stops it at the interval's end and
  puts the rest of the work back in the queue with its transcript (no repeat penalty).

`tests/reference_desk.py` is the same desk written plainly (a SimPy process per slot, a `PriorityStore` per
skill class); a property test holds the two to the same records.
"""

from sim.engine.desk.desk import Desk
from sim.engine.desk.parts import BACK, FIRST, TURN, DeskLog, DeskSetup, SpawnedFate

__all__ = ["BACK", "FIRST", "TURN", "Desk", "DeskLog", "DeskSetup", "SpawnedFate"]
