"""Thousands of generated documents thrown at the loader: it answers with a Scenario or clean problems, only."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sim.scenarios import Scenario, ScenarioError, load_scenario

from .helpers import MINIMAL
from .scenario_mutations import mutated_documents

_DIR = Path(tempfile.mkdtemp(prefix="carelab-fuzz-"))
_FUZZ = settings(max_examples=700, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["2h", "08:00", "mon-fri", "Europe/London", "fifo", "complaint", "24x7", "-1", "1e400"]),
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=25,
)
keys = st.sampled_from(
    ["meta", "brand", "regions", "traffic", "viral", "staffing", "policies", "targets", "costs", "variants",
     "drill", "extends", "id", "title", "share", "timezone", "teams", "shifts", "agents", "mix", "set"]
)  # fmt: skip


def _load(text: str) -> None:
    path = _DIR / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        result = load_scenario(path)
    except ScenarioError as error:
        assert error.problems
        for problem in error.problems:
            line = str(problem)
            assert line.startswith((f"{path}:", "--set")), line
            assert "Traceback" not in line
        return
    assert isinstance(result, Scenario)


@_FUZZ
@given(documents)
@example({"[key]": None})  # pydantic's own marker for a bad dict key, spelled as a document key
def test_random_documents_give_clean_errors(document: Any) -> None:
    _load(yaml.safe_dump(document, allow_unicode=True))


@_FUZZ
@given(st.dictionaries(keys, documents, min_size=1, max_size=6))
def test_random_scenario_shaped_documents_give_clean_errors(document: dict[str, Any]) -> None:
    _load(yaml.safe_dump(document, allow_unicode=True))


@_FUZZ
@given(st.lists(st.tuples(st.sampled_from(["meta", "brand", "regions", "traffic", "staffing", "policies"]),
                          keys, documents), max_size=4))  # fmt: skip
def test_mutated_valid_scenarios_give_clean_errors(mutations: list[tuple[str, str, Any]]) -> None:
    data = yaml.safe_load(MINIMAL)
    for section, key, value in mutations:
        target = data.setdefault(section, {})
        if isinstance(target, list):
            target = target[0]
        target[key] = value
    _load(yaml.safe_dump(data, allow_unicode=True))


@_FUZZ
@given(st.text(max_size=200))
def test_random_text_gives_clean_errors(text: str) -> None:
    _load(text)


def _check_refusal(error: ScenarioError, path: Path) -> None:
    """A refusal is one located line per problem, printable on any terminal, never a forged extra line."""
    assert error.problems
    for problem in error.problems:
        line = str(problem)
        assert line.startswith((f"{path}:", "--set")), line
        assert "\n" not in line and "\r" not in line, line
        line.encode("utf-8")  # no lone surrogate reaches a terminal


def _check_show_round_trip(scenario: Scenario, folder: Path) -> None:
    """What `scenario show` prints loads back, and prints the same again."""
    shown = yaml.safe_dump(scenario.model_dump(mode="json", exclude_none=True), sort_keys=False)
    again = folder / "shown.yaml"
    again.write_text(shown, encoding="utf-8")
    reloaded = load_scenario(again)
    assert yaml.safe_dump(reloaded.model_dump(mode="json", exclude_none=True), sort_keys=False) == shown


@pytest.mark.parametrize("seed", [1, 2])
def test_mutated_bundled_scenarios_are_loaded_or_refused_cleanly(seed: int, tmp_path: Path) -> None:
    # The mutation classes that once gave tracebacks (tests/scenario_mutations.py); 700 documents a seed.
    path = tmp_path / "scenario.yaml"
    for text in mutated_documents(seed, 700):
        path.write_text(text, encoding="utf-8")
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            _check_refusal(error, path)
            continue
        _check_show_round_trip(scenario, tmp_path)
