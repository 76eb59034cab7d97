"""Scenarios: the YAML files managers and trainers write, as validated pydantic models.

Public entry points: `load_scenario` (file -> `Scenario`, or a `ScenarioError` listing every problem with its
file, line and column), `apply_variant` and `with_values` (what-ifs and sweeps), `draw_variables` (another
run of a drill with variables), and the model classes.
"""

from sim.scenarios.base import CHANNELS, KINDS, Channel, Kind
from sim.scenarios.loader import apply_variant, draw_variables, load_scenario, with_values
from sim.scenarios.problems import Mark, Problem, ScenarioError
from sim.scenarios.scenario import Scenario, Variant

__all__ = [
    "CHANNELS",
    "KINDS",
    "Channel",
    "Kind",
    "Mark",
    "Problem",
    "Scenario",
    "ScenarioError",
    "Variant",
    "apply_variant",
    "draw_variables",
    "load_scenario",
    "with_values",
]
