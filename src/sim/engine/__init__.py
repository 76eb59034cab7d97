"""The engine: pre-drawn traffic meets the care team in SimPy, and the run is summarised.

`simulate(scenario, replication, stream=None) -> RunResult` is the entry point; the modules below it each do
one job: `fates` (per-mention draws), `service` (handle times), `triage` (queue order), `desk` (the SimPy
world), `records` (outcomes per mention), `reach` (cascades after the replies).
"""

from sim.engine.run import RunResult, simulate

__all__ = ["RunResult", "simulate"]
