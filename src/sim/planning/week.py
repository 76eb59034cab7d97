"""The planner's week in a site's local time: 168 hours and 336 half-hours, Monday 00:00 first.

Shifts start, end and are worked on the half-hour grid (`SHIFT_GRID_MINUTES`); needs and the grid a
manager reads are per hour.
"""

from __future__ import annotations

from sim.scenarios.operations import SHIFT_GRID_MINUTES

HOURS = 168
SLOTS_PER_HOUR = 60 // SHIFT_GRID_MINUTES
SLOTS = HOURS * SLOTS_PER_HOUR
"""Local half-hours of the week, Monday 00:00 first: the grid shifts start, end and are worked on."""
SLOTS_PER_DAY = 24 * SLOTS_PER_HOUR
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
