"""Loading scenario files: every problem reported as FILE:LINE:COL: field.path: message, all at once."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from sim.scenarios import ScenarioError, apply_variant, load_scenario, with_values

from .helpers import MINIMAL

WriteYaml = Callable[..., Path]

SHAPE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<rest>.+)$")


def problems(path: Path, overrides: tuple[str, ...] = ()) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path, overrides)
    lines = [str(p) for p in caught.value.problems]
    for line in lines:
        assert SHAPE.match(line), line
    return lines


def test_minimal_scenario_loads_with_defaults(write_yaml: WriteYaml) -> None:
    scenario = load_scenario(write_yaml(MINIMAL))
    assert scenario.meta.duration == 7 * 1440
    assert scenario.staffing is not None
    assert scenario.staffing.teams[0].shifts[0].start == 540.0
    assert scenario.policies.coverage.mode == "24x7"
    assert scenario.region_volumes() == {"UK": 100.0}


def test_every_problem_is_reported_with_file_line_column_and_path(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        MINIMAL.replace("  title: Tiny\n", "  title: Tiny\n  duraton: 7d\n")
        .replace("volume_per_day: 100", "volume_per_day: -5")
        .replace("agents: 2", "agents: two")
    )
    assert problems(path) == [
        f"{path}:4:3: meta.duraton: unknown key 'duraton' (did you mean 'duration'?)",
        f"{path}:11:19: traffic.volume_per_day: got -5 (expected a number at least 0)",
        f"{path}:17:65: staffing.teams.0.shifts.0.agents: got 'two' (expected a whole number)",
    ]


def test_missing_field_names_what_was_expected(write_yaml: WriteYaml) -> None:
    path = write_yaml(MINIMAL.replace("  title: Tiny\n", ""))
    [line] = problems(path)
    assert line.startswith(f"{path}:1:1: meta.title: missing required field (expected 'title': One line")


def test_unknown_key_without_a_close_match_lists_the_keys(write_yaml: WriteYaml) -> None:
    path = write_yaml(MINIMAL.replace("brand:\n", "brand:\n  zzz: 1\n"))
    [line] = problems(path)
    assert line == f"{path}:5:3: brand.zzz: unknown key 'zzz' (expected one of: name, industry, handles)"


def test_wrong_choice_lists_the_choices(write_yaml: WriteYaml) -> None:
    path = write_yaml(MINIMAL + "policies:\n  triage: {policy: loudest-first}\n")
    [line] = problems(path)
    assert line == (
        f"{path}:18:20: policies.triage.policy: 'loudest-first' is not allowed "
        "(expected one of: fifo, urgency-first, influence-first, deadline-first)"
    )


def test_misspelt_kind_in_a_mix_gets_a_suggestion(write_yaml: WriteYaml) -> None:
    path = write_yaml(MINIMAL + "  mix: {complaint: 0.5, compliant: 0.5}\n")
    path.write_text(
        MINIMAL.replace("volume_per_day: 100", "volume_per_day: 100\n  mix: {complaint: 0.5, compliant: 0.5}")
    )
    [line] = problems(path)
    assert line == f"{path}:11:25: traffic.mix.compliant: unknown key 'compliant' (did you mean 'complaint'?)"


def test_shares_must_sum_to_one(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        MINIMAL.replace("volume_per_day: 100", "volume_per_day: 100\n  mix: {complaint: 0.5, praise: 0.4}")
    )
    [line] = problems(path)
    assert line == f"{path}:11:3: traffic.mix: shares must sum to 1 (these sum to 0.9)"


def test_cross_field_problems_point_at_their_own_lines(write_yaml: WriteYaml) -> None:
    text = MINIMAL.replace(
        "regions:\n  - name: UK\n    timezone: Europe/London\n",
        "regions:\n  - {name: UK, timezone: Europe/London, share: 0.5}\n"
        "  - {name: UK, timezone: Asia/Kolkata, share: 0.2}\n",
    )
    path = write_yaml(text + "policies:\n  escalation: {team: backroom}\n")
    assert problems(path) == [
        f"{path}:6:1: regions: shares must sum to 1 (they sum to 0.7)",
        f"{path}:8:12: regions.1.name: region 'UK' is listed twice",
        f"{path}:18:22: policies.escalation.team: unknown team 'backroom' (teams: uk)",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty file (expected a mapping with sections like meta:, brand:, regions:)"),
        ("# only a comment\n", "empty file (expected a mapping with sections like meta:, brand:, regions:)"),
        ("- a\n- b\n", "the top level is a list (expected a mapping with sections like meta:, brand:, regions:)"),
        ("just words\n", "the top level is a single value (expected a mapping"),
        ("meta: {id: x\n", "YAML syntax error:"),
        ("a: 1\na: 2\n", "duplicate key 'a' (first at line 1)"),
        ("a: !!python/object/apply:os.system ['echo hi']\n", "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
        ("a: 1\n---\nb: 2\n", "YAML syntax error:"),
        ("? [a, b]\n: 1\n", "a key must be a plain word or text"),
    ],
)  # fmt: skip
def test_malformed_files_get_a_one_line_refusal(write_yaml: WriteYaml, text: str, message: str) -> None:
    path = write_yaml(text)
    [line] = problems(path)
    assert message in line
    assert line.startswith(f"{path}:")


def test_alias_bomb_is_refused_quickly(write_yaml: WriteYaml) -> None:
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    [line] = problems(write_yaml("\n".join(levels) + "\n"))
    assert "expands to more than 200,000 values" in line


def test_huge_binary_and_missing_files_are_refused(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(100 * 2**20)
    assert problems(huge) == [f"{huge}:1:1: file is 104.9 MB (a scenario is at most 5 MB of text)"]
    binary = tmp_path / "image.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert problems(binary) == [f"{binary}:1:1: binary file (expected a YAML text file)"]
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: caf\xe9\n".encode("latin-1"))
    assert problems(latin) == [f"{latin}:1:1: not UTF-8 text (byte 9 cannot be decoded)"]
    assert problems(tmp_path / "nope.yaml") == [f"{tmp_path / 'nope.yaml'}:1:1: no such file"]
    assert problems(tmp_path) == [f"{tmp_path}:1:1: is a folder (expected a .yaml scenario file)"]


def test_set_overrides_are_typed_by_the_model(write_yaml: WriteYaml) -> None:
    path = write_yaml(MINIMAL)
    scenario = load_scenario(
        path,
        ["staffing.teams.uk.shifts.0.agents=5", "meta.duration=2d", "traffic.weekly=[1,1,1,1,1,0.5,0.5]"],
    )
    assert scenario.staffing is not None
    assert scenario.staffing.teams[0].shifts[0].agents == 5
    assert scenario.meta.duration == 2880.0
    assert scenario.traffic.weekly[5] == 0.5


def test_bad_set_overrides_point_at_the_option(write_yaml: WriteYaml) -> None:
    path = write_yaml(MINIMAL)
    assert problems(path, ("staffing.teams.0.shifts.0.agents=many",)) == [
        "--set staffing.teams.0.shifts.0.agents=many:1:1: staffing.teams.0.shifts.0.agents: "
        "got 'many' (expected a whole number)"
    ]
    assert problems(path, ("staffing.teams.eu.concurrency=2", "seed")) == [
        "--set staffing.teams.eu.concurrency=2:1:1: staffing.teams has no item named 'eu' (names: uk; or use an index)",
        "--set seed:1:1: 'seed' is not an assignment (expected path=value, e.g. meta.seed=7)",
    ]


def test_extends_merges_sections_and_locates_errors_in_each_file(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(MINIMAL)
    child = tmp_path / "child.yaml"
    child.write_text("extends: base.yaml\nmeta:\n  title: Child\ntraffic:\n  untagged_share: 2\n")
    [line] = problems(child)
    assert line == f"{child}:5:19: traffic.untagged_share: got 2 (expected a number at most 1)"
    child.write_text("extends: base.yaml\nmeta:\n  title: Child\n")
    scenario = load_scenario(child)
    assert (scenario.meta.title, scenario.meta.id, scenario.traffic.volume_per_day) == ("Child", "tiny", 100)
    base.write_text(MINIMAL.replace("volume_per_day: 100", "volume_per_day: lots"))
    [line] = problems(child)
    assert line.startswith(f"{base}:10:19: traffic.volume_per_day: got 'lots'")


def test_extends_cycles_and_missing_bases_are_clear(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("extends: b.yaml\n")
    b.write_text("extends: a.yaml\n")
    [line] = problems(a)
    assert line == f"{b}:1:10: extends: extends itself: a.yaml -> b.yaml -> a.yaml"
    a.write_text("extends: missing.yaml\n")
    [line] = problems(a)
    assert "extends: no such file:" in line


def test_variants_are_validated_where_they_are_written(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        MINIMAL
        + "variants:\n  nights:\n    set:\n      policies.coverage.mode: nightly\n"
        + "      staffing.teams.eu.concurrency: 2\n"
    )
    assert problems(path) == [
        f"{path}:21:7: variants.nights.set.staffing.teams.eu.concurrency: "
        "staffing.teams has no item named 'eu' (names: uk; or use an index)",
    ]
    path.write_text(MINIMAL + "variants:\n  nights:\n    set:\n      policies.coverage.mode: nightly\n")
    assert problems(path) == [
        f"{path}:20:31: policies.coverage.mode: 'nightly' is not allowed "
        "(expected one of: 24x7, business_hours, follow_the_sun) (in variant 'nights')"
    ]


def test_apply_variant_and_with_values(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        MINIMAL + "variants:\n  hours:\n    description: Office hours only\n"
        "    set: {policies.coverage.mode: business_hours, policies.coverage.after_hours_notice: true}\n"
    )
    scenario = load_scenario(path)
    variant = apply_variant(scenario, "hours")
    assert variant.policies.coverage.mode == "business_hours"
    assert variant.policies.coverage.after_hours_notice
    assert variant.meta == scenario.meta
    changed = with_values(scenario, {"staffing.teams.uk.concurrency": 3}, "sweep")
    assert changed.staffing is not None and changed.staffing.teams[0].concurrency == 3
    with pytest.raises(ScenarioError, match="no variant named 'nope' \\(variants: hours\\)"):
        apply_variant(scenario, "nope")


def test_dumped_scenarios_load_back_identically(write_yaml: WriteYaml) -> None:
    import yaml

    scenario = load_scenario(Path(__file__).parent.parent / "scenarios/validation/stationary.yaml")
    dumped = yaml.safe_dump(scenario.model_dump(mode="json", exclude_none=True))
    assert load_scenario(write_yaml(dumped, "again.yaml")) == scenario
