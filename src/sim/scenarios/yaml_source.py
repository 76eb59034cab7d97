"""Reading scenario YAML safely, keeping the line and column of every value.

PyYAML's `safe_load` forgets where values came from, so validation errors could not point at a line. Here the
document is composed into nodes and turned into plain data by hand, building a parallel tree of locations
(`Loc`) on the way. Doing the construction ourselves also lets us refuse what a shared scenario file must
never do: carry Python tags, expand an alias bomb, repeat a key, or be a binary or enormous file.

The budgets (nesting depth, number of values) are enforced while PyYAML composes the document, in a loader
whose `compose_node` counts, because PyYAML's composer recurses once per level of nesting: a document nested
thousands deep would otherwise raise RecursionError before any check of ours could run, and a large document
would build its whole tree before the value budget could refuse it. PyYAML has no such option of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sim.scenarios.problems import Mark, ScenarioError, quoted

MAX_FILE_BYTES = 5 * 1024 * 1024
"""The largest scenario file read (the bundled ones are under 10 kB; assumed generous)."""
MAX_VALUES = 200_000
"""The most values a document may hold once aliases are expanded (bundled ones hold under 2,000; assumed)."""
MAX_DEPTH = 40
"""The deepest nesting of lists and mappings (bundled scenarios nest 6 deep; assumed generous)."""
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
    try:
        raw = _read_bytes(path, source)
    except OSError as exc:
        raise ScenarioError.single(source, f"cannot read the file: {exc.strerror or exc}") from None
    if b"\x00" in raw:
        raise ScenarioError.single(source, "binary file (expected a YAML text file)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError.single(source, f"not UTF-8 text (byte {exc.start} cannot be decoded)") from None
    return parse_document(text, source)


def _read_bytes(path: Path, source: str) -> bytes:
    """The file's bytes, refusing folders and files too large to be a scenario before reading them."""
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
    with path.open("rb") as stream:
        return stream.read(MAX_FILE_BYTES + 1)


def parse_document(text: str, source: str) -> Document:
    """Parse YAML text into a `Document`; `source` names it in error messages."""
    node = _compose(text, source)
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
    """Parse the value half of `--set path=value` as YAML, so `5` is a number and `[a, b]` a list.

    Text that is not YAML is taken as the text itself; a value that breaks a budget is refused.
    """
    try:
        node = _compose(text, source)
    except ScenarioError as error:
        if error.problems[0].message.startswith("YAML syntax error"):
            return text
        raise
    if node is None:
        return None
    return _Builder(source).build(node)[0]


def _compose(text: str, source: str) -> Node | None:
    """Compose YAML text into nodes within the budgets; every PyYAML error becomes a located problem."""
    if len(text) > MAX_FILE_BYTES:
        raise ScenarioError.single(source, f"text is over {MAX_FILE_BYTES // 2**20} MB (scenarios are small)")
    loader = None
    try:
        loader = _GuardedLoader(text, source)  # PyYAML's reader refuses control characters right here
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        if "${" in "".join(text.splitlines()[line - 1 : line]):
            what += ' (a drill variable inside {...} or [...] must be quoted: "${name}")'
        raise ScenarioError.single(source, f"YAML syntax error: {what}", line, column) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - before.rfind("\n")
        message = f"control character U+{exc.character:04X} is not allowed in YAML text"
        raise ScenarioError.single(source, message, line, column) from None
    except yaml.YAMLError as exc:
        raise ScenarioError.single(source, f"YAML syntax error: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()


class _GuardedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with the nesting and value budgets checked as each node is composed."""

    def __init__(self, text: str, source: str) -> None:
        super().__init__(text)
        self.source = source
        self.depth = 0
        self.nodes = 0

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:
        """Refuse `[[[[...` as the scanner meets it: its cost grows with the square of the flow depth."""
        if self.flow_level >= MAX_DEPTH:
            message = f"lists and mappings nest more than {MAX_DEPTH} deep"
            raise _refusal(self.source, self.get_mark(), message)
        super().fetch_flow_collection_start(TokenClass)

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        self.nodes += 1
        if self.nodes > MAX_VALUES:
            raise _refusal(
                self.source, event.start_mark, f"the document holds more than {MAX_VALUES:,} values"
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _refusal(
                    self.source, event.start_mark, f"lists and mappings nest more than {MAX_DEPTH} deep"
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _refusal(source: str, mark: yaml.Mark, message: str) -> ScenarioError:
    return ScenarioError.single(source, f"{message} (scenarios are small)", mark.line + 1, mark.column + 1)


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns nodes into plain data and `Loc`s, with a budget on expanded values against alias bombs."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.budget = MAX_VALUES
        self.loader = yaml.SafeLoader("")
        self.open: list[Node] = []
        """The collections being built, outermost first: an alias to one of them would never end."""

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
        if any(node is outer for outer in self.open):
            raise self.refuse(node, "an alias refers to the list or mapping it is written in (it never ends)")
        if len(self.open) >= MAX_DEPTH:
            raise self.refuse(
                node, f"lists and mappings nest more than {MAX_DEPTH} deep (aliases inside aliases?)"
            )
        self.open.append(node)
        try:
            return self.collection(node)
        finally:
            self.open.pop()

    def collection(self, node: Node) -> tuple[Any, Loc]:
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
        except RecursionError:
            raise self.refuse(node, "a merge key `<<` refers to the mapping it is written in") from None
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
                raise self.refuse(key_node, f"duplicate key {quoted(key)}{where}")
            value, child = self.build(value_node)
            child.key_mark = self.mark(key_node)
            data[key] = value
            children[key] = child
        loc.children = children
        return data, loc

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self.refuse(node, f"tag {quoted(node.tag)} is not allowed (scenarios are plain YAML data)")
        try:
            value = self.loader.construct_object(node, deep=True)
            if isinstance(value, str):
                value.encode("utf-8")  # a lone surrogate (from an escape like "\ud800") is not Unicode text
            return value
        except UnicodeEncodeError:
            raise self.refuse(
                node, "text holds a lone surrogate, which is not Unicode (from an escape?)"
            ) from None
        except (yaml.YAMLError, ValueError, KeyError, AttributeError, TypeError, OverflowError, IndexError):
            # PyYAML's constructors raise plain Python errors for values its resolver accepted, such as
            # the date 2026-02-30, the offset +25:00, `!!float ._` or `!!bool maybe`.
            kind = node.tag.removeprefix(_STD)
            raise self.refuse(node, f"cannot read {quoted(node.value)} as a YAML {kind}") from None

    def expect_tag(self, node: Node, tag: str) -> None:
        if node.tag != tag:
            raise self.refuse(node, f"tag {quoted(node.tag)} is not allowed (scenarios are plain YAML data)")
