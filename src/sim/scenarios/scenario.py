"""The whole scenario: one validated, immutable object read by the engine, the experiments and the trainer."""

from __future__ import annotations

from typing import Any

from pydantic import Field, PrivateAttr, model_validator

from sim.scenarios.base import Model, Name, located, raise_problems
from sim.scenarios.drill import Drill
from sim.scenarios.operations import Costs, Policies, Staffing, Target
from sim.scenarios.problems import quoted
from sim.scenarios.world import Brand, Meta, Region, Traffic, Viral


class Variant(Model):
    """A named what-if: the same scenario with some fields changed, e.g. coverage set to business hours."""

    description: str = ""
    """What the variant changes and why a manager would try it."""
    set: dict[str, Any] = Field(default_factory=dict)
    """Field paths and their new values, e.g. {'policies.coverage.mode': 'business_hours'}; list items are
    addressed by index or by name, e.g. 'staffing.teams.uk.shifts.0.agents'."""


MAX_REGIONS = 10_000
"""Most regions a scenario may list; region codes are 16-bit integers in the engine's columns."""


class Scenario(Model):
    """A CareLab scenario: the world, the care team, its policies and targets, what-if variants, a drill."""

    extends: str | None = None
    """A base scenario file this one changes (path relative to this file); its sections are merged in."""
    meta: Meta
    """Identity, seed and simulated period."""
    brand: Brand
    """The brand."""
    regions: list[Region] = Field(min_length=1, max_length=MAX_REGIONS)
    """Where customers live (at most 10,000: a mention's region is stored as a 16-bit code)."""
    traffic: Traffic = Field(default_factory=Traffic)
    """Volume and mix of mentions."""
    viral: Viral = Field(default_factory=Viral)
    """How complaints spread."""
    staffing: Staffing | None = None
    """The care team (needed to simulate)."""
    policies: Policies = Field(default_factory=Policies)
    """Coverage, triage, listening, patience, escalation."""
    targets: list[Target] = Field(default_factory=list)
    """Service targets."""
    costs: Costs = Field(default_factory=Costs)
    """Agent costs."""
    variants: dict[Name, Variant] = Field(default_factory=dict)
    """Named what-ifs."""
    drill: Drill | None = None
    """A scripted drill for the trainer."""
    _unvaried: dict[str, Any] | None = PrivateAttr(default=None)
    """For a drill with variables (`drill.vary`): the file's data before they were drawn, to draw another
    run from (see `sim.scenarios.loader.draw_variables`)."""
    _drawn: dict[str, str] = PrivateAttr(default_factory=dict)
    """For a drill with variables: what each reference reads as in this scenario, e.g. {'traveller.first':
    'Nadia'}."""

    @property
    def drawn(self) -> dict[str, str]:
        """The drill's variables as this scenario drew them, by reference (empty for a drill without)."""
        return dict(self._drawn)

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        problems = [*self._region_problems(), *self._reference_problems()]
        if self.staffing is None and self.drill is None:
            problems.append("a scenario needs `staffing` (to simulate) or `drill` (to train), or both")
        raise_problems(problems)
        return self

    def _region_problems(self) -> list[str]:
        problems: list[str] = []
        seen: set[str] = set()
        for i, region in enumerate(self.regions):
            if region.name in seen:
                problems.append(located(f"regions.{i}.name", f"region {quoted(region.name)} is listed twice"))
            seen.add(region.name)
        with_share = [r for r in self.regions if r.share is not None]
        with_volume = [r for r in self.regions if r.volume_per_day is not None]
        if with_share and with_volume:
            problems.append(
                located("regions", "give every region a `share` or every region a `volume_per_day`")
            )
        elif with_share:
            problems += [
                located(f"regions.{i}", "missing `share` (the other regions have one)")
                for i, r in enumerate(self.regions)
                if r.share is None
            ]
            total = sum(r.share or 0.0 for r in self.regions)
            if abs(total - 1.0) > 1e-6:
                problems.append(located("regions", f"shares must sum to 1 (they sum to {total:.6g})"))
            if self.traffic.volume_per_day is None:
                problems.append(
                    located("traffic", "missing `volume_per_day` (the regions give shares of it)")
                )
        elif not with_volume and len(self.regions) > 1:
            problems.append(located("regions", "give each region a `share` or a `volume_per_day`"))
        elif not with_volume and self.traffic.volume_per_day is None and self.staffing is not None:
            problems.append(located("traffic", "missing `volume_per_day` (mentions per day)"))
        return problems

    def _reference_problems(self) -> list[str]:
        regions = {r.name for r in self.regions}
        known = ", ".join(sorted(regions))
        problems = [
            located(f"traffic.surges.{i}.regions", f"unknown region {quoted(name)} (regions: {known})")
            for i, surge in enumerate(self.traffic.surges)
            for name in surge.regions or []
            if name not in regions
        ]
        problems += [
            located(f"viral.events.{i}.region", f"unknown region {quoted(e.region)} (regions: {known})")
            for i, e in enumerate(self.viral.events)
            if e.region is not None and e.region not in regions
        ]
        team_name = self.policies.escalation.team
        if self.staffing is not None and team_name is not None:
            teams = {t.name: t for t in self.staffing.teams}
            path = "policies.escalation.team"
            if team_name not in teams:
                names = ", ".join(teams)
                problems.append(located(path, f"unknown team {quoted(team_name)} (teams: {names})"))
            elif teams[team_name].role != "backoffice":
                problems.append(located(path, f"team {quoted(team_name)} needs role 'backoffice'"))
        return problems

    def region_volumes(self) -> dict[str, float]:
        """Mentions per average day in each region, whichever way the scenario gave them."""
        if all(r.volume_per_day is not None for r in self.regions):
            return {r.name: float(r.volume_per_day or 0.0) for r in self.regions}
        total = self.traffic.volume_per_day or 0.0
        if len(self.regions) == 1 and self.regions[0].share is None:
            return {self.regions[0].name: total}
        return {r.name: total * (r.share or 0.0) for r in self.regions}
