"""Staffing plans a manager can roster: per-site hourly need -> shifts by an integer program -> a rota
proven (and repaired) by simulation against every target at once.

`plan_staffing` is the entry point; `goals_for` reads what to meet; `PlanningError` names bad input.
"""

from sim.planning.goals import Goal, PlanningError, goals_for, parse_goal
from sim.planning.measure import Verdict
from sim.planning.search import Plan, Round, Settings, plan_staffing
from sim.planning.templates import PlannedShift, coverage

__all__ = [
    "Goal",
    "Plan",
    "PlannedShift",
    "PlanningError",
    "Round",
    "Settings",
    "Verdict",
    "coverage",
    "goals_for",
    "parse_goal",
    "plan_staffing",
]
