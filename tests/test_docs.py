"""The authoring guide's YAML is real: every example validates, the pieces add up to the files, links resolve.

Conventions of docs/authoring-guide.md:
- ```yaml title="NAME.yaml"``` is a complete file, written under its title (so `extends` between examples
  works) and validated on its own; a titled block with `steps:` is a playthrough script for the last drill.
- ```yaml``` without a title is a piece of the file being built: it is merged into the file so far (mappings key
  by key, anything else replaced, as `extends` merges) and the result must validate. The next complete file
  must then be exactly what the pieces built.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from sim.scenarios import load_scenario
from tests.conftest import ROOT
from trainer.script import load_script, reference_problems

GUIDE = ROOT / "docs" / "authoring-guide.md"
REFERENCE = ROOT / "docs" / "scenario-reference.md"
BLOCK = re.compile(r'^```yaml(?: title="(?P<title>[^"]+)")?\n(?P<body>.*?)^```$', re.MULTILINE | re.DOTALL)


def blocks() -> list[tuple[str | None, str]]:
    return [(m["title"], m["body"]) for m in BLOCK.finditer(GUIDE.read_text(encoding="utf-8"))]


def merged(base: Any, piece: Any) -> Any:
    if isinstance(base, dict) and isinstance(piece, dict):
        out = dict(base)
        for key, value in piece.items():
            out[key] = merged(base[key], value) if key in base else copy.deepcopy(value)
        return out
    return copy.deepcopy(piece)


def test_the_guide_has_complete_examples_of_both_kinds() -> None:
    titled = [title for title, _ in blocks() if title]
    assert len(titled) >= 4
    bodies = "\n".join(body for _, body in blocks())
    for section in ("variants:", "drill:", "knowledge:", "mentions:", "steps:", "extends:"):
        assert section in bodies, f"no example shows {section}"


def test_every_yaml_example_in_the_guide_is_valid(tmp_path: Path) -> None:
    state: dict[str, Any] | None = None
    pieces_since_file = 0
    drill_file: Path | None = None
    checked = 0
    for index, (title, body) in enumerate(blocks()):
        data = yaml.safe_load(body)
        assert isinstance(data, dict), f"block {index} ({title or 'untitled'}) is not a mapping"
        if title is None:
            assert state is not None, f"block {index} is a piece with no complete file before it"
            state = merged(state, data)
            piece = tmp_path / f"piece-{index}.yaml"
            piece.write_text(yaml.safe_dump(state, sort_keys=False), encoding="utf-8")
            load_scenario(piece)
            pieces_since_file += 1
        elif "steps" in data:
            path = tmp_path / title
            path.write_text(body, encoding="utf-8")
            assert drill_file is not None, f"script {title} comes before any drill"
            drill = load_scenario(drill_file).drill
            assert drill is not None
            assert reference_problems(load_script(path), drill) == []
        else:
            path = tmp_path / title
            path.write_text(body, encoding="utf-8")
            scenario = load_scenario(path)
            if pieces_since_file:
                assert data == state, f"{title} is not what the pieces before it built"
            if scenario.drill is not None:
                drill_file = path
            state, pieces_since_file = data, 0
        checked += 1
    assert checked == len(blocks()) and checked >= 8


def test_the_guide_links_to_sections_that_exist() -> None:
    anchors = {
        heading.strip().lower().replace(" ", "-")
        for heading in re.findall(r"^#+ (.+)$", REFERENCE.read_text(encoding="utf-8"), re.MULTILINE)
    }
    links = re.findall(r"\(scenario-reference\.md#([a-z0-9-]+)\)", GUIDE.read_text(encoding="utf-8"))
    assert len(set(links)) >= 15, "link the reference for the fields the guide uses"
    missing = sorted(set(links) - anchors)
    assert not missing, f"no such section in scenario-reference.md: {missing}"


@pytest.mark.parametrize("anchor", re.findall(r"\]\(#([a-z0-9-]+)\)", GUIDE.read_text(encoding="utf-8")))
def test_the_guide_links_within_itself(anchor: str) -> None:
    headings = re.findall(r"^#+ (.+)$", GUIDE.read_text(encoding="utf-8"), re.MULTILINE)
    slugs = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in headings}
    assert anchor in slugs
