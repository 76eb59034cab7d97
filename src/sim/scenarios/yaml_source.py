"""Reading scenario YAML safely, keeping the line and column of every value.

PyYAML's `safe_load` forgets where values came from, so validation errors could not point at a line. Here the
document is composed into nodes and turned into plain data by hand, building a parallel tree of locations
(`Loc`) on the way. Doing the construction ourselves also lets us refuse what a shared scenario file must
never do: carry Python tags, expand an alias bomb, repeat a key, or be a binary or enormous file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sim.scenarios.problems import Mark, ScenarioError

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_VALUES = 200_000
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass
class Loc:
    """Where a value (and, inside a mapping, its key) was written, with the locations of its children."""

    mark: Mark
    key_mark: Mark | None = None
    children: dict[Any, Loc] | list[Loc] = field(default_factory=dict)

    def child(self, part: Any) -> Loc | None:
        """The location of a child by key or index, if it was written."""
        if isinstance(self.children, dict):
            return self.children.get(part)
        if isinstance(part, int) and 0 <= part < len(self.children):
            return self.children[part]
        return None


@dataclass
class Document:
    """Plain data from a YAML mapping plus where each value was written."""

    data: dict[str, Any]
    loc: Loc


def read_document(path: Path) -> Document:
    """Read and parse one scenario file, refusing anything that is not a small text mapping."""
    source = str(path)
    if not path.exists():
        raise ScenarioError.single(source, "no such file")
    if path.is_dir():
        raise ScenarioError.single(source, "is a folder (expected a .yaml scenario file)")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ScenarioError.single(
            source,
            f"file is {size / 1e6:.1f} MB (a scenario is at most {MAX_FILE_BYTES // 2**20} MB of text)",
        )
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise ScenarioError.single(source, "binary file (expected a YAML text file)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError.single(source, f"not UTF-8 text (byte {exc.start} cannot be decoded)") from None
    return parse_document(text, source)


def parse_document(text: str, source: str) -> Document:
    """Parse YAML text into a `Document`; `source` names it in error messages."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise ScenarioError.single(source, f"YAML syntax error: {what}", line, column) from None
    except yaml.YAMLError as exc:
        raise ScenarioError.single(source, f"YAML syntax error: {exc}") from None
    if node is None:
        raise ScenarioError.single(
            source, "empty file (expected a mapping with sections like meta:, brand:, regions:)"
        )
    if not isinstance(node, MappingNode):
        found = "a list" if isinstance(node, SequenceNode) else "a single value"
        raise ScenarioError.single(
            source,
            f"the top level is {found} (expected a mapping with sections like meta:, brand:, regions:)",
            *_position(node),
        )
    data, loc = _Builder(source).build(node)
    return Document(data, loc)


def parse_value(text: str, source: str) -> Any:
    """Parse the value half of `--set path=value` as YAML, so `5` is a number and `[a, b]` a list."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return text
    if node is None:
        return None
    return _Builder(source).build(node)[0]


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns nodes into plain data and `Loc`s, with a budget on expanded values against alias bombs."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.budget = MAX_VALUES
        self.loader = yaml.SafeLoader("")

    def mark(self, node: Node) -> Mark:
        return Mark(self.source, *_position(node))

    def refuse(self, node: Node, message: str) -> ScenarioError:
        return ScenarioError.single(self.source, message, *_position(node))

    def build(self, node: Node) -> tuple[Any, Loc]:
        self.budget -= 1
        if self.budget < 0:
            raise self.refuse(
                node,
                f"the document expands to more than {MAX_VALUES:,} values "
                "(aliases repeated inside aliases?); scenarios are small",
            )
        if isinstance(node, ScalarNode):
            return self.scalar(node), Loc(self.mark(node))
        if isinstance(node, SequenceNode):
            self.expect_tag(node, f"{_STD}seq")
            items = [self.build(item) for item in node.value]
            return [d for d, _ in items], Loc(self.mark(node), children=[loc for _, loc in items])
        if isinstance(node, MappingNode):
            return self.mapping(node)
        raise self.refuse(node, "unsupported YAML node")

    def mapping(self, node: MappingNode) -> tuple[dict[Any, Any], Loc]:
        self.expect_tag(node, f"{_STD}map")
        try:
            self.loader.flatten_mapping(node)  # resolves `<<: *base` merge keys
        except yaml.MarkedYAMLError as exc:
            raise self.refuse(node, f"bad merge key: {exc.problem}") from None
        data: dict[Any, Any] = {}
        loc = Loc(self.mark(node))
        children: dict[Any, Loc] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.refuse(key_node, "a key must be a plain word or text, not a list or mapping")
            key = self.scalar(key_node)
            if key in children:
                first = children[key].key_mark
                where = f" (first at line {first.line})" if first else ""
                raise self.refuse(key_node, f"duplicate key '{key}'{where}")
            value, child = self.build(value_node)
            child.key_mark = self.mark(key_node)
            data[key] = value
            children[key] = child
        loc.children = children
        return data, loc

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self.refuse(node, f"tag '{node.tag}' is not allowed (scenarios are plain YAML data)")
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise self.refuse(node, f"cannot read value: {exc}") from None

    def expect_tag(self, node: Node, tag: str) -> None:
        if node.tag != tag:
            raise self.refuse(node, f"tag '{node.tag}' is not allowed (scenarios are plain YAML data)")
