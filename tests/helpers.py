"""Small shared test data and helpers."""

from __future__ import annotations

# The smallest scenario that simulates: one region, one team; tests change it with str.replace.
MINIMAL = """\
meta:
  id: tiny
  title: Tiny
brand:
  name: Tiny Co
regions:
  - name: UK
    timezone: Europe/London
traffic:
  volume_per_day: 100
staffing:
  teams:
    - name: uk
      timezone: Europe/London
      shifts:
        - {start: "09:00", end: "17:00", days: mon-fri, agents: 2}
"""
