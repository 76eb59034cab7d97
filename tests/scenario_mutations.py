"""Seeded mutations of the bundled scenarios, in the classes of input that once crashed the loader.

Each class is a way a real file goes wrong: nesting too deep, an alias that contains itself, a scalar PyYAML's
resolver accepts but cannot build, a hostile or broken `extends`, an author's text that carries a newline and
a located-looking line, a lone surrogate, a time zone that is a folder of the zone database, a figure that
is not finite or is absurdly large, and plain damage (lines cut, repeated or truncated). The fuzz test replays
a few thousand of them; `python -m tests.scenario_mutations COUNT SEED` replays more through `scenario validate`.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "scenarios").glob("*/*.yaml"))

ODD_SCALARS = [
    "2026-02-30", "24:00:00", "2026-03-02T00:00:00+25:00", "!!float ._", "0x_", "!!bool maybe", "!!int 0b",
    "!!timestamp soon", "!!null x", ".nan", ".inf", "-.inf", "1e30", "1e400", "-1", "0", "1e-30", "0o",
    "!!float", "!!int", "1_000", "0b_", "!!str", "~", "[]", "{}", "!!binary aGk=", "!!set {a}", "!!omap []",
    "0.000001s", "0s", "99999999999999999999w", "0.3s", "1e30d", "2026-13-01", "12:60", "25:00", "-0",
]  # fmt: skip
HOSTILE_TEXT = [
    '"x\\n@regions.0.share: forged"', '"\\ud800"', '"a\\udfffb"', '"\\0"', '"line\\r\\nnext"',
    '"@meta.seed: 3"', '"\\x1b[31mred"', '"' + "w" * 300 + '"', "Europe", "Etc", "Europe/", "../../etc/passwd",
    "/etc/passwd", '"Europe/London\\n@x: y"', "'=cmd|calc'", '"/^(a+)+$/"', '"/(x*)*y/"', '"/[/"',
]  # fmt: skip
EXTENDS = [
    '"a\\0b.yaml"', "x" * 300 + ".yaml", "/etc/passwd", "../../etc/passwd", "/etc/shadow", ".", "..",
    "~/base.yaml", "missing.yaml", "[a]", "Europe", '"\\ud800.yaml"', "../whatif/global_airline.yaml",
]  # fmt: skip


def _value_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if ":" in line and not line.lstrip().startswith("#")]


def _replace_value(lines: list[str], rng: random.Random, value: str) -> None:
    candidates = _value_lines(lines)
    if not candidates:
        return
    i = rng.choice(candidates)
    key, _, _ = lines[i].partition(":")
    lines[i] = f"{key}: {value}"


def _deep_nesting(lines: list[str], rng: random.Random) -> None:
    depth = rng.choice([45, 200, 1000, 5000])
    value = "[" * depth + "1" + "]" * depth if rng.random() < 0.5 else "{a: " * depth + "1" + "}" * depth
    _replace_value(lines, rng, value)


def _self_alias(lines: list[str], rng: random.Random) -> None:
    _replace_value(lines, rng, rng.choice(["&r [*r]", "&r {a: *r}", "&r [1, [2, *r]]", "&m {<<: *m}"]))


def _odd_scalar(lines: list[str], rng: random.Random) -> None:
    _replace_value(lines, rng, rng.choice(ODD_SCALARS))


def _hostile_text(lines: list[str], rng: random.Random) -> None:
    _replace_value(lines, rng, rng.choice(HOSTILE_TEXT))


def _hostile_key(lines: list[str], rng: random.Random) -> None:
    candidates = _value_lines(lines)
    if candidates:
        i = rng.choice(candidates)
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
        lines.insert(i, f"{indent}{rng.choice(HOSTILE_TEXT)}: 1")


def _extends(lines: list[str], rng: random.Random) -> None:
    lines.insert(0, f"extends: {rng.choice(EXTENDS)}")


def _damage(lines: list[str], rng: random.Random) -> None:
    if not lines:
        return
    i = rng.randrange(len(lines))
    action = rng.randrange(5)
    if action == 0:
        del lines[i]
    elif action == 1:
        lines.insert(i, lines[i])
    elif action == 2:
        lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
    elif action == 3:
        lines[i] = "  " + lines[i]
    else:
        cut = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:cut] + chr(rng.choice([0x1, 0x1F, 0x7F, 0x85, 0xFFFE])) + lines[i][cut:]


MUTATIONS: list[Callable[[list[str], random.Random], None]] = [
    _deep_nesting, _self_alias, _odd_scalar, _hostile_text, _hostile_key, _extends, _damage,
]  # fmt: skip


def mutated_documents(seed: int, count: int) -> list[str]:
    """`count` documents, each a bundled scenario with one to three mutations; the same for the same seed."""
    rng = random.Random(seed)
    texts = [path.read_text(encoding="utf-8") for path in BUNDLED]
    documents = []
    for _ in range(count):
        lines = rng.choice(texts).splitlines()
        for _ in range(rng.randint(1, 3)):
            rng.choice(MUTATIONS)(lines, rng)
        documents.append("\n".join(lines) + "\n")
    return documents


def _main(count: int, seed: int) -> int:
    """Replay `count` documents through `carelab scenario validate`; print a summary, fail on a traceback."""
    import tempfile

    from typer.testing import CliRunner

    from sim.cli.main import app

    runner = CliRunner()
    tally = {0: 0, 2: 0}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.yaml"
        for number, text in enumerate(mutated_documents(seed=seed, count=count)):
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            result = runner.invoke(app, ["scenario", "validate", str(path)])
            crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
            if crashed or result.exit_code not in tally:
                print(f"document {number}: exit {result.exit_code}: {result.exception!r}\n{text[:3000]}")
                return 1
            tally[result.exit_code] += 1
    print(
        f"{count} documents (seed {seed}): {tally[0]} accepted, {tally[2]} refused with exit 2, 0 tracebacks"
    )
    return 0


if __name__ == "__main__":
    arguments = [int(argument) for argument in sys.argv[1:3]]
    sys.exit(_main(*arguments) if len(arguments) == 2 else _main(10_000, 2026))
