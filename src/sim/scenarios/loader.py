"""Loading a scenario: read the file, follow `extends`, apply `--set`, validate, check every variant.

All problems are gathered and raised together as one `ScenarioError`, so an author fixes a file in one pass.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from sim.scenarios import bundled, variables
from sim.scenarios.overrides import PathError, apply_assignments, apply_values, set_path
from sim.scenarios.problems import Mark, Problem, ScenarioError, quoted
from sim.scenarios.scenario import Scenario
from sim.scenarios.validation import problems_from
from sim.scenarios.yaml_source import Document, Loc, read_document


def load_scenario(
    path: str | Path, overrides: Sequence[str] = (), extends_anywhere: bool = False
) -> Scenario:
    """Load and validate a scenario file, with `--set path=value` overrides applied on top.

    A name that is no file, like `global_airline`, loads the bundled scenario of that name. A base named by
    `extends` must sit in the scenario's own folder or below it, unless `extends_anywhere`.

    Raises:
        ScenarioError: with every problem found, each located in its file (or `--set` option).
    """
    path = bundled.resolve(Path(path))
    root = None if extends_anywhere else _folder_of(path)
    document = _resolve(path, (), root)
    data = apply_assignments(document.data, document.loc, overrides)
    scenario = _validate(data, document.loc)
    problems = [p for name in scenario.variants for p in _variant_problems(name, data, document.loc)]
    if problems:
        raise ScenarioError(problems)
    return scenario


def apply_variant(scenario: Scenario, name: str) -> Scenario:
    """The scenario with a named variant's changes applied."""
    if name not in scenario.variants:
        known = ", ".join(scenario.variants) or "none"
        raise ScenarioError.single(f"variant {name}", f"no variant named {quoted(name)} (variants: {known})")
    return with_values(scenario, scenario.variants[name].set, f"variant {name}")


def with_values(scenario: Scenario, values: dict[str, Any], source: str) -> Scenario:
    """The scenario with fields changed by path (sweeps and variants), validated again."""
    data = apply_values(scenario.model_dump(mode="json", exclude_none=True), values, source)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(problems_from(exc, Scenario, Loc(Mark(source)))) from None


def _resolve(path: Path, chain: tuple[Path, ...], root: Path | None) -> Document:
    document = read_document(path)
    _anchor_source(document, path)
    base_ref = document.data.get("extends")
    if base_ref is None:
        return document
    mark = document.loc.children["extends"].mark if isinstance(document.loc.children, dict) else None
    base_path = _base_path(base_ref, path, root, mark or Mark(str(path)))
    if base_path in (*chain, path.resolve()):
        cycle = " -> ".join(p.name for p in (*chain, path.resolve(), base_path))
        raise ScenarioError([Problem(mark or Mark(str(path)), "extends", f"extends itself: {cycle}")])
    base = _resolve(base_path, (*chain, path.resolve()), root)
    return Document(*_merge(base.data, base.loc, document.data, document.loc))


def _anchor_source(document: Document, path: Path) -> None:
    """Make `traffic.source` (a history file) relative to the scenario that names it, as `extends` is."""
    traffic = document.data.get("traffic")
    if not isinstance(traffic, dict) or not isinstance(traffic.get("source"), str):
        return
    source = traffic["source"]
    resolved = (path.parent / source).resolve()
    if not resolved.is_file():
        loc = _descend(document.loc, ("traffic", "source"))
        mark = loc.mark if loc else document.loc.mark
        message = f"no such history file: {resolved} (relative to this file; see `carelab history import`)"
        raise ScenarioError([Problem(mark, "traffic.source", message)])
    traffic["source"] = str(resolved)


def _base_path(base_ref: Any, path: Path, root: Path | None, mark: Mark) -> Path:
    """The file an `extends` names, relative to the file that names it; refused unless it is a YAML file
    inside `root` (when given), so a shared scenario cannot make CareLab read, and echo, any other file."""

    def refuse(message: str) -> ScenarioError:
        return ScenarioError([Problem(mark, "extends", message)])

    if not isinstance(base_ref, str) or not base_ref.strip():
        raise refuse("expected a file path")
    if not base_ref.isprintable() or len(base_ref) > 255:
        raise refuse(f"{quoted(base_ref)} is not a file path (expected a name like base.yaml)")
    if not base_ref.endswith((".yaml", ".yml")):
        raise refuse(f"{quoted(base_ref)} is not a scenario file (expected a name ending in .yaml)")
    try:
        base_path = (path.parent / base_ref).resolve()
        if root is not None and not base_path.is_relative_to(root):
            raise refuse(
                f"{quoted(base_ref)} is outside the folder {root} of the scenario being loaded "
                "(a base scenario must sit in that folder or below it)"
            )
        if not base_path.is_file():
            raise refuse(f"no such file: {quoted(base_path)} (relative to this file)")
    except (OSError, ValueError) as exc:
        raise refuse(f"cannot open {quoted(base_ref)}: {exc}") from None
    return base_path


def _folder_of(path: Path) -> Path | None:
    try:
        return path.parent.resolve()
    except (OSError, ValueError):
        return None  # read_document will refuse the path itself


def _merge(base: Any, base_loc: Loc, child: Any, child_loc: Loc) -> tuple[Any, Loc]:
    """Mappings merge key by key; anything else in the child replaces the base's value."""
    if not (isinstance(base, dict) and isinstance(child, dict)):
        return copy.deepcopy(child), child_loc
    data = dict(base)
    children = dict(base_loc.children) if isinstance(base_loc.children, dict) else {}
    for key, value in child.items():
        own_loc = child_loc.child(key) or child_loc
        if key in base:
            data[key], children[key] = _merge(base[key], base_loc.child(key) or base_loc, value, own_loc)
        else:
            data[key], children[key] = value, own_loc
    return data, Loc(child_loc.mark, child_loc.key_mark, children)


def _validate(data: dict[str, Any], loc: Loc, note: str = "") -> Scenario:
    """The scenario, its drill's variables (if any) drawn with the scenario's own seed."""
    problems = variables.file_problems(data, loc)
    if not variables.declared_kinds(data):
        if problems:
            raise ScenarioError(problems)
        return _model(data, loc, note)
    try:  # plain specimen values first: every problem at its own line, whatever a seed would draw
        checked = _model(variables.filled_data(data, variables.specimens(data)), loc, note)
    except ScenarioError as exc:
        # while a reference or a variable is wrong, the fields using it would only echo that problem
        own = [p for p in exc.problems if p.path.startswith("drill.vary")]
        kept = own if problems or own else exc.problems
        raise ScenarioError(sorted([*problems, *kept], key=_position)) from None
    if problems:
        raise ScenarioError(problems)
    return _drawn(checked, data, np.random.default_rng(checked.meta.seed), loc)


def draw_variables(scenario: Scenario, rng: np.random.Generator) -> Scenario:
    """Another run of a drill with variables: the values drawn from a child of `rng`, the scenario validated
    again; a scenario without variables is returned as it is.

    The child (`Generator.spawn`) leaves `rng`'s own stream where it was, so what the run draws from `rng`
    afterwards (reshare cascades) is the same whether the drill has variables or not."""
    if scenario._unvaried is None:
        return scenario
    return _drawn(scenario, scenario._unvaried, rng, Loc(Mark(f"drill {scenario.meta.id}")))


def _drawn(checked: Scenario, data: dict[str, Any], rng: np.random.Generator, loc: Loc) -> Scenario:
    """The scenario with its drill's variables drawn from `rng`; `checked` is it validated with specimens."""
    assert checked.drill is not None
    problems, drawing = [], {}
    values_rng = rng.spawn(1)[0]
    for name, variable in checked.drill.vary.items():
        try:
            drawing[name] = variable.draw(values_rng, checked.regions[0].locale)
        except ValueError as exc:  # a locale Faker does not know: the one thing only a draw can tell
            node = _descend(loc, ("drill", "vary", name, "locale")) or _descend(loc, ("drill", "vary", name))
            path = f"drill.vary.{name}.locale" if variable.locale else f"drill.vary.{name}"
            problems.append(Problem(node.mark if node else loc.mark, path, str(exc)))
    if problems:
        raise ScenarioError(problems)
    scenario = _model(variables.filled_data(data, drawing), loc, " (with the values this run drew)")
    scenario._unvaried = data
    scenario._drawn = variables.flat(drawing)
    return scenario


def _position(problem: Problem) -> tuple[str, int, int]:
    return problem.mark.source, problem.mark.line, problem.mark.column


def _model(data: dict[str, Any], loc: Loc, note: str = "") -> Scenario:
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(problems_from(exc, Scenario, loc, note)) from None


def _variant_problems(name: str, data: dict[str, Any], loc: Loc) -> list[Problem]:
    """Validate the scenario as a variant makes it, pointing errors at the variant's own lines."""
    changes = data["variants"][name].get("set") or {}
    set_loc = _descend(loc, ("variants", name, "set"))
    variant_data, variant_loc = copy.deepcopy(data), copy.deepcopy(loc)
    problems: list[Problem] = []
    for path, value in changes.items():
        entry = set_loc.child(path) if set_loc else None
        mark = entry.mark if entry else loc.mark
        try:
            set_path(variant_data, variant_loc, str(path), copy.deepcopy(value), mark)
        except PathError as exc:
            key_mark = entry.key_mark if entry and entry.key_mark else mark
            problems.append(Problem(key_mark, f"variants.{name}.set.{path}", str(exc)))
    if problems:
        return problems
    try:
        _validate(variant_data, variant_loc, f" (in variant {quoted(name)})")
    except ScenarioError as exc:
        return exc.problems
    return []


def _descend(loc: Loc, parts: tuple[Any, ...]) -> Loc | None:
    node: Loc | None = loc
    for part in parts:
        node = node.child(part) if node else None
    return node
