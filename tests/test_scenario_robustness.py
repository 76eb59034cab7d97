"""Each input that once crashed the loader or broke a run later, refused with a located line and exit 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from sim.cli.main import app
from sim.scenarios import ScenarioError, load_scenario

from .helpers import MINIMAL

LOCATED = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<column>\d+): (?P<rest>[^\n]+)$")


def _with(value: str, key: str = "  volume_per_day:") -> str:
    """MINIMAL with the value of one line replaced by `value` (the line keeps its key and indent)."""
    lines = MINIMAL.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(key))
    lines[index] = f"{key} {value}"
    return "\n".join(lines) + "\n"


def _start(value: str) -> str:
    return MINIMAL.replace("  title: Tiny\n", f"  title: Tiny\n  start: {value}\n")


def _zone(value: str) -> str:
    return MINIMAL.replace("    timezone: Europe/London\ntraffic", f"    timezone: {value}\ntraffic")


CASES = {
    "deep list": (_with("[" * 5000 + "]" * 5000), "nest more than 40 deep"),
    "deep mapping": (_with("{a: " * 300 + "1" + "}" * 300), "nest more than 40 deep"),
    "self-referencing alias": (_with("&r [*r]"), "refers to the list or mapping it is written in"),
    "self-referencing mapping": (_with("&r {a: *r}"), "refers to the list or mapping it is written in"),
    "merge of itself": (_with("&m {<<: *m}"), "got a mapping (expected a number)"),
    "30 February": (_start("2026-02-30"), "cannot read '2026-02-30' as a YAML timestamp"),
    "offset beyond a day": (_start("2026-03-02T00:00:00+25:00"), "as a YAML timestamp"),
    "float tag on nothing": (_with("!!float ._"), "cannot read '._' as a YAML float"),
    "hex without digits": (_with("!!int 0x_"), "as a YAML int"),
    "bool tag on a word": (_with("!!bool maybe"), "cannot read 'maybe' as a YAML bool"),
    "NUL in extends": ('extends: "a\\0b.yaml"\n' + MINIMAL, "is not a file path"),
    "long extends": (f"extends: {'x' * 300}.yaml\n" + MINIMAL, "is not a file path"),
    "extends /etc/shadow": ("extends: /etc/shadow\n" + MINIMAL, "is not a scenario file"),
    "extends ../../etc/passwd": ("extends: ../../etc/passwd\n" + MINIMAL, "is not a scenario file"),
    "extends outside the folder": ("extends: ../../base.yaml\n" + MINIMAL, "outside the folder"),
    "forged located line": (_zone('"x\\n@regions.0.share: forged"'), "is not a known time zone"),
    "lone surrogate": (MINIMAL.replace("Tiny Co", '"\\ud800"'), "lone surrogate"),
    "zone folder Europe": (_zone("Europe"), "'Europe' is not a known time zone"),
    "zone folder Etc": (_zone("Etc"), "'Etc' is not a known time zone"),
    "zone outside the database": (_zone("../../../etc/passwd"), "is not a known time zone"),
    "control character": (MINIMAL.replace("Tiny Co", "Tiny\x1fCo"), "control character U+001F"),
    "NaN volume": (_with(".nan"), "a finite number"),
    "infinite volume": (_with(".inf"), "a finite number"),
    "NaN in a daily curve": (
        MINIMAL.replace("    timezone: Europe/London\ntraffic", "    timezone: Europe/London\n    curve: ["
                        + ", ".join(["1"] * 23 + [".nan"]) + "]\ntraffic"),
        "a finite number",
    ),
    "sub-second duration": (MINIMAL.replace("  title: Tiny\n", "  title: Tiny\n  duration: 0.001s\n"),
                            "shorter than a second"),
    "huge duration": (MINIMAL.replace("  title: Tiny\n", "  title: Tiny\n  duration: 99999999999999999999w\n"),
                      "too long"),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_named_inputs_are_refused_with_a_located_line(name: str, tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True)
    (tmp_path / "base.yaml").write_text(MINIMAL, encoding="utf-8")
    path = folder / "scenario.yaml"
    text, fragment = CASES[name]
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    lines = [str(problem) for problem in caught.value.problems]
    assert any(fragment in line for line in lines), lines
    for line in lines:
        match = LOCATED.match(line)
        assert match and match["file"] == str(path), line
        assert "forged" not in line or "\\n@regions" in line, line
        assert "root:" not in line  # nothing of a foreign file is echoed


def test_a_bad_file_exits_2_with_its_problems_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text(_with("&r [*r]"), encoding="utf-8")
    for command in (["scenario", "validate"], ["scenario", "show"], ["run"]):
        result = CliRunner().invoke(app, [*command, str(path)])
        assert result.exit_code == 2, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert f"{path}:10:19: an alias refers to" in result.output


def test_a_self_referencing_set_value_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(ScenarioError, match="refers to the list or mapping it is written in"):
        load_scenario(path, ["traffic.weekly=&r [*r]"])


def test_extends_outside_the_folder_is_followed_when_allowed(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    child = tmp_path / "sub" / "child.yaml"
    child.write_text("extends: ../base.yaml\nmeta:\n  title: Child\n", encoding="utf-8")
    assert load_scenario(child, extends_anywhere=True).meta.title == "Child"


def test_a_large_document_is_refused_while_it_is_read(tmp_path: Path) -> None:
    # 4 MB of values: refused by the value budget as PyYAML composes, not after building the whole tree.
    path = tmp_path / "scenario.yaml"
    path.write_text("values: [" + "1, " * 1_300_000 + "1]\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="holds more than 200,000 values"):
        load_scenario(path)


@pytest.mark.parametrize(
    ("pattern", "accepted"),
    [("/^(a+)+$/", False), ("/(x*)*y/", False), ("/((ab)+c?)+/", False), ("/(\\w+\\s?)*$/", False),
     ("/refund(ed)?/", True), ("/(a|b)+c/", True), ("/\\d{3}-\\d{4}/", True), ("(a+)+", True)],
)  # fmt: skip
def test_drill_patterns_that_backtrack_for_ever_are_refused(pattern: str, accepted: bool) -> None:
    from sim.scenarios.drill import match_pattern

    if accepted:
        match_pattern(pattern)
    else:
        with pytest.raises(ValueError, match="repeats a repetition"):
            match_pattern(pattern)


@pytest.mark.slow
def test_a_desk_of_more_than_8192_regions_counts_every_region(tmp_path: Path) -> None:
    """Region labels times the four outcomes once overflowed 16-bit integers from the 8,192nd region on."""
    from sim.engine import simulate

    regions = [
        {"name": f"r{i}", "timezone": "UTC", "curve": "flat", "volume_per_day": 2} for i in range(8300)
    ]
    path = tmp_path / "many.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "meta": {"id": "many", "title": "Many regions", "duration": "1d"},
                "brand": {"name": "B"},
                "regions": regions,
                "traffic": {"mix": {"question": 1.0}, "untagged_share": 0.0},
                "viral": {"enabled": False},
                "staffing": {
                    "teams": [
                        {
                            "name": "desk",
                            "timezone": "UTC",
                            "shifts": [{"start": "00:00", "end": "24:00", "agents": 60}],
                        }
                    ]
                },
            }
        ),
        encoding="utf-8",
    )
    summary = simulate(load_scenario(path), 0).summary
    assert sum(f.mentions for f in summary.by_region.values()) == summary.overall.mentions
    assert sum(f.mentions for name, f in summary.by_region.items() if int(name[1:]) >= 8192) > 100


def test_more_regions_than_the_engine_can_label_are_refused(tmp_path: Path) -> None:
    text = "meta: {id: x, title: x}\nbrand: {name: B}\nregions:\n" + "  - {name: r, timezone: UTC}\n" * 10_001
    path = tmp_path / "huge.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match="regions"):
        load_scenario(path)
