"""The `drill:` block of a scenario: what it accepts, and located errors for what it does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.scenarios import ScenarioError, load_scenario
from sim.scenarios.drill import match_pattern
from sim.scenarios.schema import scenario_json_schema
from trainer.rubric import CRITERIA

from .helpers import SMALL


def problems(tmp_path: Path, old: str, new: str) -> list[str]:
    path = tmp_path / "drill.yaml"
    path.write_text(SMALL.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return [str(p).split(": ", 1)[1] for p in caught.value.problems]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("facts: [press-contact]", "facts: [press]",
         "drill.mentions.0.expect.facts.0: unknown knowledge entry 'press'"),
        ("facts: [press-contact]", "facts: [late-policy]",
         "drill.mentions.0.expect.facts.0: entry 'late-policy' has no `match` to check a reply against"),
        ("remedy: late-policy, respond", "remedy: official, respond",
         "drill.mentions.3.expect.remedy: 'official' is not a policy entry (late-policy)"),
        ("escalate_to: orders", "escalate_to: legal", "drill.mentions.2.expect.escalate_to: unknown team 'legal'"),
        ("tips: {facts:", "tips: {fatcs:", "drill.mentions.0.expect.tips.fatcs: unknown key 'fatcs' (did you mean 'facts'?)"),
        ('match: ["@AcmeHelp"]', 'match: ["/(unclosed/"]', "is not a valid regular expression"),
        ("- id: h1\n      at: 2m", "- id: h1\n      at: 2h", "drill.mentions.1.at: arrives after the drill ends"),
        ("- id: h1", "- id: q1", "drill.mentions.1: 'q1' is listed twice"),
        ("[{when: answered, mute: true}]", "[{on: answered, mute: true}]", "drill.mentions.1.reactions.0.when: missing"),
        ("kind: spam", "kind: spam\n      expect: {actions: [ignore, reply]}",
         "drill.mentions.6.expect.actions: `ignore` cannot be combined with other actions"),
        ("match: \"/\\\\bvoucher\\\\b/\", text:", "text:", "a `reply_matches` reaction needs both `match` and `text`"),
        ("max_compensation: 10", "max_compensation: 10}\n    - {id: x, title: X, text: x, max_compensation: 5",
         "drill.knowledge.5.max_compensation: only `policy` entries carry a compensation limit"),
    ],
)  # fmt: skip
def test_located_problems(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert any(expected in p for p in problems(tmp_path, old, new)), problems(tmp_path, old, new)


def test_defaults_fill_in_expectations() -> None:
    drill = load_scenario(SMALL).drill
    assert drill is not None
    by_id = {m.id: m for m in drill.mentions}
    assert by_id["t1"].expected_actions == ["ignore"]
    assert by_id["q1"].expected_actions == ["reply"]
    assert drill.target_for(by_id["q1"]) == 10.0
    assert drill.target_for(by_id["p1"]) == 60.0


def test_match_is_literal_unless_slashed() -> None:
    assert match_pattern("a.b@x.example").search("A.B@X.EXAMPLE")
    assert not match_pattern("a.b").search("axb")
    assert match_pattern("/a.b/").search("axb")


def test_tips_are_keyed_by_the_rubrics_criteria() -> None:
    schema = scenario_json_schema()
    keys = schema["$defs"]["Expectation"]["properties"]["tips"]["propertyNames"]["enum"]
    assert set(keys) == {c.id for c in CRITERIA}
