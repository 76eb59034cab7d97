"""The drill's clock: simulated minutes since the drill began, shown as local times people live in.

The session counts plain minutes (like the engine); trainees, customers and promises speak in wall-clock
time ("back to you by 9:30pm", "it's 3 a.m. where I am"). Conversions go through `zoneinfo`, so a drill
set on the night the clocks change shows what a real desk would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sim.scenarios import Scenario

MINUTES_PER_DAY = 1440.0


@dataclass(frozen=True)
class DrillClock:
    """Where minute 0 of the drill falls, and in which zone the desk lives."""

    start: datetime
    """The drill's first minute (aware, UTC)."""
    zone: ZoneInfo
    """The desk's time zone."""

    @classmethod
    def for_scenario(cls, scenario: Scenario) -> DrillClock:
        """The clock of a scenario's drill: its `start` time on the local date of `meta.start`."""
        drill = scenario.drill
        if drill is None:
            raise ValueError("the scenario has no drill")
        zone = ZoneInfo(drill.timezone or scenario.regions[0].timezone)
        day = scenario.meta.start.astimezone(zone).date()
        local_start = datetime.combine(day, time(0), tzinfo=zone) + timedelta(minutes=drill.start)
        return cls(local_start.astimezone(UTC), zone)

    def local(self, minutes: float, zone: str | None = None) -> datetime:
        """Wall-clock time `minutes` into the drill, at the desk or in another zone (a customer's)."""
        return (self.start + timedelta(minutes=minutes)).astimezone(ZoneInfo(zone) if zone else self.zone)

    def minute_of_day(self, minutes: float) -> float:
        """Minutes after local midnight at the desk, `minutes` into the drill."""
        moment = self.local(minutes)
        return moment.hour * 60.0 + moment.minute + moment.second / 60.0

    def label(self, minutes: float, zone: str | None = None) -> str:
        """'21:05': the local time a trainee reads."""
        return self.local(minutes, zone).strftime("%H:%M")

    def next_at(self, clock: float, after: float = 0.0) -> float:
        """Drill minutes when the desk's clock next shows local minute-of-day `clock`, at or after `after`."""
        return after + (clock - self.minute_of_day(after)) % MINUTES_PER_DAY

    def same_offset(self, zone: str, minutes: float = 0.0) -> bool:
        """Whether someone in `zone` has the desk's wall-clock time at that moment (not abroad)."""
        return self.local(minutes).utcoffset() == self.local(minutes, zone).utcoffset()
